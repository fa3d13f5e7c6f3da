// History and as-of queries, read straight from the event store's stream index: every event of
// one entity in order (who, role, recorded and occurred time, position, hash), and the entity's
// record as it stood at a past position or recorded time, folded with the same Apply() as the
// live view (streams are short: an order has about ten events).
#ifndef BITACORA_PROJECTIONS_HISTORY_H_
#define BITACORA_PROJECTIONS_HISTORY_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/records.h"
#include "projections/views.h"

namespace bitacora::projections {

enum class Entity { kClient, kCase, kOrder, kSubscriber, kMeter };

// The stream an entity is kept in ("order-ORT-2026-000001" for kOrder and "ORT-2026-000001").
std::string StreamOf(Entity entity, std::string_view id);

// Every event of the entity up to `as_of`, in order, as recorded (a correction is an entry of its
// own, naming the entry it corrects); entry.document is the entity id.
// kNotFound ("<entity>_not_found") when there is none. Thread-safe as the store is.
[[nodiscard]] Result<std::vector<FolderEntry>> History(const EventStore& store, Entity entity,
                                                       std::string_view id, AsOf as_of = {});

// The entity's record as of `as_of`, with the corrections recorded by then applied. kNotFound
// when it had no event by then.
[[nodiscard]] Result<ClientRecord> ClientAsOf(const EventStore& store, std::string_view ci, AsOf as_of);
[[nodiscard]] Result<CaseRecord> CaseAsOf(const EventStore& store, std::string_view case_id, AsOf as_of);
[[nodiscard]] Result<OrderRecord> OrderAsOf(const EventStore& store, std::string_view number, AsOf as_of);
[[nodiscard]] Result<SubscriberRecord> SubscriberAsOf(const EventStore& store, std::string_view number, AsOf as_of);
[[nodiscard]] Result<MeterRecord> MeterAsOf(const EventStore& store, std::string_view serial, AsOf as_of);

// Replaces `record` with the fold of `stream_id`'s events up to position `to`, each read as the
// corrections among them leave it: what the projector does when a correction arrives, so the
// views apply the corrected value. Thread-safe as the store is.
// Defined for ClientRecord, CaseRecord, OrderRecord, SubscriberRecord, MeterRecord, TokenRecord, UserRecord.
template <class Record>
[[nodiscard]] Status Refold(const EventStore& store, std::string_view stream_id, uint64_t to, Record& record);

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_HISTORY_H_
