// The desk's queues (#15): the orders waiting for someone, read from one snapshot of the views,
// each answered as a QueueAnswer (events/api.capnp) by GET /v1/queues/{name} and `bitacora queue`.
#ifndef BITACORA_APP_QUEUES_H_
#define BITACORA_APP_QUEUES_H_

#include <optional>
#include <string>
#include <string_view>

#include "app/answer_codec.h"
#include "core/result.h"
#include "events/envelope.capnp.h"
#include "projections/views.h"

namespace bitacora::app {

enum class QueueKind {
  kWithTechnicians,       // "with-technicians": handed to a technician, not returned
  kAwaitingPayment,       // "awaiting-payment": a quote (COT) issued, not paid
  kAwaitingDelivery,      // "awaiting-delivery": an OEM or OEMD issued, not delivered
  kAwaitingVerification,  // "awaiting-verification", ?date=: returned that day, not verified
  kOdecoPending,          // "odeco-pending": sent to ODECO, not processed by ODECO
};

// The queue named `name`; nullopt when unknown (the shims answer route_not_found). Pure.
std::optional<QueueKind> QueueKindOf(std::string_view name);

// Whether `role` may read the queue (docs/rest.md, "Queues"): the platform, the supervisor and
// the auditor read every queue; the technicians theirs, the cashier the payments, the warehouse
// the deliveries, ODECO its pending list. Pure.
bool RoleMayReadQueue(QueueKind kind, schema::Role role);

// The queue over one snapshot of `views`, oldest first; `actor` "" for everyone, else only the
// entries whose actor (the queue's column, docs/rest.md) is that text; `date` (La Paz
// "YYYY-MM-DD") only for awaiting-verification, where it is required. kInvalidArgument
// "period_required" (no date), "date_malformed", "bad_parameter" (a date for another queue).
[[nodiscard]] Result<OwnedAnswer> QueueQuery(const projections::ViewReader& views, QueueKind kind,
                                             std::string_view actor, std::string_view date);

}  // namespace bitacora::app

#endif  // BITACORA_APP_QUEUES_H_
