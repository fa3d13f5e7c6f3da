#include "app/tokens.h"

#include <capnp/message.h>
#include <openssl/rand.h>

#include "app/command_codec.h"
#include "app/answer_arrays.h"
#include "app/answer_codec.h"
#include "app/json.h"
#include "app/request_codec.h"
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
  std::vector<std::string> entries;
  entries.reserve(tokens.size());
  for (const TokenInfo& t : tokens) {
    OwnedAnswer entry(capnp::Schema::from<schema::TokenEntry>());
    auto e = entry.root().as<schema::TokenEntry>();
    e.setHash(t.hash_hex);
    e.setActorId(t.grant.id);
    e.setRole(t.grant.role);
    e.setLabel(t.label);
    e.setIssuedAtPosition(t.issued_at_position);
    e.setRevoked(t.revoked);
    entries.push_back(entry.Json());
  }
  return JoinJsonArray(entries);
}

Result<std::vector<TokenInfo>> TokenListFromJson(std::string_view json) {
  auto entries = SplitJsonArray(json);
  if (!entries) return Fail(entries.error());
  std::vector<TokenInfo> out;
  out.reserve(entries->size());
  for (const std::string& text : *entries) {
    auto entry = OwnedAnswer::FromJson(capnp::Schema::from<schema::TokenEntry>(), text);
    if (!entry) return Fail(entry.error());
    auto e = entry->reader().as<schema::TokenEntry>();
    out.push_back(TokenInfo{e.getHash(), ActorRef{e.getActorId(), e.getRole()}, e.getLabel(),
                            e.getIssuedAtPosition(), e.getRevoked()});
  }
  return out;
}

std::string TokenIssuedJson(std::string_view token, const ActorRef& grant) {
  OwnedAnswer answer(capnp::Schema::from<schema::TokenIssuedAnswer>());
  auto a = answer.root().as<schema::TokenIssuedAnswer>();
  a.setToken(std::string(token));
  a.setActorId(grant.id);
  a.setRole(grant.role);
  return answer.Json();
}

Result<std::string> TokenIssuedFromJson(std::string_view json) {
  auto answer = OwnedAnswer::FromJson(capnp::Schema::from<schema::TokenIssuedAnswer>(), json);
  if (!answer) return Fail(answer.error());
  std::string token = answer->reader().as<schema::TokenIssuedAnswer>().getToken();
  const bool hex = token.size() == 68 && token.rfind("btk_", 0) == 0 &&
                   token.find_first_not_of("0123456789abcdef", 4) == std::string::npos;
  if (!hex) return Fail(Code::kBadJson, "the answer's token is not btk_ and 64 hex digits");
  return token;
}

std::string TokenRequestJson(std::string_view actor_id, std::string_view role, std::string_view label) {
  capnp::MallocMessageBuilder message;
  auto r = message.initRoot<schema::TokenRequest>();
  r.setActorId(std::string(actor_id));
  r.setRole(std::string(role));
  if (!label.empty()) r.setLabel(std::string(label));
  return EncodeAnswer(capnp::toDynamic(r.asReader()));
}

std::string RevokedJson() {
  OwnedAnswer answer(capnp::Schema::from<schema::RevokedAnswer>());
  answer.root().as<schema::RevokedAnswer>().setRevoked(true);
  return answer.Json();
}

Result<TokenGrantRequest> TokenRequestFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<schema::TokenRequest>();
  if (Status decoded = DecodeRequest(json, request); !decoded) return Fail(decoded.error());
  auto r = request.asReader();
  if (r.getActorId().size() == 0) return Fail(Code::kBadJson, "actorId and role are required");
  auto role = ParseRole(r.getRole().cStr());
  if (!role) return Fail(role.error());
  return TokenGrantRequest{ActorRef{r.getActorId(), *role}, r.getLabel()};
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
  const std::string hash_hex = ToHex(Sha256({token}));
  auto last = store.ReadStream(TokenStream(hash_hex), UINT64_MAX, Direction::kBackward, 1);
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
  return ActorRef{payload.getTokenIssued().getActorId().cStr(), *role, CredentialOfToken(hash_hex)};
}

std::string CredentialOfToken(std::string_view hash_hex) {
  return "token:" + std::string(hash_hex.substr(0, 16));
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
