// API tokens and notes: the supervisor's commands that used to write past the handler.
#include <capnp/schema.h>

#include "core/crypto/sha256.h"
#include "core/json/control_escapes.h"
#include "core/domain/decide_internal.h"

namespace bitacora::domain::deciders {

std::string RoleSchemaName(schema::Role role) {
  for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
    if (e.getOrdinal() == static_cast<uint16_t>(role)) return e.getProto().getName().cStr();
  }
  return std::to_string(static_cast<int>(role));
}

namespace {

capnp::Data::Reader DataOf(const Hash32& h) { return capnp::Data::Reader(h.data(), h.size()); }

}  // namespace

Result<Decision> IssueToken(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getIssueToken();
  const std::string hash = p.getTokenHash().cStr();
  Hash32 bytes{};
  if (hash.empty()) return Fail(Code::kFieldRequired, "Falta el hash de la credencial.");
  if (!IsHashHex(hash) || !FromHex(hash, &bytes)) {
    return Fail(Code::kValueOutOfRange,
                "El hash de la credencial debe ser un SHA-256 en 64 dígitos hexadecimales.");
  }
  if (Status s = Require(p.getActorId().cStr(), "quién actúa con la credencial"); !s) {
    return Fail(s.error());
  }
  // The ledger's own role acts only from inside the ledger (checkpoints, imports): no credential.
  if (p.getRole() == schema::Role::SYSTEM) {
    return Fail(Code::kTokenRoleRefused,
                "No se emiten credenciales con el rol system: es el del propio registro, no el de una persona.");
  }
  // Escape sequences or line breaks in a name would forge lines in terminals, logs and reports.
  if (HasControls(p.getActorId().cStr()) || HasControls(p.getLabel().cStr())) {
    return Fail(Code::kControlCharacters,
                "El identificador y la etiqueta de la credencial no pueden llevar caracteres de control "
                "(secuencias de escape, saltos de línea ni tabuladores).");
  }
  if (w.token.exists) {
    return Fail(Code::kTokenExists, "Ya se emitió una credencial con ese hash.");
  }
  Decision d;
  auto e = d.Emit(TokenStream(hash), ctx.occurred_at_ns).initTokenIssued();
  e.setTokenHash(DataOf(bytes));
  e.setActorId(p.getActorId());
  e.setRole(RoleSchemaName(p.getRole()));
  e.setLabel(p.getLabel());
  return d;
}

Result<Decision> RevokeToken(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRevokeToken();
  const std::string hash = p.getTokenHash().cStr();
  Hash32 bytes{};
  if (!IsHashHex(hash) || !FromHex(hash, &bytes) || !w.token.exists) {
    return Fail(Code::kTokenNotFound, "no such token");
  }
  if (w.token.revoked) return Fail(Code::kTokenAlreadyRevoked, "the token was already revoked");
  Decision d;
  auto e = d.Emit(TokenStream(hash), ctx.occurred_at_ns).initTokenRevoked();
  e.setTokenHash(DataOf(bytes));
  e.setReason(p.getReason());
  return d;
}

Result<Decision> RecordNote(const World&, C::Reader c, const Context& ctx) {
  auto p = c.getRecordNote();
  const std::string stream = p.getStream().cStr();
  if (Status s = Require(stream, "el flujo (stream) de la nota"); !s) return Fail(s.error());
  if (Status s = Require(p.getText().cStr(), "el texto de la nota"); !s) return Fail(s.error());
  if (stream.starts_with(kTokenStreamPrefix)) {
    return Fail(Code::kStreamReserved, "El flujo " + stream +
                                           " es de una credencial: solo lo escriben la emisión "
                                           "y la revocación de credenciales.");
  }
  if (stream.starts_with(kUserStreamPrefix) || stream == kSignInStream) {
    return Fail(Code::kStreamReserved, "El flujo " + stream +
                                           " es de un usuario: solo lo escriben los comandos "
                                           "de usuarios.");
  }
  Decision d;
  d.Emit(stream, ctx.occurred_at_ns).initNoteRecorded().setText(p.getText());
  return d;
}

}  // namespace bitacora::domain::deciders
