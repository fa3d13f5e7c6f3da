// The views as JSON for the REST API and `--json`: one object per record, folder and history
// entries as arrays. Field names in English (camelCase), labels for the desk in Spanish.
#ifndef BITACORA_APP_VIEWS_JSON_H_
#define BITACORA_APP_VIEWS_JSON_H_

#include <capnp/schema.h>

#include <string>
#include <vector>

#include "projections/records.h"
#include "projections/view_db.h"

namespace bitacora::app {

// The schema name of an enum value ("newConnection"); its number when out of range. Pure.
template <class E>
std::string EnumName(E value) {
  auto enumerants = capnp::Schema::from<E>().getEnumerants();
  const auto i = static_cast<unsigned>(value);
  return i < enumerants.size() ? std::string(enumerants[i].getProto().getName().cStr())
                               : std::to_string(i);
}

// Each returns one JSON object; `as_of` is the checkpoint the answer reflects.
std::string ClientJson(const projections::ClientRecord& r);
std::string CaseJson(const projections::CaseRecord& r);
std::string OrderJson(const projections::OrderRecord& r);
std::string SubscriberJson(const projections::SubscriberRecord& r);
std::string MeterJson(const projections::MeterRecord& r);
// {"entries":[...]} with each entry's position, stream, event, label, document, case,
// subscriber, actor, role, recordedAt, occurredAt, hash.
std::string EntriesJson(const std::vector<projections::FolderEntry>& entries);

// Wraps a body: {"asOf":{"position":P,"hash":H}, "<key>": body}.
std::string WithCheckpoint(const projections::Checkpoint& checkpoint, const std::string& key,
                           const std::string& body);

// RFC 3339 UTC ("2026-11-18T14:13:20Z") from ns; "" for 0.
std::string Rfc3339(int64_t ns);
// English code of an order status ("issued", "archived", ...).
std::string OrderStatusCode(domain::OrderStatus status);

}  // namespace bitacora::app

#endif  // BITACORA_APP_VIEWS_JSON_H_
