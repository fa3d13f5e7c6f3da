// The event log: GET /v1/log?from=&limit= (a page), GET /v1/log/stream?from= (Server-Sent
// Events following new events), and the projections' status and rebuild.
#include <algorithm>
#include <chrono>

#include "app/format.h"
#include "app/json.h"
#include "app/projections_status.h"
#include "app/token_auth.h"
#include "app/tokens.h"
#include "rest/event_feed.h"
#include "rest/stream_gate.h"
#include "rest/routes.h"

namespace bitacora::shim {
namespace {

// The token of "Authorization: Bearer <token>" (the route wrapper has checked it).
std::string BearerOf(const httplib::Request& req) {
  const std::string header = req.get_header_value("Authorization");
  return header.size() > 7 ? header.substr(7) : "";
}

constexpr size_t kMaxPage = 1000;
constexpr uint64_t kReadBatch = 64;  // events read at once for a page

Result<uint64_t> NumberParam(const httplib::Request& req, const char* name, uint64_t fallback) {
  if (!req.has_param(name)) return fallback;
  return ParsePosition(req.get_param_value(name), name);
}

// A page of at most `limit` events and, past the first, of about deps.log_page_bytes of JSON:
// the events are read a batch at a time and written out as they are read (chunked), so a page
// costs the server one batch of memory, not the page; it ends early once over the bytes, and
// `next` says where the following page starts either way. The positions read are recorded in
// the access log of reads once the page is written.
void GetLog(const ServerDeps& deps, const httplib::Request& req, httplib::Response& res,
            const ActorRef& actor) {
  auto from = NumberParam(req, "from", 1);
  if (!from) return SendError(res, from.error());
  auto limit = NumberParam(req, "limit", 100);
  if (!limit) return SendError(res, limit.error());
  struct Page {
    uint64_t first = 1, next = 1, left = 0;
    size_t bytes = 0;
    bool started = false, full = false, ended = false;
  };
  auto page = std::make_shared<Page>();
  page->first = page->next = std::max<uint64_t>(*from, 1);
  page->left = std::min<uint64_t>(*limit, kMaxPage);
  res.status = 200;
  res.set_chunked_content_provider("application/json", [deps, page, actor](size_t, httplib::DataSink& sink) {
    std::string chunk;  // LogPage (api.capnp) with each event's capnp-json spliced as read
    if (!page->started) {
      chunk = "{\"head\":" + std::to_string(deps.store->GetHead().position) + ",\"events\":[";
      page->started = true;
    }
    if (page->left > 0 && !page->full) {
      auto events = deps.store->ReadLog(page->next, std::min<uint64_t>(page->left, kReadBatch));
      if (!events) return false;  // the status is sent: the client sees a cut answer
      if (events->empty()) page->full = true;
      for (const StoredEvent& e : *events) {
        const std::string json = FormatEvent(e.envelope(), true);
        if (page->bytes > 0 && page->bytes + json.size() > deps.log_page_bytes) {
          page->full = true;
          break;
        }
        if (page->bytes > 0) chunk += ",";
        page->bytes += json.size();
        chunk += json;
        page->next = e.position() + 1;
        --page->left;
      }
      if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
      return true;
    }
    chunk += "],\"next\":" + std::to_string(page->next) + "}";
    if (!sink.write(chunk.data(), chunk.size())) return false;
    if (page->next > page->first) {
      NoteRead(deps, actor, "GET /v1/log",
               std::to_string(page->first) + "-" + std::to_string(page->next - 1));
    }
    sink.done();
    return true;
  });
}

void StreamLog(const ServerDeps& deps, const httplib::Request& req, httplib::Response& res) {
  const uint64_t head = deps.store->GetHead().position;
  uint64_t start = head + 1;  // by default: only what comes next
  if (req.has_header("Last-Event-ID")) {
    auto last = ParsePosition(req.get_header_value("Last-Event-ID"), "Last-Event-ID");
    if (!last) return SendError(res, last.error());
    if (*last == UINT64_MAX) {
      return SendError(res, MakeError(Code::kBadParameter, "Last-Event-ID is past the end of any log"));
    }
    start = *last + 1;
  }
  auto from = NumberParam(req, "from", start);
  if (!from) return SendError(res, from.error());
  // One ticket per stream (rest/stream_gate.h), kept by the provider: given back when it ends.
  const std::string token = BearerOf(req);
  auto ticket = deps.streams->Open(app::TokenHashHex(token));
  if (!ticket) return SendError(res, ticket.error());
  std::shared_ptr<StreamGate::Ticket> held = std::move(*ticket);
  auto next = std::make_shared<uint64_t>(std::max<uint64_t>(*from, 1));
  auto checked = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
  res.status = 200;
  res.set_header("Cache-Control", "no-cache");
  res.set_chunked_content_provider("text/event-stream", [feed = deps.feed, next, held, checked, token,
                                                         tokens = deps.tokens, every = deps.stream_token_check](
                                                            size_t, httplib::DataSink& sink) {
    if (!sink.is_writable()) return false;
    // A token revoked (or gone) while its stream is open ends the stream.
    if (const auto now = std::chrono::steady_clock::now(); now - *checked >= every) {
      if (!tokens->Authenticate(token)) return false;
      *checked = now;
    }
    // The messages come formatted from the feed (rest/event_feed.h), once for all streams.
    std::string chunk;
    auto after = feed->Read(*next, 256, std::chrono::milliseconds(500), &chunk);
    if (!after) return false;
    *next = *after;
    // Nothing new for half a second: a comment, so that a gone client is noticed.
    if (chunk.empty()) chunk = ": keep-alive\n\n";
    return sink.write(chunk.data(), chunk.size());
  });
}

void ProjectionStatus(const ServerDeps& deps, httplib::Response& res) {
  const uint64_t head = deps.store->GetHead().position;
  const uint64_t position = deps.views->position();
  const Status last = deps.views->last_error();
  SendJson(res, 200, app::ProjectionsStatusJson(head, position, last));
}

}  // namespace

void AddLogRoutes(httplib::Server& server, const ServerDeps& deps) {
  // The log carries every client's name, address and phone: it is read by the auditor and the
  // supervisor only (docs/privacy.md), and every page or stream read is recorded.
  AddRoute(server, deps, Method::kGet, "/v1/log", "GET /v1/log",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!RequireOneOf(res, actor, {schema::Role::AUDITOR, schema::Role::SUPERVISOR})) return;
             GetLog(deps, req, res, actor);
           });
  AddRoute(server, deps, Method::kGet, "/v1/log/stream", "GET /v1/log/stream",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!RequireOneOf(res, actor, {schema::Role::AUDITOR, schema::Role::SUPERVISOR})) return;
             StreamLog(deps, req, res);
             if (res.status == 200) {
               NoteRead(deps, actor, "GET /v1/log/stream",
                        "desde " + (req.has_param("from") ? req.get_param_value("from") : std::string("el final")));
             }
           });
  AddRoute(server, deps, Method::kGet, "/v1/projections", "GET /v1/projections",
           [deps](const httplib::Request&, httplib::Response& res, const ActorRef&) { ProjectionStatus(deps, res); });
  AddRoute(server, deps, Method::kPost, "/v1/projections/rebuild", "POST /v1/projections/rebuild",
           [deps](const httplib::Request&, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             if (Status rebuilt = deps.views->Rebuild(); !rebuilt) return SendError(res, rebuilt.error());
             ProjectionStatus(deps, res);
           });
}

}  // namespace bitacora::shim
