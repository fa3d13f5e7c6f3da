// GET routes over the views: one record per entity (current, or ?as_of= folded from its stream),
// its history, the folders (carpetas) of clients and subscribers, and the desk's queues.
#include <chrono>
#include <thread>

#include "rest/answer_cache.h"
#include "app/command_codec.h"
#include "app/queries.h"
#include "app/queues.h"
#include "rest/routes.h"

namespace bitacora::shim {
namespace {

using projections::Entity;

// Waits (at most 2 s) until the views reflect ?min_position=, for read-your-writes; a
// min_position that is not a position is refused.
Status AwaitViews(const ServerDeps& deps, const httplib::Request& req) {
  if (!req.has_param("min_position")) return Ok();
  auto want_or = ParsePosition(req.get_param_value("min_position"), "min_position");
  if (!want_or) return Fail(want_or.error());
  const uint64_t want = *want_or;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (deps.views->position() < want && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return Ok();
}

void Answer(httplib::Response& res, const Result<std::string>& body) {
  if (!body) return SendError(res, body.error());
  SendJson(res, 200, *body);
}

// The answer's JSON (app/answer_codec.h), or its error.
Result<std::string> JsonOf(const Result<app::OwnedAnswer>& answer) {
  if (!answer) return Fail(answer.error());
  return answer->Json();
}

// Answers from the views, through the cache: `compute` runs on a reader whose checkpoint is the
// key's position. Errors, and answers as of a past point (folded from the store), are not cached.
void FromViews(const ServerDeps& deps, AnswerCache& cache, const httplib::Request& req,
               httplib::Response& res,
               const std::function<Result<std::string>(const projections::ViewReader&)>& compute) {
  if (Status awaited = AwaitViews(deps, req); !awaited) return SendError(res, awaited.error());
  if (req.has_param("as_of")) {
    projections::ViewReader reader(deps.views->Current());
    return Answer(res, compute(reader));
  }
  const std::string& target = req.path;
  if (auto hit = cache.Find(target, deps.views->position())) return SendJson(res, 200, *hit);
  projections::ViewReader reader(deps.views->Current());
  auto body = compute(reader);
  if (!body) return SendError(res, body.error());
  if (auto cp = reader.checkpoint()) cache.Put(target, cp->position, *body);
  SendJson(res, 200, *body);
}

}  // namespace

void AddViewRoutes(httplib::Server& server, const ServerDeps& deps) {
  const std::shared_ptr<AnswerCache> cache = deps.answers;  // set by RestServer::Start
  for (const char* plural : {"clients", "subscribers", "cases", "orders", "meters"}) {
    const Entity entity = *app::EntityOf(plural);
    const std::string base = std::string("/v1/") + plural;
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)", "GET " + base + "/{id}",
             [deps, entity, cache](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
               FromViews(deps, *cache, req, res, [&](const projections::ViewReader& reader) {
                 return JsonOf(app::RecordQuery(*deps.store, reader, entity, req.matches[1].str(), req.get_param_value("as_of")));
               });
             });
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)/history", "GET " + base + "/{id}/history",
             [deps, entity](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
               Answer(res, JsonOf(app::HistoryQuery(*deps.store, entity, req.matches[1].str(), req.get_param_value("as_of"))));
             });
    if (entity == Entity::kClient || entity == Entity::kSubscriber) {
      AddRoute(server, deps, Method::kGet, base + "/([^/]+)/folder", "GET " + base + "/{id}/folder",
               [deps, entity, cache](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
                 FromViews(deps, *cache, req, res, [&](const projections::ViewReader& reader) {
                   return JsonOf(app::FolderQuery(reader, entity, req.matches[1].str(), req.get_param_value("as_of")));
                 });
               });
    }
  }
  // Not cached: the answer depends on ?actor= and ?date=, and queues are read a few times a day.
  AddRoute(server, deps, Method::kGet, R"(/v1/queues/([a-z-]+))", "GET /v1/queues/{name}",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             const std::string name = req.matches[1].str();
             auto kind = app::QueueKindOf(name);
             if (!kind) {
               return SendError(
                   res, MakeError(Code::kRouteNotFound,
                                  "colas: with-technicians, awaiting-payment, "
                                  "awaiting-delivery, awaiting-verification, odeco-pending"));
             }
             if (!app::RoleMayReadQueue(*kind, actor.role)) {
               return SendError(
                   res, MakeError(Code::kNotAllowedForRole, "El rol " + app::RoleName(actor.role) +
                                                                " no lee la cola " + name + "."));
             }
             if (Status awaited = AwaitViews(deps, req); !awaited) {
               return SendError(res, awaited.error());
             }
             projections::ViewReader reader(deps.views->Current());
             Answer(res, JsonOf(app::QueueQuery(reader, *kind, req.get_param_value("actor"),
                                                req.get_param_value("date"))));
           });
}

}  // namespace bitacora::shim
