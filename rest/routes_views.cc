// GET routes over the views: one record per entity (current, or ?as_of= folded from its stream),
// its history, the folders (carpetas) of clients and subscribers, and the desk's queues.
#include <chrono>
#include <thread>

#include "app/command_codec.h"
#include "app/privacy.h"
#include "app/queries.h"
#include "app/queues.h"
#include "core/domain/ci.h"
#include "rest/answer_cache.h"
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
// `variant` tells apart answers to one path that differ by reader (a client's record redacted for
// a role: app/privacy.h).
void FromViews(const ServerDeps& deps, AnswerCache& cache, const httplib::Request& req,
               httplib::Response& res,
               const std::function<Result<std::string>(const projections::ViewReader&)>& compute,
               const std::string& variant = "") {
  if (Status awaited = AwaitViews(deps, req); !awaited) return SendError(res, awaited.error());
  if (req.has_param("as_of")) {
    projections::ViewReader reader(deps.views->Current());
    return Answer(res, compute(reader));
  }
  const std::string target = variant.empty() ? req.path : req.path + "#" + variant;
  if (auto hit = cache.Find(target, deps.views->position())) return SendJson(res, 200, *hit);
  projections::ViewReader reader(deps.views->Current());
  auto body = compute(reader);
  if (!body) return SendError(res, body.error());
  if (auto cp = reader.checkpoint()) cache.Put(target, cp->position, *body);
  SendJson(res, 200, *body);
}

// The client's CI as the views key it ("1234567-1A"), or "" when `raw` is not one (the query
// refuses it, and nothing is read).
std::string CiKey(const std::string& raw) {
  auto ci = domain::ParseCi(raw);
  return ci ? ci->Identity() : "";
}

// GET /v1/clients/{ci}: the record redacted for the reader's role (app/privacy.h), and the read of
// what personal data it kept recorded (deps.reads).
void GetClient(const ServerDeps& deps, AnswerCache& cache, const httplib::Request& req,
               httplib::Response& res, const ActorRef& actor, const std::string& label) {
  const std::string ci = CiKey(req.matches[1].str());
  // Decided once, on views that reflect ?min_position=, and then both the cache key and the
  // redaction follow this decision (deciding again on later views could store a full answer
  // under the redacted key).
  if (Status awaited = AwaitViews(deps, req); !awaited) return SendError(res, awaited.error());
  bool sees = true;
  std::string variant;
  if (!ci.empty() && app::PersonalAccessOf(actor.role) != app::PersonalAccess::kFull) {
    projections::ViewReader reader(deps.views->Current());
    sees = app::SeesEverything(reader, actor, ci);
    if (!sees) variant = std::to_string(static_cast<int>(app::PersonalAccessOf(actor.role)));
  }
  // The name reaches a kName reader too; a cached answer is the same, so this is decided here.
  const bool personal = sees || app::PersonalAccessOf(actor.role) == app::PersonalAccess::kName;
  FromViews(deps, cache, req, res, [&](const projections::ViewReader& reader) -> Result<std::string> {
    auto answer = app::RecordQuery(*deps.store, reader, Entity::kClient, req.matches[1].str(),
                                   req.get_param_value("as_of"));
    if (!answer) return Fail(answer.error());
    if (!sees) {
      auto record = answer->root().as<schema::RecordAnswer>();
      app::RedactClient(actor.role, record.getClient());
    }
    return answer->Json();
  }, variant);
  if (res.status == 200 && personal) NoteRead(deps, actor, label, ci);
}

}  // namespace

void AddViewRoutes(httplib::Server& server, const ServerDeps& deps) {
  const std::shared_ptr<AnswerCache> cache = deps.answers;  // set by RestServer::Start
  for (const char* plural : {"clients", "subscribers", "cases", "orders", "meters"}) {
    const Entity entity = *app::EntityOf(plural);
    const std::string base = std::string("/v1/") + plural;
    const std::string record_label = "GET " + base + "/{id}";
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)", record_label,
             [deps, entity, cache, record_label](const httplib::Request& req, httplib::Response& res,
                                                 const ActorRef& actor) {
               if (entity == Entity::kClient) return GetClient(deps, *cache, req, res, actor, record_label);
               FromViews(deps, *cache, req, res, [&](const projections::ViewReader& reader) {
                 return JsonOf(app::RecordQuery(*deps.store, reader, entity, req.matches[1].str(), req.get_param_value("as_of")));
               });
             });
    const std::string history_label = "GET " + base + "/{id}/history";
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)/history", history_label,
             [deps, entity, history_label](const httplib::Request& req, httplib::Response& res,
                                           const ActorRef& actor) {
               Answer(res, JsonOf(app::HistoryQuery(*deps.store, entity, req.matches[1].str(), req.get_param_value("as_of"))));
               if (entity == Entity::kClient && res.status == 200) {
                 NoteRead(deps, actor, history_label, CiKey(req.matches[1].str()));
               }
             });
    if (entity == Entity::kClient || entity == Entity::kSubscriber) {
      const std::string folder_label = "GET " + base + "/{id}/folder";
      AddRoute(server, deps, Method::kGet, base + "/([^/]+)/folder", folder_label,
               [deps, entity, cache, folder_label](const httplib::Request& req, httplib::Response& res,
                                                   const ActorRef& actor) {
                 FromViews(deps, *cache, req, res, [&](const projections::ViewReader& reader) {
                   return JsonOf(app::FolderQuery(reader, entity, req.matches[1].str(), req.get_param_value("as_of")));
                 });
                 if (entity == Entity::kClient && res.status == 200) {
                   NoteRead(deps, actor, folder_label, CiKey(req.matches[1].str()));
                 }
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
