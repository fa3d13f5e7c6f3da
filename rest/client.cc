#include "rest/client.h"

#include <httplib.h>

#include "app/command_codec.h"

namespace bitacora::shim {
namespace {

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

}  // namespace bitacora::shim
