// Users who sign in with a password: the supervisor creates them, changes their role, resets
// their password and disables them. The password never reaches the ledger: the shim hashes it
// (app/users.cc) and the command carries the Argon2id encoded hash.
#include <string>

#include "core/domain/decide_internal.h"

namespace bitacora::domain::deciders {
namespace {

// An Argon2id encoded hash as libargon2 writes it: "$argon2id$v=19$m=..,t=..,p=..$salt$hash".
bool IsArgon2idEncoded(std::string_view hash) {
  constexpr std::string_view kPrefix = "$argon2id$v=19$m=";
  if (!hash.starts_with(kPrefix)) return false;
  for (char ch : hash) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
                    ch == '$' || ch == '=' || ch == ',' || ch == '+' || ch == '/';
    if (!ok) return false;
  }
  int dollars = 0;
  for (char ch : hash) dollars += ch == '$' ? 1 : 0;
  return dollars == 5;
}

Status CheckUsername(const std::string& username) {
  if (IsUsername(username)) return Ok();
  return Fail(Code::kUsernameMalformed,
              "El nombre de usuario '" + username +
                  "' no es válido: de 3 a 32 letras minúsculas, dígitos, puntos o guiones.");
}

Status CheckPasswordHash(std::string_view hash) {
  if (IsArgon2idEncoded(hash)) return Ok();
  return Fail(Code::kPasswordHashMalformed,
              "La contraseña debe llegar como hash Argon2id ($argon2id$v=19$...): use "
              "`bitacora user` o la API de usuarios, que la cifran antes de registrarla.");
}

Status CheckRole(schema::Role role) {
  if (role != schema::Role::SYSTEM) return Ok();
  return Fail(Code::kUserRoleRefused,
              "Un usuario no puede tener el rol system: es el del propio registro, no el de una persona.");
}

// The user exists and is not disabled.
Status CheckActive(const World& w, const std::string& username) {
  if (Status s = CheckUsername(username); !s) return s;
  if (!w.user.exists) {
    return Fail(Code::kUserNotFound, "No existe el usuario " + username + ".");
  }
  if (w.user.disabled) {
    return Fail(Code::kUserDisabled, "El usuario " + username + " fue dado de baja.");
  }
  return Ok();
}

}  // namespace

Result<Decision> CreateUser(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getCreateUser();
  const std::string username = p.getUsername().cStr();
  if (Status s = CheckUsername(username); !s) return Fail(s.error());
  if (Status s = Require(p.getFullName().cStr(), "el nombre completo del usuario"); !s) {
    return Fail(s.error());
  }
  if (Status s = CheckRole(p.getRole()); !s) return Fail(s.error());
  if (Status s = CheckPasswordHash(p.getPasswordHash().cStr()); !s) return Fail(s.error());
  if (w.user.exists) {
    return Fail(Code::kUserAlreadyExists, "Ya existe el usuario " + username +
                                              " (aunque esté dado de baja); elija otro nombre.");
  }
  Decision d;
  auto e = d.Emit(UserStream(username), ctx.occurred_at_ns).initUserCreated();
  e.setUsername(username);
  e.setFullName(p.getFullName());
  e.setRole(RoleSchemaName(p.getRole()));
  e.setAgency(p.getAgency());
  e.setWindow(p.getWindow());
  e.setPasswordHash(p.getPasswordHash());
  return d;
}

Result<Decision> ChangeUserRole(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getChangeUserRole();
  const std::string username = p.getUsername().cStr();
  if (Status s = CheckActive(w, username); !s) return Fail(s.error());
  if (Status s = CheckRole(p.getRole()); !s) return Fail(s.error());
  Decision d;
  auto e = d.Emit(UserStream(username), ctx.occurred_at_ns).initUserRoleChanged();
  e.setUsername(username);
  e.setRole(RoleSchemaName(p.getRole()));
  e.setPreviousRole(w.user.role);
  return d;
}

Result<Decision> ResetUserPassword(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getResetUserPassword();
  const std::string username = p.getUsername().cStr();
  if (Status s = CheckActive(w, username); !s) return Fail(s.error());
  if (Status s = CheckPasswordHash(p.getPasswordHash().cStr()); !s) return Fail(s.error());
  Decision d;
  auto e = d.Emit(UserStream(username), ctx.occurred_at_ns).initUserPasswordReset();
  e.setUsername(username);
  e.setPasswordHash(p.getPasswordHash());
  return d;
}

Result<Decision> DisableUser(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getDisableUser();
  const std::string username = p.getUsername().cStr();
  if (Status s = CheckActive(w, username); !s) return Fail(s.error());
  Decision d;
  auto e = d.Emit(UserStream(username), ctx.occurred_at_ns).initUserDisabled();
  e.setUsername(username);
  e.setReason(p.getReason());
  return d;
}

Result<Decision> RecordSignIn(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRecordSignIn();
  const std::string username = p.getUsername().cStr();
  Decision d;
  if (p.getSucceeded()) {
    if (Status s = CheckActive(w, username); !s) return Fail(s.error());
    auto e = d.Emit(UserStream(username), ctx.occurred_at_ns).initSignedIn();
    e.setUsername(username);
    e.setAddress(p.getAddress());
    e.setSession(p.getSession());
    return d;
  }
  const std::string stream = w.user.exists ? UserStream(username) : std::string(kSignInStream);
  auto e = d.Emit(stream, ctx.occurred_at_ns).initSignInFailed();
  e.setUsername(username);
  e.setAddress(p.getAddress());
  e.setReason(p.getReason());
  return d;
}

}  // namespace bitacora::domain::deciders
