#include "app/sessions.h"

#include <capnp/message.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "app/command_codec.h"
#include "app/users.h"
#include "core/crypto/sha256.h"
#include "core/domain/ids.h"
#include "events/commands.capnp.h"

namespace bitacora::app {
namespace {

int64_t SystemNow() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::string> RandomHex32() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  }
  return ToHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string IdHash(std::string_view id) { return ToHex(Sha256({id})); }

Error SignInFailed() {
  return MakeError(Code::kSignInFailed, "Usuario o contraseña incorrectos.");
}

Error SessionInvalid(const std::string& why) { return MakeError(Code::kSessionInvalid, why); }

}  // namespace

SessionStore::SessionStore(const EventStore& store, CommandRunner record, SessionOptions options,
                           Clock clock)
    : store_(store),
      record_(std::move(record)),
      options_(options),
      clock_(clock ? std::move(clock) : Clock(SystemNow)) {}

Result<domain::UserState> SessionStore::User(const std::string& username) {
  const std::string stream = domain::UserStream(username);
  auto version = store_.StreamVersion(stream);
  if (!version) return Fail(version.error());
  {
    std::lock_guard lock(mu_);
    auto it = users_.find(username);
    if (it != users_.end() && it->second.version == *version) return it->second.state;
  }
  domain::UserState state;
  uint64_t read = 0;
  for (uint64_t from = 1; read < *version;) {
    auto events = store_.ReadStream(stream, from, Direction::kForward, 256);
    if (!events) return Fail(events.error());
    if (events->empty()) break;
    for (const StoredEvent& e : *events) {
      auto env = e.envelope();
      domain::Evolve(state, domain::EventMeta{env.getPosition(), env.getRecordedAtNs(),
                                              env.getOccurredAtNs()},
                     env.getPayload());
    }
    read += events->size();
    from += events->size();
  }
  std::lock_guard lock(mu_);
  users_.insert_or_assign(username, CachedUser{*version, state});
  return state;
}

bool SessionStore::Limited(const std::string& key, int64_t now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  auto& times = it->second;
  while (!times.empty() && times.front() <= now - options_.window.count()) times.pop_front();
  if (times.empty()) {
    failures_.erase(it);
    return false;
  }
  return times.size() >= options_.max_failures;
}

void SessionStore::Sweep(int64_t now) {
  std::erase_if(sessions_, [&](const auto& entry) {
    return now - entry.second.last_seen_ns > options_.idle.count();
  });
  if (failures_.size() <= 1024) return;
  std::erase_if(failures_, [&](const auto& entry) {
    return entry.second.empty() || entry.second.back() <= now - options_.window.count();
  });
}

void SessionStore::CountFailure(const std::string& key, int64_t now) { failures_[key].push_back(now); }

Status SessionStore::Record(std::string_view username, bool succeeded, std::string_view address,
                            std::string_view reason, std::string_view credential) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  const std::string id = NewCommandId();
  if (id.empty()) return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  command.setCommandId("sign-in-" + id);
  auto r = command.initRecordSignIn();
  r.setUsername(std::string(username));
  r.setSucceeded(succeeded);
  r.setAddress(std::string(address.substr(0, 64)));
  r.setReason(std::string(reason));
  r.setSession(std::string(credential));
  auto outcome = record_(ActorRef{std::string(kSessionsActorId), schema::Role::SYSTEM}, command.asReader());
  if (!outcome) return Fail(outcome.error());
  return Ok();
}

