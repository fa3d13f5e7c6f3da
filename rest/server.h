// `bitacora serve`: the REST shim (cpp-httplib) over the same command handler and views as the
// CLI. Routes and statuses: docs/rest.md. Every route but /healthz needs a bearer token.
#ifndef BITACORA_REST_SERVER_H_
#define BITACORA_REST_SERVER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "app/read_log.h"
#include "app/sessions.h"
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
  // Connections (rest/connection_guard.h). max_connections is kept below `threads` (at least one
  // thread stays in reserve for /healthz and supervisors).
  std::chrono::milliseconds request_deadline{10000};  // first byte to last body byte (--request-deadline)
  std::chrono::milliseconds keep_alive{5000};         // idle between requests (--keep-alive)
  size_t max_connections = 120;                       // (--max-connections)
  size_t max_connections_per_address = 32;            // (--max-connections-per-address)
  // Event streams (GET /v1/log/stream) open at once: in total, per token; 429 past either.
  size_t max_streams = 32;                            // (--max-streams)
  size_t max_streams_per_token = 4;                   // (--max-streams-per-token)
  std::chrono::milliseconds stream_token_check{5000}; // how often a stream re-checks its token
  size_t log_page_bytes = size_t{1} << 20;            // a /v1/log page ends past this (--log-page-bytes)
  // Sessions of users signed in with a password (app/sessions.h).
  std::chrono::nanoseconds session_idle = std::chrono::minutes(30);  // (--session-idle, minutes)
  // Whether the session cookie says Secure (sent over HTTPS only). The server speaks plain HTTP:
  // set it when a TLS reverse proxy serves it (--session-cookie-secure).
  bool session_cookie_secure = false;
};

// What the server serves; everything must outlive it.
class AnswerCache;
class EventFeed;
class StreamGate;

struct ServerDeps {
  EventStore* store = nullptr;
  // Runs a command: CommandHandler::Handle in production (tests may wrap it).
  std::function<Result<CommandOutcome>(const ActorRef&, schema::Command::Reader)> handle;
  projections::ProjectionService* views = nullptr;
  Metrics* metrics = nullptr;
  std::shared_ptr<spdlog::logger> access_log;  // one line per request; null: none
  // The access log of reads of personal data (app/read_log.h): every read of a client's record,
  // folder or history and every log page or stream is recorded there; null: not recorded, and
  // GET /v1/reads answers 404 "reads_not_kept".
  std::shared_ptr<app::ReadLog> reads;
  // Checks bearer tokens; null: Start makes one over `store`.
  std::shared_ptr<const app::TokenAuthenticator> tokens;
  // Recent answers from the views; null: Start makes one of ServerOptions::answer_cache_bytes.
  std::shared_ptr<AnswerCache> answers;
  // POST /v1/backup writes only new folders inside this one (--backup-root); empty: the route
  // answers 403 "backup_api_disabled". Never inside store->path() (core/store/backup_target.h).
  std::string backup_root;
  // Open event streams; null: Start makes one of ServerOptions::max_streams{,_per_token}.
  std::shared_ptr<StreamGate> streams;
  // The streams' formatted events (rest/event_feed.h); null: Start makes one over `store`.
  std::shared_ptr<EventFeed> feed;
  // Users' sessions (POST/DELETE /v1/session, the bitacora_session cookie); null: Start makes one
  // over `store` of ServerOptions::session_idle that records sign-ins with `handle`.
  std::shared_ptr<app::SessionStore> sessions;
  // Set by Start from ServerOptions::session_cookie_secure.
  bool session_cookie_secure = false;
  // Set by Start from ServerOptions (routes_log.cc).
  std::chrono::milliseconds stream_token_check{5000};
  size_t log_page_bytes = size_t{1} << 20;
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
