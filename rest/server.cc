#include "rest/server.h"

#include <spdlog/logger.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <thread>

#include "rest/answer_cache.h"
#include "rest/connection_guard.h"
#include "rest/event_feed.h"
#include "rest/stream_gate.h"
#include "app/answer_codec.h"
#include "app/command_codec.h"
#include "rest/listen_backlog.h"
#include "rest/request_checks.h"
#include "rest/routes.h"
#include "app/token_auth.h"
#include "app/tokens.h"
#include "core/domain/decide.h"
#include "core/json/control_escapes.h"

namespace bitacora::shim {
namespace {

// The error of a status cpp-httplib answered by itself (no route, a malformed request...).
Error ErrorForStatus(int status) {
  switch (status) {
    case 404: return MakeError(Code::kRouteNotFound, "no such route");
    case 405: return MakeError(Code::kMethodNotAllowed, "this route does not take that method");
    case 413: return MakeError(Code::kBodyTooLarge, "the request body is over the limit");
    case 414: return MakeError(Code::kUriTooLong, "the request URI is too long");
    case 400:
      return MakeError(Code::kBadRequest,
                       "the request is malformed (its request line, a header or the framing of its body)");
    case 415: return MakeError(Code::kUnsupportedMediaType, "this Content-Encoding is not accepted");
    case 416: return MakeError(Code::kRangeNotSatisfiable, "the Range asked for is not in the answer");
  }
  return MakeError(status < 500 ? Code::kHttpError : Code::kInternal,
                   "the request failed (HTTP " + std::to_string(status) + ")");
}

std::string BearerToken(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kPrefix = "Bearer ";
  if (header.size() <= kPrefix.size() || header.compare(0, kPrefix.size(), kPrefix) != 0) return "";
  return header.substr(kPrefix.size());
}

}  // namespace

int HttpStatus(const Error& error) {
  const ErrorCodeInfo* row = FindErrorCode(error.code);
  return row != nullptr ? row->http_status : HttpStatusOf(error.kind);
}

void SendJson(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "application/json; charset=utf-8");
}

void SendError(httplib::Response& res, const Error& error) {
  SendJson(res, HttpStatus(error), app::ErrorJson(error));
}

Result<uint64_t> ParsePosition(std::string_view text, std::string_view name) {
  uint64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return Fail(Code::kBadParameter, std::string(name) + " must be a log position (digits only, below 2^64)");
  }
  return v;
}

bool Require(httplib::Response& res, const ActorRef& actor, schema::Role role) {
  if (actor.role == role) return true;
  SendError(res, MakeError(Code::kNotAllowedForRole, "El rol " + app::RoleName(actor.role) + " no puede hacer esto; se requiere " +
                           app::RoleName(role) + "."));
  return false;
}

bool RequireOneOf(httplib::Response& res, const ActorRef& actor,
                  std::initializer_list<schema::Role> roles) {
  std::string names;
  for (schema::Role role : roles) {
    if (actor.role == role) return true;
    names += (names.empty() ? "" : ", ") + app::RoleName(role);
  }
  SendError(res, MakeError(Code::kNotAllowedForRole, "El rol " + app::RoleName(actor.role) +
                                                         " no puede hacer esto; se requiere uno de: " +
                                                         names + "."));
  return false;
}

void NoteRead(const ServerDeps& deps, const ActorRef& actor, std::string_view label,
              std::string_view subject) {
  if (!deps.reads) return;
  const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch()).count();
  if (Status s = deps.reads->Record(actor, label, subject, now); !s) {
    spdlog::error("the access log of reads missed a read by {}: {}", actor.id, s.error().ToString());
  }
}

