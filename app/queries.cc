#include "app/queries.h"

#include <chrono>

#include "app/as_of.h"
#include "app/command_codec.h"
#include "app/views_json.h"
#include "core/domain/case_steps.h"
#include "core/domain/ci.h"
#include "core/domain/decide.h"
#include "core/handler/command_handler.h"

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

// Fills the record member that `init` makes from `record`, or passes its error on.
template <class Record, class Init>
Status Put(const Result<Record>& record, Init init) {
  if (!record) return Fail(record.error());
  ToView(*record, init());
  return Ok();
}

// The record of `entity` `id` into `out`: from the live view, or folded from its stream as of then.
Status FillRecord(const EventStore& store, const projections::ViewReader& reader, Entity entity,
                  const std::string& id, const std::optional<AsOf>& as_of,
                  schema::RecordAnswer::Builder out) {
  switch (entity) {
    case Entity::kClient: {
      auto init = [&] { return out.initClient(); };
      return as_of ? Put(projections::ClientAsOf(store, id, *as_of), init)
                   : Put(reader.Client(id), init);
    }
    case Entity::kCase: {
      auto init = [&] { return out.initCase(); };
      return as_of ? Put(projections::CaseAsOf(store, id, *as_of), init)
                   : Put(reader.Case(id), init);
    }
    case Entity::kOrder: {
      auto init = [&] { return out.initOrder(); };
      return as_of ? Put(projections::OrderAsOf(store, id, *as_of), init)
                   : Put(reader.Order(id), init);
    }
    case Entity::kSubscriber: {
      auto init = [&] { return out.initSubscriber(); };
      return as_of ? Put(projections::SubscriberAsOf(store, id, *as_of), init)
                   : Put(reader.Subscriber(id), init);
    }
    case Entity::kMeter: {
      auto init = [&] { return out.initMeter(); };
      return as_of ? Put(projections::MeterAsOf(store, id, *as_of), init)
                   : Put(reader.Meter(id), init);
    }
  }
  return Fail(Code::kUnknownEntity, "");
}

// Names the entity of an entries answer: {"client": id}, {"case": id}, ...
void SetEntity(schema::EntriesAnswer::Builder out, Entity entity, const std::string& id) {
  const capnp::Text::Reader text(id.data(), id.size());
  switch (entity) {
    case Entity::kClient:
      return out.setClient(text);
    case Entity::kCase:
      return out.setCase(text);
    case Entity::kOrder:
      return out.setOrder(text);
    case Entity::kSubscriber:
      return out.setSubscriber(text);
    case Entity::kMeter:
      return out.setMeter(text);
  }
}

void SetTexts(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) {
    list.set(i, capnp::Text::Reader(values[i].data(), values[i].size()));
  }
}

// The case's current step as the deciders see it: its World loaded from the log's events within
// `limit` (the views' checkpoint, or the as_of asked for), so it agrees with the record beside it.
Status FillStep(const EventStore& store, const std::string& case_id, const AsOf& limit,
                schema::CaseStepView::Builder out) {
  domain::WorldSources sources = StoreSources(store);
  sources.read_stream = [read = sources.read_stream, limit](
                            const std::string& stream, const domain::WorldSources::EventFn& fn) {
    return read(stream, [&](const domain::EventMeta& meta, schema::Event::Reader event) {
      if (limit.Includes(meta.position, meta.recorded_at_ns)) fn(meta, event);
    });
  };
  const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  auto world = domain::LoadCaseWorld(sources, case_id, now_ns);
  if (!world) return Fail(world.error());
  const domain::CaseStepInfo info = domain::DescribeCaseStep(*world);
  out.setStep(info.id);
  out.setManual(info.manual);
  out.setLabel(info.label);
  out.setRole(info.closed ? std::string() : RoleName(info.role));
  auto commands = out.initCommands(static_cast<unsigned>(info.commands.size()));
  for (unsigned i = 0; i < info.commands.size(); ++i) {
    const std::string_view name = domain::CommandName(info.commands[i].command);
    commands[i].setCommand(capnp::Text::Reader(name.data(), name.size()));
    commands[i].setRole(info.commands[i].role);
  }
  return Ok();
}

Result<std::optional<AsOf>> AsOfOf(std::string_view text) {
  if (text.empty()) return std::optional<AsOf>();
  auto parsed = ParseAsOf(text);
  if (!parsed) return Fail(parsed.error());
  return std::optional<AsOf>(*parsed);
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

Result<OwnedAnswer> RecordQuery(const EventStore& store, const projections::ViewReader& views,
                                Entity entity, const std::string& raw_id,
                                std::string_view as_of_text) {
  auto id = IdOf(entity, raw_id);
  if (!id) return Fail(id.error());
  auto as_of = AsOfOf(as_of_text);
  if (!as_of) return Fail(as_of.error());
  auto cp = views.checkpoint();
  if (!cp) return Fail(cp.error());
  OwnedAnswer answer(capnp::Schema::from<schema::RecordAnswer>());
  auto out = answer.root().as<schema::RecordAnswer>();
  ToAsOf(*cp, out.initAsOf());
  if (Status filled = FillRecord(store, views, entity, *id, *as_of, out); !filled) {
    return Fail(filled.error());
  }
  if (entity == Entity::kClient && !*as_of) {
    auto subs = views.ClientSubscribers(*id);
    auto cases = views.ClientCases(*id);
    if (subs) SetTexts(out.initSubscribers(static_cast<unsigned>(subs->size())), *subs);
    if (cases) SetTexts(out.initCases(static_cast<unsigned>(cases->size())), *cases);
  }
  if (entity == Entity::kCase) {
    const AsOf limit = as_of->value_or(AsOf::Position(cp->position));
    if (Status step = FillStep(store, *id, limit, out.initStep()); !step) return Fail(step.error());
  }
  return answer;
}

Result<OwnedAnswer> HistoryQuery(const EventStore& store, Entity entity, const std::string& raw_id,
                                 std::string_view as_of_text) {
  auto id = IdOf(entity, raw_id);
  if (!id) return Fail(id.error());
  auto as_of = AsOfOf(as_of_text);
  if (!as_of) return Fail(as_of.error());
  auto entries = projections::History(store, entity, *id, as_of->value_or(AsOf{}));
  if (!entries) return Fail(entries.error());
  OwnedAnswer answer(capnp::Schema::from<schema::EntriesAnswer>());
  auto out = answer.root().as<schema::EntriesAnswer>();
  SetEntity(out, entity, *id);
  ToEntries(*entries, out.initEntries(static_cast<unsigned>(entries->size())));
  return answer;
}

Result<OwnedAnswer> FolderQuery(const projections::ViewReader& views, Entity entity,
                                const std::string& raw_id, std::string_view as_of_text) {
  auto id = IdOf(entity, raw_id);
  if (!id) return Fail(id.error());
  auto as_of = AsOfOf(as_of_text);
  if (!as_of) return Fail(as_of.error());
  auto cp = views.checkpoint();
  if (!cp) return Fail(cp.error());
  auto entries = entity == Entity::kClient ? views.Folder(*id, as_of->value_or(AsOf{}))
                                           : views.SubscriberFolder(*id, as_of->value_or(AsOf{}));
  if (!entries) return Fail(entries.error());
  OwnedAnswer answer(capnp::Schema::from<schema::EntriesAnswer>());
  auto out = answer.root().as<schema::EntriesAnswer>();
  ToAsOf(*cp, out.initAsOf());
  SetEntity(out, entity, *id);
  ToEntries(*entries, out.initEntries(static_cast<unsigned>(entries->size())));
  return answer;
}

}  // namespace bitacora::app
