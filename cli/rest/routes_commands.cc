// POST /v1/commands/{name}: the command's fields as JSON, the Idempotency-Key header as its id.
// GET and POST /v1/tokens and DELETE /v1/tokens/{hash}: tokens, by a supervisor.
#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <algorithm>
#include <charconv>
#include <memory>
#include <tuple>

#include "cli/commands/command_flags.h"
#include "cli/rest/command_codec.h"
#include "cli/rest/json.h"
#include "cli/rest/json_checks.h"
#include "cli/rest/routes.h"
#include "cli/rest/tokens.h"
#include "cli/rest/utf8.h"
#include "core/json/unicode_escapes.h"

namespace bitacora::shim {
namespace {

constexpr size_t kMaxIdempotencyKey = 200;

// An Idempotency-Key is echoed as a header of the answer: printable UTF-8 only.
bool PrintableKey(std::string_view key) {
  return IsUtf8(key) && std::none_of(key.begin(), key.end(), [](char c) {
           return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
         });
}

Result<int64_t> OccurredAt(const httplib::Request& req) {
  if (!req.has_param("occurred_at_ns")) return int64_t{0};
  const std::string text = req.get_param_value("occurred_at_ns");
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0) {
    return Fail(ErrorKind::kInvalidArgument, "bad_occurred_at", "occurred_at_ns must be UTC nanoseconds");
  }
  return v;
}

void PostCommand(const ServerDeps& deps, const CommandDecoder& decoder, const httplib::Request& req,
                 httplib::Response& res, const ActorRef& actor) {
  const CommandKind* kind = decoder.Find(req.matches[1].str());
  if (!kind) {
    SendError(res, Error{ErrorKind::kNotFound, "unknown_command",
                         "no command named \"" + req.matches[1].str() + "\" (see /v1/openapi.json)"});
    return;
  }
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  if (Status decoded = decoder.Decode(*kind, req.body, command); !decoded) {
    SendError(res, decoded.error());
    return;
  }
  std::string id = req.get_header_value("Idempotency-Key");
  if (id.size() > kMaxIdempotencyKey) {
    SendError(res, Error{ErrorKind::kInvalidArgument, "bad_idempotency_key",
                         "Idempotency-Key is longer than 200 characters"});
    return;
  }
  if (!PrintableKey(id)) {
    SendError(res, Error{ErrorKind::kInvalidArgument, "bad_idempotency_key",
                         "Idempotency-Key must be printable UTF-8 text (no control characters)"});
    return;
  }
  if (id.empty()) id = NewCommandId();
  command.setCommandId(id);
  auto occurred = OccurredAt(req);
  if (!occurred) {
    SendError(res, occurred.error());
    return;
  }
  command.setOccurredAtNs(*occurred);
  auto outcome = deps.handle(actor, command.asReader());
  if (!outcome) {
    if (deps.metrics != nullptr) deps.metrics->CountRefusal(outcome.error().code);
    SendError(res, outcome.error());
    return;
  }
  if (deps.metrics != nullptr && !outcome->duplicate) {
    deps.metrics->CountAppend(outcome->last_position - outcome->first_position + 1);
  }
  res.set_header("Idempotency-Key", id);
  SendJson(res, outcome->duplicate ? 200 : 201, OutcomeJson(*outcome));
}

// {"actorId": "...", "role": "platform", "label": "..."}
Result<std::tuple<std::string, std::string, std::string>> TokenRequest(const std::string& body) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  try {
    DecodeRawJson(capnp::JsonCodec(), body, root);
  } catch (const kj::Exception& e) {
    return Fail(ErrorKind::kInvalidArgument, "bad_json", e.getDescription().cStr());
  }
  if (root.which() != capnp::JsonValue::OBJECT) {
    return Fail(ErrorKind::kInvalidArgument, "bad_json", "expected a JSON object");
  }
  if (Status checked = CheckJsonValue(root.asReader()); !checked) return Fail(checked.error());
  if (Status checked = CheckEscapes(body); !checked) return Fail(checked.error());
  std::string actor, role, label;
  for (auto f : root.asReader().getObject()) {
    const std::string name = f.getName().cStr();
    if (f.getValue().which() != capnp::JsonValue::STRING) {
      return Fail(ErrorKind::kInvalidArgument, "bad_json", name + " must be a string");
    }
    const std::string value = f.getValue().getString().cStr();
    if (name == "actorId") actor = value;
    else if (name == "role") role = value;
    else if (name == "label") label = value;
    else return Fail(ErrorKind::kInvalidArgument, "bad_json", "unknown field \"" + name + "\"");
  }
  if (actor.empty() || role.empty()) {
    return Fail(ErrorKind::kInvalidArgument, "bad_json", "actorId and role are required");
  }
  return std::tuple{actor, role, label};
}

}  // namespace

void AddCommandRoutes(httplib::Server& server, const ServerDeps& deps) {
  // One decoder for every request thread, owned by the route.
  auto decoder = std::make_shared<const CommandDecoder>();
  AddRoute(server, deps, Method::kPost, R"(/v1/commands/([^/]+))", "POST /v1/commands/{name}",
           [deps, decoder](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             PostCommand(deps, *decoder, req, res, actor);
           });
  AddRoute(server, deps, Method::kPost, R"(/v1/tokens)", "POST /v1/tokens",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             auto request = TokenRequest(req.body);
             if (!request) return SendError(res, request.error());
             auto role = ParseRole(std::get<1>(*request));
             if (!role) return SendError(res, role.error());
             auto token = IssueToken(*deps.store, actor, ActorRef{std::get<0>(*request), *role},
                                     std::get<2>(*request));
             if (!token) return SendError(res, token.error());
             JsonWriter w;
             w.BeginObject().Field("token", *token).Field("actorId", std::get<0>(*request))
                 .Field("role", RoleName(*role)).EndObject();
             SendJson(res, 201, w.str());
           });
  AddRoute(server, deps, Method::kGet, R"(/v1/tokens)", "GET /v1/tokens",
           [deps](const httplib::Request&, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             auto tokens = ListTokens(*deps.store);
             if (!tokens) return SendError(res, tokens.error());
             SendJson(res, 200, TokenListJson(*tokens));
           });
  AddRoute(server, deps, Method::kDelete, R"(/v1/tokens/([0-9a-f]{64}))", "DELETE /v1/tokens/{hash}",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             Status revoked = RevokeToken(*deps.store, actor, req.matches[1].str(),
                                          req.get_param_value("reason"));
             if (!revoked) return SendError(res, revoked.error());
             SendJson(res, 200, R"({"revoked":true})");
           });
}

}  // namespace bitacora::shim
