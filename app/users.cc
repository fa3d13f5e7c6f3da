#include "app/users.h"

#include <argon2.h>
#include <capnp/message.h>
#include <openssl/rand.h>

#include "app/answer_arrays.h"
#include "app/answer_codec.h"
#include "app/command_codec.h"
#include "app/views_json.h"
#include "events/api.capnp.h"
#include "events/commands.capnp.h"

namespace bitacora::app {
namespace {

// Argon2id cost: 19 MiB of memory, 2 passes, 1 lane; 16 bytes of salt, 32 of hash.
constexpr uint32_t kMemoryKiB = 19 * 1024;
constexpr uint32_t kPasses = 2;
constexpr uint32_t kLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;

// Unicode code points in UTF-8 text: the bytes that do not continue a sequence.
size_t CodePoints(std::string_view text) {
  size_t n = 0;
  for (unsigned char ch : text) n += (ch & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

Status CheckPassword(std::string_view password) {
  if (CodePoints(password) < kMinPasswordChars) {
    return Fail(Code::kPasswordTooShort, "La contraseña debe tener al menos " +
                                             std::to_string(kMinPasswordChars) + " caracteres.");
  }
  if (password.size() > kMaxPasswordBytes) {
    return Fail(Code::kFieldTooLong, "La contraseña admite hasta " +
                                         std::to_string(kMaxPasswordBytes) + " bytes.");
  }
  return Ok();
}

// A fresh command id for a user command ("user-<verb>-<random>"): each is an act of its own.
Result<std::string> UserCommandId(std::string_view verb) {
  std::string id = NewCommandId();
  if (id.empty()) return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  return "user-" + std::string(verb) + "-" + id;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  if (Status s = CheckPassword(password); !s) return Fail(s.error());
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) {
    return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  }
  std::string encoded(argon2_encodedlen(kPasses, kMemoryKiB, kLanes, kSaltBytes, kHashBytes,
                                        Argon2_id),
                      '\0');
  const int rc = argon2id_hash_encoded(kPasses, kMemoryKiB, kLanes, password.data(),
                                       password.size(), salt, sizeof salt, kHashBytes,
                                       encoded.data(), encoded.size());
  if (rc != ARGON2_OK) {
    return Fail(Code::kRandomFailed, std::string("Argon2id failed: ") + argon2_error_message(rc));
  }
  encoded.resize(encoded.find('\0'));
  return encoded;
}

bool VerifyPassword(std::string_view encoded, std::string_view password) {
  const std::string text(encoded);  // argon2id_verify reads a NUL-terminated string
  return argon2id_verify(text.c_str(), password.data(), password.size()) == ARGON2_OK;
}

CommandRunner RunnerOf(CommandHandler& handler) {
  return [&handler](const ActorRef& actor, schema::Command::Reader command) {
    return handler.Handle(actor, command);
  };
}

Result<CommandOutcome> CreateUser(const CommandRunner& run, const ActorRef& by, const NewUser& user,
                                  std::string_view password) {
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  auto id = UserCommandId("create");
  if (!id) return Fail(id.error());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId(*id);
  auto create = command.initCreateUser();
  create.setUsername(user.username);
  create.setFullName(user.full_name);
  create.setRole(user.role);
  create.setAgency(user.agency);
  create.setWindow(user.window);
  create.setPasswordHash(*hash);
  return run(by, command.asReader());
}

Result<CommandOutcome> ChangeUserRole(const CommandRunner& run, const ActorRef& by,
                                      std::string_view username, schema::Role role) {
  auto id = UserCommandId("role");
  if (!id) return Fail(id.error());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId(*id);
  auto change = command.initChangeUserRole();
  change.setUsername(std::string(username));
  change.setRole(role);
  return run(by, command.asReader());
}

Result<CommandOutcome> ResetUserPassword(const CommandRunner& run, const ActorRef& by,
                                         std::string_view username, std::string_view password) {
  auto hash = HashPassword(password);
  if (!hash) return Fail(hash.error());
  auto id = UserCommandId("reset");
  if (!id) return Fail(id.error());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId(*id);
  auto reset = command.initResetUserPassword();
  reset.setUsername(std::string(username));
  reset.setPasswordHash(*hash);
  return run(by, command.asReader());
}

Result<CommandOutcome> DisableUser(const CommandRunner& run, const ActorRef& by,
                                   std::string_view username, std::string_view reason) {
  auto id = UserCommandId("disable");
  if (!id) return Fail(id.error());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId(*id);
  auto disable = command.initDisableUser();
  disable.setUsername(std::string(username));
  disable.setReason(std::string(reason));
  return run(by, command.asReader());
}

Result<std::vector<UserInfo>> ListUsers(const projections::ViewReader& views) {
  auto records = views.Users();
  if (!records) return Fail(records.error());
  std::vector<UserInfo> out;
  out.reserve(records->size());
  for (const projections::UserRecord& r : *records) {
    auto role = ParseRole(r.state.role);
    out.push_back(UserInfo{r.state.username, r.state.full_name,
                           role ? *role : schema::Role::AUDITOR, r.state.agency, r.state.window,
                           r.state.disabled, LaPazTime(r.state.created_at_ns),
                           LaPazTime(r.state.updated_at_ns)});
  }
  return out;
}

std::string UserListJson(const std::vector<UserInfo>& users) {
  std::vector<std::string> entries;
  entries.reserve(users.size());
  for (const UserInfo& u : users) {
    OwnedAnswer entry(capnp::Schema::from<schema::UserEntry>());
    auto e = entry.root().as<schema::UserEntry>();
    e.setUsername(u.username);
    e.setFullName(u.full_name);
    e.setRole(u.role);
    e.setAgency(u.agency);
    e.setWindow(u.window);
    e.setDisabled(u.disabled);
    e.setCreatedAt(u.created_at);
    e.setUpdatedAt(u.updated_at);
    entries.push_back(entry.Json());
  }
  return JoinJsonArray(entries);
}

Result<std::vector<UserInfo>> UserListFromJson(std::string_view json) {
  auto entries = SplitJsonArray(json);
  if (!entries) return Fail(entries.error());
  std::vector<UserInfo> out;
  out.reserve(entries->size());
  for (const std::string& text : *entries) {
    auto entry = OwnedAnswer::FromJson(capnp::Schema::from<schema::UserEntry>(), text);
    if (!entry) return Fail(entry.error());
    auto e = entry->reader().as<schema::UserEntry>();
    out.push_back(UserInfo{e.getUsername(), e.getFullName(), e.getRole(), e.getAgency(),
                           e.getWindow(), e.getDisabled(), e.getCreatedAt(), e.getUpdatedAt()});
  }
  return out;
}

}  // namespace bitacora::app
