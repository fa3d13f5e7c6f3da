// The CLI's side of --server: requests to a running `bitacora serve` with a bearer token.
#ifndef BITACORA_REST_CLIENT_H_
#define BITACORA_REST_CLIENT_H_

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/answer_codec.h"
#include "app/tokens.h"
#include "core/handler/command_handler.h"
#include "core/result.h"

namespace httplib {
class Client;
}

namespace bitacora::shim {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
};

class RestClient {
 public:
  // `url` like "http://127.0.0.1:8080". kInvalidArgument "bad_server_url" when malformed.
  [[nodiscard]] static Result<std::unique_ptr<RestClient>> Create(const std::string& url,
                                                                  std::string token);
  ~RestClient();
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // Sends the request; a transport failure is kUnavailable "server_unreachable". Any HTTP
  // status is returned as an answer (see ErrorOf for turning error statuses into an Error).
  [[nodiscard]] Result<HttpAnswer> Get(const std::string& path_and_query);
  [[nodiscard]] Result<HttpAnswer> Post(const std::string& path, const std::string& body,
                                        const std::vector<std::pair<std::string, std::string>>& headers);

  [[nodiscard]] Result<HttpAnswer> Delete(const std::string& path_and_query);

  // Streams a GET (Server-Sent Events): calls `fn` with each chunk until it returns false.
  [[nodiscard]] Status Stream(const std::string& path_and_query,
                              const std::function<bool(std::string_view)>& fn);

 private:
  RestClient(std::unique_ptr<httplib::Client> client, std::string token);
  std::unique_ptr<httplib::Client> client_;
  std::string token_;
};

// The Error an error answer carries (ErrorAnswer in events/api.capnp, read by app::ErrorFromJson),
// falling back to the status's kind and "http_error" when the body is not that shape.
Error ErrorOf(const HttpAnswer& answer);

}  // namespace bitacora::shim

#endif  // BITACORA_REST_CLIENT_H_
