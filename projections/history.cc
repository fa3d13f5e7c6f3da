#include "projections/history.h"

#include "core/domain/ids.h"
#include "projections/folder_detail.h"

namespace bitacora::projections {
namespace {

Code NotFoundCode(Entity entity) {
  switch (entity) {
    case Entity::kClient: return Code::kClientNotFound;
    case Entity::kCase: return Code::kCaseNotFound;
    case Entity::kOrder: return Code::kOrderNotFound;
    case Entity::kSubscriber: return Code::kSubscriberNotFound;
    case Entity::kMeter: return Code::kMeterNotFound;
  }
  return Code::kInternal;
}

// Calls fn(info, payload) for each event of the entity's stream within `as_of`; returns how many.
template <class Fn>
Result<size_t> ForEachEvent(const EventStore& store, Entity entity, std::string_view id, AsOf as_of, Fn fn) {
  const std::string stream = StreamOf(entity, id);
  size_t count = 0;
  uint64_t from = 1;
  constexpr size_t kPage = 256;
  for (;;) {
    auto page = store.ReadStream(stream, from, Direction::kForward, kPage);
    if (!page) return Fail(page.error());
    for (const StoredEvent& e : *page) {
      auto env = e.envelope();
      if (!as_of.Includes(env.getPosition(), env.getRecordedAtNs())) return count;
      fn(InfoOf(env), env.getPayload());
      ++count;
    }
    if (page->size() < kPage) break;
    from += kPage;
  }
  return count;
}

template <class T>
Result<T> FoldAsOf(const EventStore& store, Entity entity, std::string_view id, AsOf as_of) {
  T record;
  auto n = ForEachEvent(store, entity, id, as_of,
                        [&](const EventInfo& info, schema::Event::Reader e) { Apply(record, info, e); });
  if (!n) return Fail(n.error());
  if (*n == 0) return Fail(NotFoundCode(entity), "Sin eventos de " + std::string(id));
  return record;
}

}  // namespace

std::string StreamOf(Entity entity, std::string_view id) {
  switch (entity) {
    case Entity::kClient: return domain::ClientStream(id);
    case Entity::kCase: return domain::CaseStream(id);
    case Entity::kOrder: return domain::OrderStream(id);
    case Entity::kSubscriber: return domain::SubscriberStream(id);
    case Entity::kMeter: return domain::MeterStream(id);
  }
  return std::string(id);
}

Result<std::vector<FolderEntry>> History(const EventStore& store, Entity entity, std::string_view id, AsOf as_of) {
  std::vector<FolderEntry> out;
  auto n = ForEachEvent(store, entity, id, as_of, [&](const EventInfo& info, schema::Event::Reader e) {
    FolderEntry entry;
    entry.position = info.position;
    entry.stream_id = info.stream_id;
    entry.event_type = static_cast<uint16_t>(e.which());
    entry.document = std::string(id);
    entry.detail = FolderDetail(e);
    entry.case_id = info.case_id;
    entry.actor_id = info.actor_id;
    entry.role = info.role;
    entry.credential = info.credential;
    entry.recorded_at_ns = info.recorded_at_ns;
    entry.occurred_at_ns = info.occurred_at_ns;
    entry.hash = info.hash;
    out.push_back(std::move(entry));
  });
  if (!n) return Fail(n.error());
  if (*n == 0) return Fail(NotFoundCode(entity), "Sin eventos de " + std::string(id));
  return out;
}

Result<ClientRecord> ClientAsOf(const EventStore& s, std::string_view id, AsOf a) {
  return FoldAsOf<ClientRecord>(s, Entity::kClient, id, a);
}
Result<CaseRecord> CaseAsOf(const EventStore& s, std::string_view id, AsOf a) {
  return FoldAsOf<CaseRecord>(s, Entity::kCase, id, a);
}
Result<OrderRecord> OrderAsOf(const EventStore& s, std::string_view id, AsOf a) {
  return FoldAsOf<OrderRecord>(s, Entity::kOrder, id, a);
}
Result<SubscriberRecord> SubscriberAsOf(const EventStore& s, std::string_view id, AsOf a) {
  return FoldAsOf<SubscriberRecord>(s, Entity::kSubscriber, id, a);
}
Result<MeterRecord> MeterAsOf(const EventStore& s, std::string_view id, AsOf a) {
  return FoldAsOf<MeterRecord>(s, Entity::kMeter, id, a);
}

}  // namespace bitacora::projections
