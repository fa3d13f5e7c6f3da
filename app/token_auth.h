// Authentication of bearer tokens for `bitacora serve`, with a memory of tokens already checked.
// Issuing and revoking a token both append to its stream, so an answer is reused only while the
// stream's version is unchanged: a revocation takes effect at the next request, as without the
// memory, and a request with a known token costs one point read instead of reading its last event.
#ifndef BITACORA_APP_TOKEN_AUTH_H_
#define BITACORA_APP_TOKEN_AUTH_H_

#include <cstdint>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"
#include "core/append/append.h"
#include "core/store/event_store.h"

namespace bitacora::app {

class TokenAuthenticator {
 public:
  // `store` must outlive the authenticator. At most `max_entries` tokens are remembered (all are
  // forgotten when it is full); only tokens that authenticated are.
  explicit TokenAuthenticator(const EventStore& store, size_t max_entries = 4096)
      : store_(store), max_entries_(max_entries) {}
  TokenAuthenticator(const TokenAuthenticator&) = delete;
  TokenAuthenticator& operator=(const TokenAuthenticator&) = delete;

  // As app::Authenticate (tokens.h): who `token` acts as, or kUnauthenticated "bad_token" /
  // "token_revoked". Thread-safe.
  [[nodiscard]] Result<ActorRef> Authenticate(std::string_view token) const;

  // How many tokens are remembered (tests). Thread-safe.
  size_t remembered() const;

 private:
  struct Entry {
    uint64_t version;  // of the token's stream when `actor` was read
    ActorRef actor;
  };
  const EventStore& store_;
  size_t max_entries_;
  mutable std::shared_mutex mu_;
  mutable std::unordered_map<std::string, Entry> entries_;  // by token stream
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_TOKEN_AUTH_H_
