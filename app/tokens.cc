#include "app/tokens.h"

#include <capnp/message.h>
#include <openssl/rand.h>

#include "app/command_codec.h"
#include "app/json.h"
#include "core/crypto/sha256.h"
#include "events/commands.capnp.h"

namespace bitacora::app {

std::string TokenHashHex(std::string_view token_or_hash) {
  if (token_or_hash.size() == 64 &&
      token_or_hash.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
    return std::string(token_or_hash);
  }
  return ToHex(Sha256({token_or_hash}));
}

std::string TokenListJson(const std::vector<TokenInfo>& tokens) {
  JsonWriter w;
  w.BeginArray();
  for (const TokenInfo& t : tokens) {
    w.BeginObject().Field("hash", t.hash_hex).Field("actorId", t.grant.id)
        .Field("role", RoleName(t.grant.role)).Field("label", t.label)
        .Field("issuedAtPosition", t.issued_at_position).Field("revoked", t.revoked).EndObject();
  }
  return w.EndArray().str();
}

std::string TokenStream(std::string_view hash_hex) { return "token-" + std::string(hash_hex); }

namespace {

// A fresh command id: "token-issue-<hash>" is unique as the token is; a revocation gets a random
// one, so that revoking twice is refused (token_already_revoked) instead of replayed.
Result<std::string> RevokeCommandId() {
  std::string id = NewCommandId();
  if (id.empty()) return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  return "token-revoke-" + id;
}

CommandRunner RunnerOf(CommandHandler& handler) {
  return [&handler](const ActorRef& actor, schema::Command::Reader command) {
    return handler.Handle(actor, command);
  };
}

}  // namespace

Result<std::string> IssueToken(const CommandRunner& run, const ActorRef& by, const ActorRef& grant,
                               std::string_view label) {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  }
  const std::string token =
      "btk_" + ToHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  const std::string hash = ToHex(Sha256({token}));
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId("token-issue-" + hash);
  auto issue = command.initIssueToken();
  issue.setTokenHash(hash);
  issue.setActorId(grant.id);
  issue.setRole(grant.role);
  issue.setLabel(std::string(label));
  auto outcome = run(by, command.asReader());
  if (!outcome) return Fail(outcome.error());
  return token;
}

Result<std::string> IssueToken(CommandHandler& handler, const ActorRef& by, const ActorRef& grant,
                               std::string_view label) {
  return IssueToken(RunnerOf(handler), by, grant, label);
}

Status RevokeToken(const CommandRunner& run, const ActorRef& by, std::string_view token,
                   std::string_view reason) {
  auto id = RevokeCommandId();
  if (!id) return Fail(id.error());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId(*id);
  auto revoke = command.initRevokeToken();
  revoke.setTokenHash(TokenHashHex(token));
  revoke.setReason(std::string(reason));
  auto outcome = run(by, command.asReader());
  if (!outcome) return Fail(outcome.error());
  return Ok();
}

Status RevokeToken(CommandHandler& handler, const ActorRef& by, std::string_view token,
                   std::string_view reason) {
  return RevokeToken(RunnerOf(handler), by, token, reason);
}

bool HasTokenForm(std::string_view token) { return token.starts_with("btk_") && token.size() == 68; }

Result<ActorRef> Authenticate(const EventStore& store, std::string_view token) {
  if (!HasTokenForm(token)) {
    return Fail(Code::kBadToken, "the bearer token is not a Bitácora token");
  }
  auto last = store.ReadStream(TokenStream(ToHex(Sha256({token}))), UINT64_MAX, Direction::kBackward, 1);
  if (!last) return Fail(last.error());
  if (last->empty()) return Fail(Code::kBadToken, "unknown token");
  auto payload = last->front().envelope().getPayload();
  if (payload.isTokenRevoked()) {
    return Fail(Code::kTokenRevoked, "the token was revoked");
  }
  if (!payload.isTokenIssued()) {
    return Fail(Code::kBadToken, "unknown token");
  }
  auto role = ParseRole(payload.getTokenIssued().getRole().cStr());
  if (!role) return Fail(Code::kBadToken, "the token's role is unknown");
  return ActorRef{payload.getTokenIssued().getActorId().cStr(), *role};
}

Result<std::vector<TokenInfo>> ListTokens(const projections::ViewReader& views) {
  auto records = views.Tokens();
  if (!records) return Fail(records.error());
  std::vector<TokenInfo> out;
  out.reserve(records->size());
  for (const projections::TokenRecord& r : *records) {
    auto role = ParseRole(r.state.role);
    out.push_back(TokenInfo{r.state.hash_hex,
                            ActorRef{r.state.actor_id, role ? *role : schema::Role::AUDITOR},
                            r.state.label, r.state.issued_at_position, r.state.revoked});
  }
  return out;
}

}  // namespace bitacora::app
