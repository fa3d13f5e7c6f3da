// Sessions of the users who sign in with a password (issue #17), kept in the server's memory.
//
// A sign-in checks the password against the user's Argon2id hash (argon2id_verify, constant
// time), and on success makes a session: a random 32-byte id (the cookie's value; only its SHA-256
// is kept here) and a random CSRF token the client sends back in X-CSRF-Token with every request
// that changes state. A session ends at sign-out, after `idle` without a request, and as soon as
// its user is disabled; each request acts with the user's CURRENT role (the user's stream is read
// again whenever its version moved). Failed sign-ins are limited per username and per client
// address: `max_failures` within `window` refuse further attempts with sign_in_rate_limited until
// the oldest of them leaves the window. Every sign-in that is checked, succeeded or failed, is
// recorded through the command handler (recordSignIn: signedIn or signInFailed) as the ledger's
// own act (role system); the password never is.
#ifndef BITACORA_APP_SESSIONS_H_
#define BITACORA_APP_SESSIONS_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "app/tokens.h"
#include "core/append/append.h"
#include "core/domain/state.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora::app {

// The actor that records sign-ins: the ledger itself.
inline constexpr std::string_view kSessionsActorId = "bitacora-sessions";
// The cookie that carries the session id.
inline constexpr std::string_view kSessionCookie = "bitacora_session";

struct SessionOptions {
  std::chrono::nanoseconds idle = std::chrono::minutes(30);    // --session-idle
  size_t max_failures = 5;                                     // per username, per address
  std::chrono::nanoseconds window = std::chrono::minutes(15);  // of the failures counted
};

// A session just opened: the cookie's value and the CSRF token, each shown only now.
struct NewSession {
  std::string id;    // 64 hex digits: the cookie's value
  std::string csrf;  // 64 hex digits: X-CSRF-Token
  ActorRef actor;    // the user, with the role they have now
};

// Who a session acts as, and the CSRF token its changing requests must carry.
struct SessionActor {
  ActorRef actor;
  std::string csrf;
};

class SessionStore {
 public:
  // The time now, UTC ns (tests inject one; production reads the system clock).
  using Clock = std::function<int64_t()>;

  // `store` must outlive the sessions; `record` runs the recordSignIn commands.
  SessionStore(const EventStore& store, CommandRunner record, SessionOptions options = {},
               Clock clock = nullptr);
  SessionStore(const SessionStore&) = delete;
  SessionStore& operator=(const SessionStore&) = delete;

  // Signs `username` in with `password` from `address`. kUnavailable "sign_in_rate_limited"
  // (nothing checked, nothing recorded) while that username or address is limited;
  // kUnauthenticated "sign_in_failed" for an unknown user, a disabled one or a wrong password
  // (one answer for the three, so that it tells no one which users exist; signInFailed records
  // which). Store errors. Thread-safe.
  [[nodiscard]] Result<NewSession> SignIn(std::string_view username, std::string_view password,
                                          std::string_view address);

  // Who the session with cookie value `id` acts as, refreshing its idle time.
  // kUnauthenticated "session_invalid" for no such session, one idle too long, or one whose user
  // was disabled (the session ends). Thread-safe.
  [[nodiscard]] Result<SessionActor> Authenticate(std::string_view id);

  // Ends the session with cookie value `id` (nothing if there is none). Thread-safe.
  void SignOut(std::string_view id);

  // Sessions kept now (tests). Thread-safe.
  size_t size() const;

 private:
  struct Session {
    std::string username;
    std::string csrf;
    int64_t last_seen_ns = 0;
  };
  struct CachedUser {
    uint64_t version = 0;
    domain::UserState state;
  };

  // The user's state as of the stream's current version (cached while it does not move).
  Result<domain::UserState> User(const std::string& username);
  // Whether `key` has max_failures failures within the window before `now` (old ones dropped).
  bool Limited(const std::string& key, int64_t now);
  void CountFailure(const std::string& key, int64_t now);
  // Forgets sessions idle too long, and (past 1,024 keys) failures out of the window, so that
  // neither map grows without bound. Called with mu_ held.
  void Sweep(int64_t now);
  // Records a sign-in (recordSignIn) as the ledger's own act.
  Status Record(std::string_view username, bool succeeded, std::string_view address,
                std::string_view reason, std::string_view credential);

  const EventStore& store_;
  CommandRunner record_;
  SessionOptions options_;
  Clock clock_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_;  // by SHA-256 (hex) of the id
  std::unordered_map<std::string, std::deque<int64_t>> failures_;  // "u:name" / "a:address"
  std::unordered_map<std::string, CachedUser> users_;
};

// Whether `sent` (the X-CSRF-Token header) is the session's CSRF token; compared in constant
// time. False when empty. Pure.
bool CsrfMatches(const SessionActor& session, std::string_view sent);

// The credential a session acts with, as its events record it: "session:" and the first 16 hex
// digits of the SHA-256 of its id (never the id). Pure.
std::string CredentialOfSession(std::string_view id);

// The value of cookie `name` in a Cookie header ("a=1; bitacora_session=…"); "" if absent. Pure.
std::string CookieValue(std::string_view header, std::string_view name);

// The Set-Cookie value for a new session: HttpOnly, SameSite=Strict, Path=/, and Secure when
// `secure`. The one for signing out (`id` empty) expires the cookie at once. Pure.
std::string SessionCookie(std::string_view id, bool secure);

}  // namespace bitacora::app

#endif  // BITACORA_APP_SESSIONS_H_
