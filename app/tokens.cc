#include "app/tokens.h"

#include <capnp/message.h>
#include <openssl/rand.h>

#include <map>

#include "app/command_codec.h"
#include "app/json.h"
#include "core/crypto/sha256.h"
#include "events/events.capnp.h"

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

namespace {

Hash32 HashOfHex(const std::string& hex) {
  Hash32 h{};
  (void)FromHex(hex, &h);
  return h;
}

capnp::Data::Reader DataOf(const Hash32& h) { return capnp::Data::Reader(h.data(), h.size()); }

Status AppendOne(EventStore& store, const ActorRef& by, const std::string& stream,
                 ExpectedVersion expected, capnp::MallocMessageBuilder& message) {
  AppendRequest request;
  request.actor = by;
  request.expectations.push_back({stream, expected});
  request.events.push_back({stream, EncodePayload(message), 0});
  auto appended = store.Append(std::move(request));
  if (!appended) return Fail(appended.error());
  return Ok();
}

}  // namespace

std::string TokenStream(std::string_view hash_hex) { return "token-" + std::string(hash_hex); }

Result<std::string> IssueToken(EventStore& store, const ActorRef& by, const ActorRef& grant,
                               std::string_view label) {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1) {
    return Fail(Code::kRandomFailed, "OpenSSL could not give random bytes");
  }
  const std::string token =
      "btk_" + ToHex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  const Hash32 hash = Sha256({token});
  capnp::MallocMessageBuilder message;
  auto issued = message.initRoot<schema::Event>().initTokenIssued();
  issued.setTokenHash(DataOf(hash));
  issued.setActorId(grant.id);
  issued.setRole(RoleName(grant.role));
  issued.setLabel(std::string(label));
  if (Status s = AppendOne(store, by, TokenStream(ToHex(hash)), ExpectedVersion::NoStream(), message); !s) {
    return Fail(s.error());
  }
  return token;
}

Status RevokeToken(EventStore& store, const ActorRef& by, std::string_view token,
                   std::string_view reason) {
  const std::string hex = TokenHashHex(token);
  const std::string stream = TokenStream(hex);
  auto last = store.ReadStream(stream, UINT64_MAX, Direction::kBackward, 1);
  if (!last) return Fail(last.error());
  if (last->empty()) return Fail(Code::kTokenNotFound, "no such token");
  if (last->front().envelope().getPayload().isTokenRevoked()) {
    return Fail(Code::kTokenAlreadyRevoked, "the token was already revoked");
  }
  capnp::MallocMessageBuilder message;
  auto revoked = message.initRoot<schema::Event>().initTokenRevoked();
  revoked.setTokenHash(DataOf(HashOfHex(hex)));
  revoked.setReason(std::string(reason));
  return AppendOne(store, by, stream, ExpectedVersion::Exactly(last->front().envelope().getVersion()),
                   message);
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

Result<std::vector<TokenInfo>> ListTokens(const EventStore& store) {
  std::vector<TokenInfo> out;
  std::map<std::string, size_t> by_hash;
  Status scan_error = Ok();
  Status scanned = store.ScanLog(1, store.GetHead().position, [&](uint64_t position, std::string_view bytes) {
    auto event = StoredEvent::Decode(bytes);
    if (!event) {
      scan_error = Fail(event.error());
      return false;
    }
    auto payload = event->envelope().getPayload();
    if (payload.isTokenIssued()) {
      auto t = payload.getTokenIssued();
      auto d = t.getTokenHash();
      TokenInfo info;
      info.hash_hex = ToHex(std::string_view(reinterpret_cast<const char*>(d.begin()), d.size()));
      auto role = ParseRole(t.getRole().cStr());
      info.grant = ActorRef{t.getActorId().cStr(), role ? *role : schema::Role::AUDITOR};
      info.label = t.getLabel().cStr();
      info.issued_at_position = position;
      by_hash[info.hash_hex] = out.size();
      out.push_back(std::move(info));
    } else if (payload.isTokenRevoked()) {
      auto d = payload.getTokenRevoked().getTokenHash();
      auto it = by_hash.find(ToHex(std::string_view(reinterpret_cast<const char*>(d.begin()), d.size())));
      if (it != by_hash.end()) out[it->second].revoked = true;
    }
    return true;
  });
  if (!scanned) return Fail(scanned.error());
  if (!scan_error) return Fail(scan_error.error());
  return out;
}

}  // namespace bitacora::app
