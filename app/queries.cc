#include "app/queries.h"

#include "app/as_of.h"
#include "app/json.h"
#include "app/views_json.h"
#include "core/crypto/sha256.h"
#include "core/domain/ci.h"

namespace bitacora::app {
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

std::string AsOfJson(const projections::Checkpoint& cp) {
  JsonWriter w;
  w.BeginObject().Field("position", cp.position).Field("hash", ToHex(cp.hash)).EndObject();
  return w.str();
}

// The record of `entity` `id` as JSON: from the live view, or folded from its stream as of then.
Result<std::string> RecordJson(const EventStore& store, const projections::ViewReader& reader,
                               Entity entity, const std::string& id, const std::optional<AsOf>& as_of) {
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
  return Fail(Code::kUnknownEntity, "");
}

Result<std::optional<AsOf>> AsOfOf(std::string_view text) {
  if (text.empty()) return std::optional<AsOf>();
  auto parsed = ParseAsOf(text);
  if (!parsed) return Fail(parsed.error());
  return std::optional<AsOf>(*parsed);
}

const char* KeyOf(Entity entity) {
  switch (entity) {
    case Entity::kClient: return "client";
    case Entity::kCase: return "case";
    case Entity::kOrder: return "order";
    case Entity::kSubscriber: return "subscriber";
    case Entity::kMeter: return "meter";
  }
  return "entity";
}

}  // namespace

std::optional<Entity> EntityOf(std::string_view name) {
  if (name == "client" || name == "clients") return Entity::kClient;
  if (name == "case" || name == "cases") return Entity::kCase;
  if (name == "order" || name == "orders") return Entity::kOrder;
  if (name == "subscriber" || name == "subscribers") return Entity::kSubscriber;
  if (name == "meter" || name == "meters") return Entity::kMeter;
  return std::nullopt;
}

Result<std::string> RecordQuery(const EventStore& store, const projections::ViewReader& views, Entity entity,
                                const std::string& raw_id, std::string_view as_of_text) {
  auto id = IdOf(entity, raw_id);
  if (!id) return Fail(id.error());
  auto as_of = AsOfOf(as_of_text);
  if (!as_of) return Fail(as_of.error());
  auto cp = views.checkpoint();
  if (!cp) return Fail(cp.error());
  auto body = RecordJson(store, views, entity, *id, *as_of);
  if (!body) return Fail(body.error());
  JsonWriter w;
  w.BeginObject().Key("asOf").Raw(AsOfJson(*cp)).Key(KeyOf(entity)).Raw(*body);
  if (entity == Entity::kClient && !*as_of) {
    auto subs = views.ClientSubscribers(*id);
    auto cases = views.ClientCases(*id);
    if (subs) w.Key("subscribers").Strings(*subs);
    if (cases) w.Key("cases").Strings(*cases);
  }
  return w.EndObject().str();
}

Result<std::string> HistoryQuery(const EventStore& store, Entity entity, const std::string& raw_id,
                                 std::string_view as_of_text) {
  auto id = IdOf(entity, raw_id);
  if (!id) return Fail(id.error());
  auto as_of = AsOfOf(as_of_text);
  if (!as_of) return Fail(as_of.error());
  auto entries = projections::History(store, entity, *id, as_of->value_or(AsOf{}));
  if (!entries) return Fail(entries.error());
  JsonWriter w;
  w.BeginObject().Field(KeyOf(entity), *id).Key("entries").Raw(EntriesJson(*entries)).EndObject();
  return w.str();
}

Result<std::string> FolderQuery(const projections::ViewReader& views, Entity entity, const std::string& raw_id,
                                std::string_view as_of_text) {
  auto id = IdOf(entity, raw_id);
  if (!id) return Fail(id.error());
  auto as_of = AsOfOf(as_of_text);
  if (!as_of) return Fail(as_of.error());
  auto cp = views.checkpoint();
  if (!cp) return Fail(cp.error());
  auto entries = entity == Entity::kClient ? views.Folder(*id, as_of->value_or(AsOf{}))
                                           : views.SubscriberFolder(*id, as_of->value_or(AsOf{}));
  if (!entries) return Fail(entries.error());
  JsonWriter w;
  w.BeginObject().Key("asOf").Raw(AsOfJson(*cp)).Field(KeyOf(entity), *id)
      .Key("entries").Raw(EntriesJson(*entries)).EndObject();
  return w.str();
}

}  // namespace bitacora::app
