#include "rest/client.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <httplib.h>
#include <kj/exception.h>

#include <optional>

#include "app/command_codec.h"
#include "core/json/unicode_escapes.h"

namespace bitacora::shim {
namespace {

using JV = capnp::JsonValue;

std::optional<JV::Reader> Member(JV::Reader object, std::string_view name) {
  if (object.which() != JV::OBJECT) return std::nullopt;
  for (auto f : object.getObject()) {
    if (std::string_view(f.getName().cStr()) == name) return f.getValue();
  }
  return std::nullopt;
}

// `json` parsed into `message`; throws kj::Exception when it is not JSON.
JV::Reader ParseJson(std::string_view json, capnp::MallocMessageBuilder& message) {
  auto root = message.initRoot<JV>();
  DecodeRawJson(capnp::JsonCodec(), json, root);
  return root.asReader();
}

bool Bool(JV::Reader object, std::string_view name) {
  auto member = Member(object, name);
  return member && member->which() == JV::BOOLEAN && member->getBoolean();
}

std::string Text(JV::Reader object, std::string_view name) {
  auto v = Member(object, name);
  if (!v || v->which() != JV::STRING) return "";
  return v->getString();
}

uint64_t Number(JV::Reader object, std::string_view name) {
  auto v = Member(object, name);
  if (!v || v->which() != JV::NUMBER) return 0;
  return static_cast<uint64_t>(v->getNumber());
}

Error Unreachable(const httplib::Error& error) {
  return MakeError(Code::kServerUnreachable, "the server did not answer: " + httplib::to_string(error));
}

}  // namespace

RestClient::RestClient(std::unique_ptr<httplib::Client> client, std::string token)
    : client_(std::move(client)), token_(std::move(token)) {}

RestClient::~RestClient() = default;

Result<std::unique_ptr<RestClient>> RestClient::Create(const std::string& url, std::string token) {
  if (url.rfind("http://", 0) != 0) {
    return Fail(Code::kBadServerUrl, "--server must look like http://127.0.0.1:8080, not \"" + url + "\"");
  }
  auto client = std::make_unique<httplib::Client>(url);
  client->set_connection_timeout(5);
  client->set_read_timeout(300);
  if (!client->is_valid()) {
    return Fail(Code::kBadServerUrl, "cannot use server URL " + url);
  }
  return std::unique_ptr<RestClient>(new RestClient(std::move(client), std::move(token)));
}

Result<HttpAnswer> RestClient::Get(const std::string& path_and_query) {
  httplib::Headers headers{{"Authorization", "Bearer " + token_}};
  auto res = client_->Get(path_and_query.c_str(), headers);
  if (!res) return Fail(Unreachable(res.error()));
  return HttpAnswer{res->status, res->body, res->get_header_value("Content-Type")};
}

Result<HttpAnswer> RestClient::Post(const std::string& path, const std::string& body,
                                    const std::vector<std::pair<std::string, std::string>>& extra) {
  httplib::Headers headers{{"Authorization", "Bearer " + token_}};
  for (const auto& [k, v] : extra) headers.emplace(k, v);
  auto res = client_->Post(path.c_str(), headers, body, "application/json");
  if (!res) return Fail(Unreachable(res.error()));
  return HttpAnswer{res->status, res->body, res->get_header_value("Content-Type")};
}

Result<HttpAnswer> RestClient::Delete(const std::string& path_and_query) {
  httplib::Headers headers{{"Authorization", "Bearer " + token_}};
  auto res = client_->Delete(path_and_query.c_str(), headers);
  if (!res) return Fail(Unreachable(res.error()));
  return HttpAnswer{res->status, res->body, res->get_header_value("Content-Type")};
}

Status RestClient::Stream(const std::string& path_and_query,
                          const std::function<bool(std::string_view)>& fn) {
  httplib::Headers headers{{"Authorization", "Bearer " + token_}, {"Accept", "text/event-stream"}};
  int status = 0;
  std::string error_body;
  auto res = client_->Get(
      path_and_query.c_str(), headers,
      [&](const httplib::Response& r) {
        status = r.status;
        return true;
      },
      [&](const char* data, size_t n) {
        if (status != 200) {
          error_body.append(data, n);
          return true;
        }
        return fn(std::string_view(data, n));
      });
  if (status != 0 && status != 200) return Fail(ErrorOf(HttpAnswer{status, error_body, ""}));
  if (!res && res.error() != httplib::Error::Canceled) return Fail(Unreachable(res.error()));
  return Ok();
}

Error ErrorOf(const HttpAnswer& answer) {
  // What the body says wins; without one, the status's kind and the generic code.
  if (Result<Error> sent = app::ErrorFromJson(answer.body)) return *sent;
  Error error = MakeError(Code::kHttpError, "the server answered " + std::to_string(answer.status));
  error.kind = KindOfHttpStatus(answer.status);
  if (!answer.body.empty()) error.message = answer.body;
  return error;
}

Result<std::vector<app::TokenInfo>> TokenListFromJson(std::string_view json) {
  try {
    capnp::MallocMessageBuilder message;
    JV::Reader r = ParseJson(json, message);
    if (r.which() != JV::ARRAY) {
      return Fail(Code::kBadJson, "the token list is not a JSON array");
    }
    std::vector<app::TokenInfo> out;
    for (JV::Reader e : r.getArray()) {
      if (e.which() != JV::OBJECT) {
        return Fail(Code::kBadJson, "a token entry is not an object");
      }
      auto role = app::ParseRole(Text(e, "role"));
      if (!role) return Fail(role.error());
      app::TokenInfo t;
      t.hash_hex = Text(e, "hash");
      t.grant = ActorRef{Text(e, "actorId"), *role};
      t.label = Text(e, "label");
      t.issued_at_position = Number(e, "issuedAtPosition");
      t.revoked = Bool(e, "revoked");
      out.push_back(std::move(t));
    }
    return out;
  } catch (const kj::Exception& e) {
    return Fail(Code::kBadJson, e.getDescription().cStr());
  }
}

}  // namespace bitacora::shim
