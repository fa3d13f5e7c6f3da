// API tokens: random bearer tokens whose SHA-256 (never the token) is kept in the log, in stream
// "token-<hash hex>": tokenIssued names the actor and role, tokenRevoked ends it. Authenticating
// reads that stream's last event, so a revocation takes effect at once.
#ifndef BITACORA_APP_TOKENS_H_
#define BITACORA_APP_TOKENS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/append/append.h"
#include "core/store/event_store.h"

namespace bitacora::app {

struct TokenInfo {
  std::string hash_hex;  // SHA-256 of the token, hex
  ActorRef grant;        // who acts with it, and as what
  std::string label;
  uint64_t issued_at_position = 0;
  bool revoked = false;
};

// The SHA-256 (hex) of a token given as its text, or the argument itself when it already is 64
// lowercase hex digits (a hash).
std::string TokenHashHex(std::string_view token_or_hash);

// `tokens` as a JSON array of {hash, actorId, role, label, issuedAtPosition, revoked}: what
// `GET /v1/tokens` and `bitacora token list --json` print.
std::string TokenListJson(const std::vector<TokenInfo>& tokens);

// The stream of a token hash: "token-<hex>".
std::string TokenStream(std::string_view hash_hex);

// Creates a token for `grant`, appends tokenIssued (by `by`) and returns the token's text, which
// is never stored: "btk_" and 64 random hex digits. kIOError etc. from the store.
[[nodiscard]] Result<std::string> IssueToken(EventStore& store, const ActorRef& by,
                                             const ActorRef& grant, std::string_view label);

// Revokes the token given as its text or its hash (64 hex digits): appends tokenRevoked.
// kNotFound "token_not_found"; kRefused "token_already_revoked".
[[nodiscard]] Status RevokeToken(EventStore& store, const ActorRef& by, std::string_view token,
                                 std::string_view reason);

// Whether `token` has a token's form: "btk_" and 64 more characters. Pure.
bool HasTokenForm(std::string_view token);

// Who the token `token` acts as. kUnauthenticated "bad_token" when unknown, "token_revoked"
// when revoked. Thread-safe as the store is.
[[nodiscard]] Result<ActorRef> Authenticate(const EventStore& store, std::string_view token);

// Every token ever issued, by log position, with whether it is revoked. Reads the whole log.
[[nodiscard]] Result<std::vector<TokenInfo>> ListTokens(const EventStore& store);

}  // namespace bitacora::app

#endif  // BITACORA_APP_TOKENS_H_