namespace {

// What the route a request reached knows and the access log needs: who acted (never the token)
// and the route's label, whose {id} keeps a client's CI out of the log. Set by AddRoute's wrapper
// and read by the logger on the same thread, right after the handler.
struct AccessNote {
  bool routed = false;
  std::string actor;
  std::string label;
};
thread_local AccessNote access_note;

// The line for one request: address, actor, route (or, for a request no route took, its method
// and path with control characters escaped and cut to 200 bytes), status, body size.
std::string AccessLine(const httplib::Request& req, const httplib::Response& res) {
  std::string route = access_note.routed ? access_note.label
                                         : req.method + " " + EscapeControls(req.path.substr(0, 200));
  std::string line = req.remote_addr + " " + (access_note.actor.empty() ? "-" : access_note.actor) + " " +
                     route + " " + std::to_string(res.status) + " " + std::to_string(res.body.size()) + "B";
  access_note = AccessNote{};
  return line;
}

}  // namespace

void AddRoute(httplib::Server& server, const ServerDeps& deps, Method method,
              const std::string& pattern, const std::string& label, AuthedHandler handler,
              bool open) {
  httplib::Server::Handler wrapped = [deps, label, handler = std::move(handler), open, method](
                                         const httplib::Request& req, httplib::Response& res) {
    const auto start = std::chrono::steady_clock::now();
    ActorRef actor{"anonymous", schema::Role::AUDITOR};
    bool allowed = true;
    if (!open) {
      const std::string token = BearerToken(req);
      const std::string session =
          app::CookieValue(req.get_header_value("Cookie"), app::kSessionCookie);
      if (req.get_header_value_count("Authorization") > 1) {
        // Which one would count? Different proxies and servers pick differently: refuse.
        SendError(res, MakeError(Code::kDuplicateAuthorization, "send one Authorization header, not several"));
        allowed = false;
      } else if (token.empty() && !session.empty()) {
        // A person signed in: the session acts as its user, with the user's current role. What
        // changes state must carry the session's CSRF token (a cross-site form cannot read it).
        auto who = deps.sessions->Authenticate(session);
        if (!who) {
          SendError(res, who.error());
          allowed = false;
        } else if (method != Method::kGet &&
                   !app::CsrfMatches(*who, req.get_header_value("X-CSRF-Token"))) {
          SendError(res, MakeError(Code::kCsrfTokenInvalid,
                                   "Falta el encabezado X-CSRF-Token de la sesión, o no es el suyo."));
          allowed = false;
        } else {
          actor = who->actor;
        }
      } else if (token.empty()) {
        SendError(res, MakeError(Code::kTokenRequired, "send Authorization: Bearer <token> (bitacora token create)"));
        allowed = false;
      } else if (auto who = deps.tokens->Authenticate(token); !who) {
        SendError(res, who.error());
        allowed = false;
      } else {
        actor = *who;
      }
    }
    if (allowed && GuardedServer::InReserve() && !open && actor.role != schema::Role::SUPERVISOR) {
      // The reserve of threads is kept for /healthz and supervisors (connection_guard.h).
      res.set_header("Retry-After", "1");
      SendError(res, MakeError(Code::kServerBusy, "El servidor está lleno; reintente en un momento."));
      allowed = false;
    }
    access_note = AccessNote{true, allowed ? EscapeControls(actor.id) : "", label};
    if (allowed) handler(req, res, actor);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (deps.metrics != nullptr) deps.metrics->ObserveRequest(label, res.status, seconds);
  };
  switch (method) {
    case Method::kGet: server.Get(pattern, std::move(wrapped)); break;
    case Method::kPost: server.Post(pattern, std::move(wrapped)); break;
    case Method::kDelete: server.Delete(pattern, std::move(wrapped)); break;
  }
}