Result<NewSession> SessionStore::SignIn(std::string_view username, std::string_view password,
                                        std::string_view address) {
  const int64_t now = clock_();
  const std::string name(username);
  const std::string user_key = "u:" + name;
  const std::string address_key = "a:" + std::string(address);
  {
    std::lock_guard lock(mu_);
    if (Limited(user_key, now) || Limited(address_key, now)) {
      return Fail(Code::kSignInRateLimited,
                  "Demasiados intentos fallidos de ingreso; espere unos minutos y vuelva a intentar.");
    }
  }
  // Why it failed, as signInFailed records it; empty: it did not.
  std::string failure;
  domain::UserState user;
  if (!domain::IsUsername(name)) {
    failure = "username_malformed";
  } else {
    auto state = User(name);
    if (!state) return Fail(state.error());
    user = std::move(*state);
    if (!user.exists) {
      failure = "user_not_found";
    } else if (user.disabled) {
      failure = "user_disabled";
    } else if (!VerifyPassword(user.password_hash, password)) {
      failure = "wrong_password";
    }
  }
  if (!failure.empty()) {
    {
      std::lock_guard lock(mu_);
      Sweep(now);
      CountFailure(user_key, now);
      CountFailure(address_key, now);
    }
    // A malformed username is not written to the log as typed: it could be anything.
    const std::string recorded = failure == "username_malformed" ? "" : name;
    if (Status s = Record(recorded, false, address, failure, ""); !s) return Fail(s.error());
    return Fail(SignInFailed());
  }
  auto role = ParseRole(user.role);
  if (!role) return Fail(role.error());
  auto id = RandomHex32();
  if (!id) return Fail(id.error());
  auto csrf = RandomHex32();
  if (!csrf) return Fail(csrf.error());
  const std::string credential = CredentialOfSession(*id);
  if (Status s = Record(name, true, address, "", credential); !s) return Fail(s.error());
  std::lock_guard lock(mu_);
  Sweep(now);
  sessions_.insert_or_assign(IdHash(*id), Session{name, *csrf, now});
  return NewSession{*id, *csrf, ActorRef{name, *role, credential}};
}

Result<SessionActor> SessionStore::Authenticate(std::string_view id) {
  const int64_t now = clock_();
  const std::string key = IdHash(id);
  Session session;
  {
    std::lock_guard lock(mu_);
    auto it = sessions_.find(key);
    if (it == sessions_.end()) return Fail(SessionInvalid("La sesión no existe o ya terminó; ingrese de nuevo."));
    if (now - it->second.last_seen_ns > options_.idle.count()) {
      sessions_.erase(it);
      return Fail(SessionInvalid("La sesión terminó por inactividad; ingrese de nuevo."));
    }
    it->second.last_seen_ns = now;
    session = it->second;
  }
  auto user = User(session.username);
  if (!user) return Fail(user.error());
  auto role = ParseRole(user->role);
  if (!user->exists || user->disabled || !role) {
    SignOut(id);
    return Fail(SessionInvalid("El usuario fue dado de baja; la sesión terminó."));
  }
  return SessionActor{ActorRef{session.username, *role, CredentialOfSession(id)}, session.csrf};
}

void SessionStore::SignOut(std::string_view id) {
  std::lock_guard lock(mu_);
  sessions_.erase(IdHash(id));
}

size_t SessionStore::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

bool CsrfMatches(const SessionActor& session, std::string_view sent) {
  return !sent.empty() && sent.size() == session.csrf.size() &&
         CRYPTO_memcmp(sent.data(), session.csrf.data(), sent.size()) == 0;
}

std::string CredentialOfSession(std::string_view id) {
  return "session:" + IdHash(id).substr(0, 16);
}

std::string CookieValue(std::string_view header, std::string_view name) {
  size_t at = 0;
  while (at < header.size()) {
    size_t end = header.find(';', at);
    if (end == std::string_view::npos) end = header.size();
    std::string_view pair = header.substr(at, end - at);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    at = end + 1;
  }
  return "";
}

std::string SessionCookie(std::string_view id, bool secure) {
  std::string cookie = std::string(kSessionCookie) + "=" + std::string(id) +
                       "; HttpOnly; SameSite=Strict; Path=/";
  if (id.empty()) cookie += "; Max-Age=0";
  if (secure) cookie += "; Secure";
  return cookie;
}

}  // namespace bitacora::app
