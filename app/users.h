// Users who sign in with a password: the supervisor's commands createUser, changeUserRole,
// resetUserPassword and disableUser, sent through the command handler like every desk action,
// on stream "user-<username>". The password is hashed HERE with Argon2id (libargon2) and only its
// encoded hash ("$argon2id$v=19$m=...") reaches the command and the log, as only a token's
// SHA-256 does (app/tokens.h). Listing reads the users view (projections/users_view.cc), which
// never answers a hash.
#ifndef BITACORA_APP_USERS_H_
#define BITACORA_APP_USERS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/tokens.h"
#include "core/append/append.h"
#include "core/handler/command_handler.h"
#include "core/result.h"
#include "projections/views.h"

namespace bitacora::app {

// The fewest characters (Unicode code points) a password has, and the most bytes it may have.
inline constexpr size_t kMinPasswordChars = 10;
inline constexpr size_t kMaxPasswordBytes = 1024;

// What the supervisor gives for a new user (the password apart).
struct NewUser {
  std::string username;   // 3 to 32 of a-z, 0-9, '.', '-'
  std::string full_name;
  schema::Role role = schema::Role::PLATFORM;
  std::string agency;     // optional
  std::string window;     // optional
};

// One user as the users view has it: what GET /v1/users answers (api.capnp's UserEntry).
struct UserInfo {
  std::string username;
  std::string full_name;
  schema::Role role = schema::Role::PLATFORM;
  std::string agency;
  std::string window;
  bool disabled = false;
  std::string created_at;  // La Paz time of userCreated
  std::string updated_at;  // La Paz time of the user's latest event
};

// The Argon2id encoded hash of `password` with a fresh random salt (m=19 MiB, t=2, p=1: OWASP's
// recommended minimum). kInvalidArgument "password_too_short" under kMinPasswordChars characters,
// "field_too_long" over kMaxPasswordBytes bytes; kInternal "random_failed" without randomness.
// Thread-safe.
[[nodiscard]] Result<std::string> HashPassword(std::string_view password);

// Whether `password` is the one `encoded` (an Argon2id encoded hash) was made from, compared in
// constant time by argon2id_verify. False for a malformed hash. Thread-safe.
bool VerifyPassword(std::string_view encoded, std::string_view password);

// A runner that sends commands to `handler` (its Handle). `handler` must outlive it.
CommandRunner RunnerOf(CommandHandler& handler);

// Has `by` create `user` with `password` (createUser: userCreated with the password's hash).
// password_too_short (nothing sent); the handler's refusals: username_malformed,
// user_already_exists, user_role_refused, field_required, not_allowed_for_role unless `by` is a
// supervisor. Returns the handler's outcome.
[[nodiscard]] Result<CommandOutcome> CreateUser(const CommandRunner& run, const ActorRef& by,
                                                const NewUser& user, std::string_view password);

// Has `by` give `username` the role `role` (changeUserRole: userRoleChanged). user_not_found,
// user_disabled, user_role_refused, username_malformed, not_allowed_for_role.
[[nodiscard]] Result<CommandOutcome> ChangeUserRole(const CommandRunner& run, const ActorRef& by,
                                                    std::string_view username, schema::Role role);

// Has `by` give `username` a new password (resetUserPassword: userPasswordReset with its hash).
// password_too_short (nothing sent), user_not_found, user_disabled, not_allowed_for_role.
[[nodiscard]] Result<CommandOutcome> ResetUserPassword(const CommandRunner& run, const ActorRef& by,
                                                       std::string_view username,
                                                       std::string_view password);

// Has `by` disable `username` for good (disableUser: userDisabled). user_not_found,
// user_disabled (already), not_allowed_for_role.
[[nodiscard]] Result<CommandOutcome> DisableUser(const CommandRunner& run, const ActorRef& by,
                                                 std::string_view username, std::string_view reason);

// Every user created, by username: the users view as of `views`' checkpoint.
[[nodiscard]] Result<std::vector<UserInfo>> ListUsers(const projections::ViewReader& views);

// `users` as a JSON array of api.capnp's UserEntry: what `GET /v1/users` and `bitacora user list
// --json` print. Thread-safe.
std::string UserListJson(const std::vector<UserInfo>& users);

// The users in such an array. kInvalidArgument "bad_json" when it is not one. Thread-safe.
[[nodiscard]] Result<std::vector<UserInfo>> UserListFromJson(std::string_view json);

}  // namespace bitacora::app

#endif  // BITACORA_APP_USERS_H_