Result<std::unique_ptr<RestServer>> RestServer::Start(ServerDeps deps, ServerOptions options) {
  if (!deps.tokens) deps.tokens = std::make_shared<const app::TokenAuthenticator>(*deps.store);
  if (!deps.sessions) {
    app::SessionOptions session_options;
    session_options.idle = options.session_idle;
    deps.sessions = std::make_shared<app::SessionStore>(*deps.store, deps.handle, session_options);
  }
  deps.session_cookie_secure = options.session_cookie_secure;
  if (!deps.answers) deps.answers = std::make_shared<AnswerCache>(8192, options.answer_cache_bytes);
  // 4096 events or 8 MiB: a few seconds of a busy desk, for every stream at the live edge.
  if (!deps.feed) deps.feed = std::make_shared<EventFeed>(deps.store, 4096, size_t{8} << 20);
  if (!deps.streams) deps.streams = std::make_shared<StreamGate>(options.max_streams, options.max_streams_per_token);
  deps.stream_token_check = options.stream_token_check;
  deps.log_page_bytes = std::max<size_t>(options.log_page_bytes, 1);
  std::unique_ptr<RestServer> self(new RestServer());
  const size_t threads = options.threads == 0 ? 1 : options.threads;
  ConnectionLimits limits;
  limits.request_deadline = options.request_deadline;
  limits.keep_alive = options.keep_alive;
  limits.max_connections = std::clamp<size_t>(options.max_connections, 1, threads > 1 ? threads - 1 : 1);
  limits.max_per_address = std::max<size_t>(options.max_connections_per_address, 1);
  self->server_ = std::make_unique<GuardedServer>(limits, threads);
  httplib::Server& server = *self->server_;
  server.set_payload_max_length(options.max_body_bytes);
  server.set_keep_alive_max_count(100000);
  server.set_tcp_nodelay(true);  // answers are small: do not wait for delayed ACKs
  httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    const int status = res.status;
    SendError(res, ErrorForStatus(status));
    res.status = status;
    return httplib::Server::HandlerResponse::Handled;
  };
  server.set_error_handler(std::move(on_error));
  // Framing and header checks before the body is read (request_checks.h).
  server.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    auto problem = CheckRequest(req);
    if (!problem) return httplib::Server::HandlerResponse::Unhandled;
    // The body was not read, so the stream is out of step: tell the client not to reuse it
    // (httplib 0.11 decides keep-alive before routing and cannot be made to close here).
    res.set_header("Connection", "close");
    SendJson(res, problem->status, app::ErrorJson(problem->error));
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unexpected exception";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    SendError(res, MakeError(Code::kInternal, what));
  });
  if (deps.access_log) {
    server.set_logger([log = deps.access_log](const httplib::Request& req, const httplib::Response& res) {
      log->info("{}", AccessLine(req, res));
    });
  }
  AddMetaRoutes(server, deps);
  AddCommandRoutes(server, deps);
  AddSessionRoutes(server, deps);
  AddViewRoutes(server, deps);
  AddLogRoutes(server, deps);
  AddReportRoutes(server, deps);
  AddBackupRoutes(server, deps);
  AddReferenceRoutes(server, deps);
  AddReadRoutes(server, deps);
  auto listen_socket = RememberListenSocket(server);
  if (options.port == 0) {
    self->port_ = server.bind_to_any_port(options.host);
  } else {
    self->port_ = server.bind_to_port(options.host, options.port) ? options.port : -1;
  }
  if (self->port_ <= 0) {
    return Fail(Code::kBindFailed, "cannot listen on " + options.host + ":" + std::to_string(options.port));
  }
  if (Status raised = RaiseListenBacklog(listen_socket->load()); !raised) {
    spdlog::warn("{} (keeping httplib's backlog of 5)", raised.error().message);
  }
  self->thread_ = std::thread([&server] { server.listen_after_bind(); });
  // Stop() is only heard once the accept loop runs: do not hand out a server before then.
  for (int i = 0; i < 5000 && !server.is_running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return self;
}

void RestServer::Stop() {
  if (server_) server_->stop();
}

void RestServer::Wait() {
  if (thread_.joinable()) thread_.join();
}

RestServer::~RestServer() {
  Stop();
  Wait();
}

}  // namespace bitacora::shim
