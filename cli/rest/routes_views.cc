// GET routes over the views: one record per entity (current, or ?as_of= folded from its stream),
// its history, and the folders (carpetas) of clients and subscribers.
#include <chrono>
#include <cstdlib>
#include <thread>

#include "cli/rest/queries.h"
#include "cli/rest/routes.h"

namespace bitacora::shim {
namespace {

using projections::Entity;

// Waits (at most 2 s) until the views reflect ?min_position=, for read-your-writes.
void AwaitViews(const ServerDeps& deps, const httplib::Request& req) {
  if (!req.has_param("min_position")) return;
  const uint64_t want = std::strtoull(req.get_param_value("min_position").c_str(), nullptr, 10);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (deps.views->position() < want && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

void Answer(httplib::Response& res, const Result<std::string>& body) {
  if (!body) return SendError(res, body.error());
  SendJson(res, 200, *body);
}

}  // namespace

void AddViewRoutes(httplib::Server& server, const ServerDeps& deps) {
  for (const char* plural : {"clients", "subscribers", "cases", "orders", "meters"}) {
    const Entity entity = *EntityOf(plural);
    const std::string base = std::string("/v1/") + plural;
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)", "GET " + base + "/{id}",
             [deps, entity](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
               AwaitViews(deps, req);
               projections::ViewReader reader(deps.views->Current());
               Answer(res, RecordQuery(*deps.store, reader, entity, req.matches[1].str(), req.get_param_value("as_of")));
             });
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)/history", "GET " + base + "/{id}/history",
             [deps, entity](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
               Answer(res, HistoryQuery(*deps.store, entity, req.matches[1].str(), req.get_param_value("as_of")));
             });
    if (entity == Entity::kClient || entity == Entity::kSubscriber) {
      AddRoute(server, deps, Method::kGet, base + "/([^/]+)/folder", "GET " + base + "/{id}/folder",
               [deps, entity](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
                 AwaitViews(deps, req);
                 projections::ViewReader reader(deps.views->Current());
                 Answer(res, FolderQuery(reader, entity, req.matches[1].str(), req.get_param_value("as_of")));
               });
    }
  }
}

}  // namespace bitacora::shim
