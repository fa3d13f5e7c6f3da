// POST /v1/commands/{name}: the command's fields as JSON, the Idempotency-Key header as its id.
// GET and POST /v1/tokens and DELETE /v1/tokens/{hash}: tokens, by a supervisor.
#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <memory>
#include <thread>
#include <tuple>

#include "app/answer_codec.h"
#include "app/command_codec.h"
#include "app/field_limits.h"
#include "app/json.h"
#include "app/json_checks.h"
#include "app/tokens.h"
#include "app/users.h"
#include "app/utf8.h"
#include "core/json/unicode_escapes.h"
#include "rest/routes.h"

namespace bitacora::shim {
namespace {

constexpr size_t kMaxIdempotencyKey = 200;

// An Idempotency-Key is echoed as a header of the answer: printable UTF-8 only.
bool PrintableKey(std::string_view key) {
  return app::IsUtf8(key) && std::none_of(key.begin(), key.end(), [](char c) {
           return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
         });
}

Result<int64_t> OccurredAt(const httplib::Request& req) {
  if (!req.has_param("occurred_at_ns")) return int64_t{0};
  const std::string text = req.get_param_value("occurred_at_ns");
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v < 0) {
    return Fail(Code::kBadOccurredAt, "occurred_at_ns must be UTC nanoseconds");
  }
  return v;
}

// ?backdating_reason=…: why the business time lies more than a day back (Command.backdatingReason),
// held to the field table's row (length, one line, UTF-8).
Result<std::string> BackdatingReason(const httplib::Request& req) {
  if (!req.has_param("backdating_reason")) return std::string();
  std::string text = req.get_param_value("backdating_reason");
  const app::TextFieldLimit* limit = app::FindTextFieldLimit("backdatingReason");
  if (!app::IsUtf8(text)) return Fail(Code::kBadText, "backdating_reason is not UTF-8 text");
  if (text.size() > limit->max_bytes) {
    return Fail(Code::kFieldTooLong, "El campo backdatingReason admite hasta " +
                                         std::to_string(limit->max_bytes) + " bytes.");
  }
  if (app::HasForbiddenControl(text, limit->multiline)) {
    return Fail(Code::kControlCharacter, "El campo backdatingReason lleva un carácter de control.");
  }
  return text;
}

void PostCommand(const ServerDeps& deps, const app::CommandDecoder& decoder, const httplib::Request& req,
                 httplib::Response& res, const ActorRef& actor) {
  const app::CommandKind* kind = decoder.Find(req.matches[1].str());
  if (!kind) {
    SendError(res, MakeError(Code::kUnknownCommand, "no command named \"" + req.matches[1].str() + "\" (see /v1/openapi.json)"));
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
    SendError(res, MakeError(Code::kBadIdempotencyKey, "Idempotency-Key is longer than 200 characters"));
    return;
  }
  if (!PrintableKey(id)) {
    SendError(res, MakeError(Code::kBadIdempotencyKey, "Idempotency-Key must be printable UTF-8 text (no control characters)"));
    return;
  }
  if (id.empty()) id = app::NewCommandId();
  command.setCommandId(id);
  auto occurred = OccurredAt(req);
  if (!occurred) {
    SendError(res, occurred.error());
    return;
  }
  command.setOccurredAtNs(*occurred);
  auto reason = BackdatingReason(req);
  if (!reason) {
    SendError(res, reason.error());
    return;
  }
  if (!reason->empty()) command.setBackdatingReason(*reason);
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
  SendJson(res, outcome->duplicate ? 200 : 201, app::OutcomeJson(*outcome));
}

// Read-your-writes for the supervisor's lists: the views as of the log's head when asked (waited
// for, 2 s at most).
void WaitForHead(const ServerDeps& deps) {
  const uint64_t head = deps.store->GetHead().position;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (deps.views->position() < head && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

void AddCommandRoutes(httplib::Server& server, const ServerDeps& deps) {
  // One decoder for every request thread, owned by the route.
  auto decoder = std::make_shared<const app::CommandDecoder>();
  AddRoute(server, deps, Method::kPost, R"(/v1/commands/([^/]+))", "POST /v1/commands/{name}",
           [deps, decoder](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             PostCommand(deps, *decoder, req, res, actor);
           });
  AddRoute(server, deps, Method::kPost, R"(/v1/tokens)", "POST /v1/tokens",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             auto request = app::TokenRequestFromJson(req.body);
             if (!request) return SendError(res, request.error());
             auto token = app::IssueToken(deps.handle, actor, request->grant, request->label);
             if (!token) return SendError(res, token.error());
             SendJson(res, 201, app::TokenIssuedJson(*token, request->grant));
           });
  AddRoute(server, deps, Method::kGet, R"(/v1/tokens)", "GET /v1/tokens",
           [deps](const httplib::Request&, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             WaitForHead(deps);
             auto tokens = app::ListTokens(projections::ViewReader(deps.views->Current()));
             if (!tokens) return SendError(res, tokens.error());
             SendJson(res, 200, app::TokenListJson(*tokens));
           });
  AddRoute(server, deps, Method::kDelete, R"(/v1/tokens/([0-9a-f]{64}))", "DELETE /v1/tokens/{hash}",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             Status revoked = app::RevokeToken(deps.handle, actor, req.matches[1].str(),
                                          req.get_param_value("reason"));
             if (!revoked) return SendError(res, revoked.error());
             SendJson(res, 200, app::RevokedJson());
           });
  AddRoute(server, deps, Method::kGet, R"(/v1/users)", "GET /v1/users",
           [deps](const httplib::Request&, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             WaitForHead(deps);
             auto users = app::ListUsers(projections::ViewReader(deps.views->Current()));
             if (!users) return SendError(res, users.error());
             SendJson(res, 200, app::UserListJson(*users));
           });
}

}  // namespace bitacora::shim
