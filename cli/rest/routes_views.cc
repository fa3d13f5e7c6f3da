// GET routes over the views: one record per entity (current, or ?as_of= folded from its stream),
// its history, and the folders (carpetas) of clients and subscribers.
#include <chrono>
#include <thread>

#include "cli/rest/as_of.h"
#include "cli/rest/json.h"
#include "cli/rest/routes.h"
#include "cli/rest/views_json.h"
#include "core/crypto/sha256.h"
#include "core/domain/ci.h"
#include "projections/history.h"
#include "projections/views.h"

namespace bitacora::shim {
namespace {

using projections::AsOf;
using projections::Entity;

// The entity id from the path; a CI is normalised to its identity ("1234567-1A").
Result<std::string> IdOf(Entity entity, const std::string& raw) {
  if (entity != Entity::kClient) return raw;
  auto ci = domain::ParseCi(raw);
  if (!ci) return Fail(ci.error());
  return ci->Identity();
}

// Waits (at most 2 s) until the views reflect ?min_position=, for read-your-writes.
void AwaitViews(const ServerDeps& deps, const httplib::Request& req) {
  if (!req.has_param("min_position")) return;
  const uint64_t want = std::strtoull(req.get_param_value("min_position").c_str(), nullptr, 10);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while (deps.views->position() < want && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

std::string AsOfJson(const projections::Checkpoint& cp) {
  JsonWriter w;
  w.BeginObject().Field("position", cp.position).Field("hash", ToHex(cp.hash)).EndObject();
  return w.str();
}

// The record of `entity` `id` as JSON: from the live view, or folded from its stream as of then.
Result<std::string> RecordJson(const ServerDeps& deps, const projections::ViewReader& reader,
                               Entity entity, const std::string& id, const std::optional<AsOf>& as_of) {
  const EventStore& store = *deps.store;
  auto render = [](auto result, auto fn) -> Result<std::string> {
    if (!result) return Fail(result.error());
    return fn(*result);
  };
  switch (entity) {
    case Entity::kClient:
      return as_of ? render(projections::ClientAsOf(store, id, *as_of), ClientJson)
                   : render(reader.Client(id), ClientJson);
    case Entity::kCase:
      return as_of ? render(projections::CaseAsOf(store, id, *as_of), CaseJson)
                   : render(reader.Case(id), CaseJson);
    case Entity::kOrder:
      return as_of ? render(projections::OrderAsOf(store, id, *as_of), OrderJson)
                   : render(reader.Order(id), OrderJson);
    case Entity::kSubscriber:
      return as_of ? render(projections::SubscriberAsOf(store, id, *as_of), SubscriberJson)
                   : render(reader.Subscriber(id), SubscriberJson);
    case Entity::kMeter:
      return as_of ? render(projections::MeterAsOf(store, id, *as_of), MeterJson)
                   : render(reader.Meter(id), MeterJson);
  }
  return Fail(ErrorKind::kInternal, "unknown_entity", "");
}

struct EntityRoute {
  Entity entity;
  const char* plural;  // path segment
  const char* key;     // member name in the answer
};

constexpr EntityRoute kEntities[] = {
    {Entity::kClient, "clients", "client"},       {Entity::kSubscriber, "subscribers", "subscriber"},
    {Entity::kCase, "cases", "case"},             {Entity::kOrder, "orders", "order"},
    {Entity::kMeter, "meters", "meter"},
};

// Parses ?as_of= when given.
Result<std::optional<AsOf>> AsOfParam(const httplib::Request& req) {
  if (!req.has_param("as_of")) return std::optional<AsOf>();
  auto parsed = ParseAsOf(req.get_param_value("as_of"));
  if (!parsed) return Fail(parsed.error());
  return std::optional<AsOf>(*parsed);
}

void GetRecord(const ServerDeps& deps, const EntityRoute& route, const httplib::Request& req,
               httplib::Response& res) {
  auto id = IdOf(route.entity, req.matches[1].str());
  if (!id) return SendError(res, id.error());
  auto as_of = AsOfParam(req);
  if (!as_of) return SendError(res, as_of.error());
  AwaitViews(deps, req);
  projections::ViewReader reader(deps.views->Current());
  auto cp = reader.checkpoint();
  if (!cp) return SendError(res, cp.error());
  auto body = RecordJson(deps, reader, route.entity, *id, *as_of);
  if (!body) return SendError(res, body.error());
  JsonWriter w;
  w.BeginObject().Key("asOf").Raw(AsOfJson(*cp)).Key(route.key).Raw(*body);
  if (route.entity == Entity::kClient && !*as_of) {
    auto subs = reader.ClientSubscribers(*id);
    auto cases = reader.ClientCases(*id);
    if (subs) w.Key("subscribers").Strings(*subs);
    if (cases) w.Key("cases").Strings(*cases);
  }
  SendJson(res, 200, w.EndObject().str());
}

void GetHistory(const ServerDeps& deps, const EntityRoute& route, const httplib::Request& req,
                httplib::Response& res) {
  auto id = IdOf(route.entity, req.matches[1].str());
  if (!id) return SendError(res, id.error());
  auto as_of = AsOfParam(req);
  if (!as_of) return SendError(res, as_of.error());
  auto entries = projections::History(*deps.store, route.entity, *id, as_of->value_or(AsOf{}));
  if (!entries) return SendError(res, entries.error());
  JsonWriter w;
  w.BeginObject().Field(route.key, *id).Key("entries").Raw(EntriesJson(*entries)).EndObject();
  SendJson(res, 200, w.str());
}

void GetFolder(const ServerDeps& deps, Entity entity, const httplib::Request& req, httplib::Response& res) {
  auto id = IdOf(entity, req.matches[1].str());
  if (!id) return SendError(res, id.error());
  auto as_of = AsOfParam(req);
  if (!as_of) return SendError(res, as_of.error());
  AwaitViews(deps, req);
  projections::ViewReader reader(deps.views->Current());
  auto cp = reader.checkpoint();
  if (!cp) return SendError(res, cp.error());
  auto entries = entity == Entity::kClient ? reader.Folder(*id, as_of->value_or(AsOf{}))
                                           : reader.SubscriberFolder(*id, as_of->value_or(AsOf{}));
  if (!entries) return SendError(res, entries.error());
  JsonWriter w;
  w.BeginObject().Key("asOf").Raw(AsOfJson(*cp))
      .Field(entity == Entity::kClient ? "client" : "subscriber", *id)
      .Key("entries").Raw(EntriesJson(*entries)).EndObject();
  SendJson(res, 200, w.str());
}

}  // namespace

void AddViewRoutes(httplib::Server& server, const ServerDeps& deps) {
  for (const EntityRoute& route : kEntities) {
    const std::string base = std::string("/v1/") + route.plural;
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)", "GET " + base + "/{id}",
             [deps, route](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
               GetRecord(deps, route, req, res);
             });
    AddRoute(server, deps, Method::kGet, base + "/([^/]+)/history", "GET " + base + "/{id}/history",
             [deps, route](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
               GetHistory(deps, route, req, res);
             });
    if (route.entity == Entity::kClient || route.entity == Entity::kSubscriber) {
      AddRoute(server, deps, Method::kGet, base + "/([^/]+)/folder", "GET " + base + "/{id}/folder",
               [deps, entity = route.entity](const httplib::Request& req, httplib::Response& res,
                                             const ActorRef&) { GetFolder(deps, entity, req, res); });
    }
  }
}

}  // namespace bitacora::shim
