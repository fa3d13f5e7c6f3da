// API tokens: random bearer tokens whose SHA-256 (never the token) is kept in the log, in stream
// "token-<hash hex>": tokenIssued names the actor and role, tokenRevoked ends it. Issuing and
// revoking are supervisor commands (issueToken, revokeToken) run by the command handler like
// every desk action; the token's text is made here and never leaves this process but to its
// caller. Listing reads the tokens view (projections/tokens_view.cc). Authenticating reads the
// token stream's last event, so a revocation takes effect at once.
#ifndef BITACORA_APP_TOKENS_H_
#define BITACORA_APP_TOKENS_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/append/append.h"
#include "core/handler/command_handler.h"
#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/views.h"

namespace bitacora::app {

struct TokenInfo {
  std::string hash_hex;  // SHA-256 of the token, hex
  ActorRef grant;        // who acts with it, and as what
  std::string label;
  uint64_t issued_at_position = 0;
  bool revoked = false;
};

// Runs a command as `actor`: CommandHandler::Handle, or what a server was given to run them.
using CommandRunner =
    std::function<Result<CommandOutcome>(const ActorRef& actor, schema::Command::Reader command)>;

// The SHA-256 (hex) of a token given as its text, or the argument itself when it already is 64
// lowercase hex digits (a hash).
std::string TokenHashHex(std::string_view token_or_hash);

// `tokens` as a JSON array of api.capnp's TokenEntry: what `GET /v1/tokens` and `bitacora token
// list --json` print. Thread-safe.
std::string TokenListJson(const std::vector<TokenInfo>& tokens);

// The tokens in such an array. kInvalidArgument "bad_json" when it is not one (an entry lacking a
// member, a role this build does not name). Thread-safe.
[[nodiscard]] Result<std::vector<TokenInfo>> TokenListFromJson(std::string_view json);

// The answer to POST /v1/tokens (api.capnp's TokenIssuedAnswer): the token's text once, and whom
// it is for. Thread-safe.
std::string TokenIssuedJson(std::string_view token, const ActorRef& grant);

// The token's text in such an answer. kInvalidArgument "bad_json" when it is not one, or its
// token is not "btk_" and 64 hex digits. Thread-safe.
[[nodiscard]] Result<std::string> TokenIssuedFromJson(std::string_view json);

// The body of a POST /v1/tokens (api.capnp's TokenRequest), as the CLI sends it; `role` as the
// person typed it (the server names a wrong one). Thread-safe.
std::string TokenRequestJson(std::string_view actor_id, std::string_view role, std::string_view label);

// The answer to DELETE /v1/tokens/{hash} (api.capnp's RevokedAnswer): {"revoked":true}.
std::string RevokedJson();

// What a POST /v1/tokens body asks for (api.capnp's TokenRequest).
struct TokenGrantRequest {
  ActorRef grant;
  std::string label;
};

// Decodes a POST /v1/tokens body strictly (app/request_codec.h): kInvalidArgument "bad_json" or
// "bad_text" as DecodeRequest refuses; "bad_role" for a role that is not one; "bad_json" when
// actorId is empty. Thread-safe.
[[nodiscard]] Result<TokenGrantRequest> TokenRequestFromJson(std::string_view json);

// The credential a token acts with, as every event it produces records it: "token:" and the
// first 16 hex digits of its SHA-256 (64 bits: enough to tell a desk's tokens apart, and the
// prefix `bitacora token list` shows; never the secret). Pure.
std::string CredentialOfToken(std::string_view hash_hex);

// The stream of a token hash: "token-<hex>".
std::string TokenStream(std::string_view hash_hex);

// Makes a token for `grant` ("btk_" and 64 random hex digits), has `by` issue it (issueToken:
// tokenIssued with its SHA-256) and returns the token's text, which is never stored. The
// handler's errors: not_allowed_for_role unless `by` is a supervisor (nothing appended), store
// errors.
[[nodiscard]] Result<std::string> IssueToken(const CommandRunner& run, const ActorRef& by,
                                             const ActorRef& grant, std::string_view label);
[[nodiscard]] Result<std::string> IssueToken(CommandHandler& handler, const ActorRef& by,
                                             const ActorRef& grant, std::string_view label);

// Has `by` revoke the token given as its text or its hash (revokeToken: tokenRevoked).
// kNotFound "token_not_found"; kRefused "token_already_revoked"; not_allowed_for_role.
[[nodiscard]] Status RevokeToken(const CommandRunner& run, const ActorRef& by,
                                 std::string_view token, std::string_view reason);
[[nodiscard]] Status RevokeToken(CommandHandler& handler, const ActorRef& by,
                                 std::string_view token, std::string_view reason);

// Whether `token` has a token's form: "btk_" and 64 more characters. Pure.
bool HasTokenForm(std::string_view token);

// Who the token `token` acts as. kUnauthenticated "bad_token" when unknown, "token_revoked"
// when revoked. Thread-safe as the store is.
[[nodiscard]] Result<ActorRef> Authenticate(const EventStore& store, std::string_view token);

// Every token ever issued, in the order issued, with whether it is revoked: the tokens view as
// of `views`' checkpoint.
[[nodiscard]] Result<std::vector<TokenInfo>> ListTokens(const projections::ViewReader& views);

}  // namespace bitacora::app

#endif  // BITACORA_APP_TOKENS_H_
