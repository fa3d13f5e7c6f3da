// `bitacora serve`: the REST shim (cpp-httplib) over the same command handler and views as the
// CLI. Routes and statuses: docs/rest.md. Every route but /healthz needs a bearer token.
#ifndef BITACORA_REST_SERVER_H_
#define BITACORA_REST_SERVER_H_

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "rest/metrics.h"
#include "core/handler/command_handler.h"
#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/projection_service.h"

namespace httplib {
class Server;
}
namespace spdlog {
class logger;
}

namespace bitacora::app {
class TokenAuthenticator;
}  // namespace bitacora::app

namespace bitacora::shim {

struct ServerOptions {
  std::string host = "127.0.0.1";    // loopback unless told otherwise (--listen)
  int port = 8080;                    // 0: any free port (tests)
  size_t max_body_bytes = 64 * 1024;  // larger bodies: 413, nothing read further
  size_t threads = 128;               // requests served at once (a keep-alive connection holds one)
  size_t answer_cache_bytes = size_t{32} << 20;  // AnswerCache's bound in bytes (--answer-cache)
};

// What the server serves; everything must outlive it.
class AnswerCache;

struct ServerDeps {
  EventStore* store = nullptr;
  // Runs a command: CommandHandler::Handle in production (tests may wrap it).
  std::function<Result<CommandOutcome>(const ActorRef&, schema::Command::Reader)> handle;
  projections::ProjectionService* views = nullptr;
  Metrics* metrics = nullptr;
  std::shared_ptr<spdlog::logger> access_log;  // one line per request; null: none
  // Checks bearer tokens; null: Start makes one over `store`.
  std::shared_ptr<const app::TokenAuthenticator> tokens;
  // Recent answers from the views; null: Start makes one of ServerOptions::answer_cache_bytes.
  std::shared_ptr<AnswerCache> answers;
  // POST /v1/backup writes only new folders inside this one (--backup-root); empty: the route
  // answers 403 "backup_api_disabled". Never inside store->path() (core/store/backup_target.h).
  std::string backup_root;
};

class RestServer {
 public:
  // Binds host:port and serves on a background thread. kUnavailable "bind_failed" when the
  // address cannot be bound.
  [[nodiscard]] static Result<std::unique_ptr<RestServer>> Start(ServerDeps deps, ServerOptions options);
  // Stops accepting, finishes the requests under way (event streams end within a second).
  ~RestServer();
  RestServer(const RestServer&) = delete;
  RestServer& operator=(const RestServer&) = delete;

  // The port bound (the chosen one when options.port was 0).
  int port() const { return port_; }
  // Blocks until Stop() is called from elsewhere (or the server fails).
  void Wait();
  // Stops the server; idempotent. Thread-safe.
  void Stop();

 private:
  RestServer() = default;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

// The HTTP status of `error`: its row's in the one error table (core/errors/error_codes.h), or
// the kind's status for a code this build does not know. Thread-safe.
int HttpStatus(const Error& error);

}  // namespace bitacora::shim

#endif  // BITACORA_REST_SERVER_H_
