#include "projections/history.h"

#include "core/domain/correction.h"
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

// The events of `stream` within `as_of`, in order (kept alive by the caller).
Result<std::vector<StoredEvent>> ReadStreamAsOf(const EventStore& store, const std::string& stream,
                                                AsOf as_of) {
  std::vector<StoredEvent> out;
  uint64_t from = 1;
  constexpr size_t kPage = 256;
  for (;;) {
    auto page = store.ReadStream(stream, from, Direction::kForward, kPage);
    if (!page) return Fail(page.error());
    const size_t got = page->size();
    for (StoredEvent& e : *page) {
      auto env = e.envelope();
      if (!as_of.Includes(env.getPosition(), env.getRecordedAtNs())) return out;
      out.push_back(std::move(e));
    }
    if (got < kPage) break;
    from += kPage;
  }
  return out;
}

// Folds the stream's events within `as_of` into `record`, each event read as the corrections
// among them leave it (core/domain/correction.h). Returns how many events there were.
template <class T>
Result<size_t> FoldStream(const EventStore& store, const std::string& stream, AsOf as_of, T& record) {
  auto events = ReadStreamAsOf(store, stream, as_of);
  if (!events) return Fail(events.error());
  std::vector<domain::StreamEvent> payloads;
  payloads.reserve(events->size());
  for (const StoredEvent& e : *events) {
    payloads.push_back({e.envelope().getPosition(), e.envelope().getPayload()});
  }
  domain::ForEachCorrected(payloads, [&](size_t i, schema::Event::Reader e) {
    Apply(record, InfoOf((*events)[i].envelope()), e);
  });
  return events->size();
}

template <class T>
Result<T> FoldAsOf(const EventStore& store, Entity entity, std::string_view id, AsOf as_of) {
  T record;
  auto n = FoldStream(store, StreamOf(entity, id), as_of, record);
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
  auto events = ReadStreamAsOf(store, StreamOf(entity, id), as_of);
  if (!events) return Fail(events.error());
  for (const StoredEvent& stored : *events) {
    const EventInfo info = InfoOf(stored.envelope());
    const schema::Event::Reader e = stored.envelope().getPayload();
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
    NoteCorrection(e, entry);
    out.push_back(std::move(entry));
  }
  if (out.empty()) return Fail(NotFoundCode(entity), "Sin eventos de " + std::string(id));
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

template <class T>
Status Refold(const EventStore& store, std::string_view stream_id, uint64_t to, T& record) {
  T fresh;
  auto n = FoldStream(store, std::string(stream_id), AsOf::Position(to), fresh);
  if (!n) return Fail(n.error());
  record = std::move(fresh);
  return Ok();
}

template Status Refold(const EventStore&, std::string_view, uint64_t, ClientRecord&);
template Status Refold(const EventStore&, std::string_view, uint64_t, CaseRecord&);
template Status Refold(const EventStore&, std::string_view, uint64_t, OrderRecord&);
template Status Refold(const EventStore&, std::string_view, uint64_t, SubscriberRecord&);
template Status Refold(const EventStore&, std::string_view, uint64_t, MeterRecord&);
template Status Refold(const EventStore&, std::string_view, uint64_t, TokenRecord&);
template Status Refold(const EventStore&, std::string_view, uint64_t, UserRecord&);

}  // namespace bitacora::projections
