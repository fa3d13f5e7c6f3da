// The views as the REST API and `--json` return them: each record, history and folder entry is a
// struct of events/api.capnp (ClientView, CaseView, ..., FolderEntry) filled here from the
// projections' records and encoded by app/answer_codec.h. Labels for the desk in Spanish.
#ifndef BITACORA_APP_VIEWS_JSON_H_
#define BITACORA_APP_VIEWS_JSON_H_

#include <capnp/schema.h>

#include <string>
#include <vector>

#include "events/api.capnp.h"
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

// Each fills `out` with the record as the API shows it. Pure.
void ToView(const projections::ClientRecord& r, schema::ClientView::Builder out);
void ToView(const projections::CaseRecord& r, schema::CaseView::Builder out);
void ToView(const projections::OrderRecord& r, schema::OrderView::Builder out);
void ToView(const projections::SubscriberRecord& r, schema::SubscriberView::Builder out);
void ToView(const projections::MeterRecord& r, schema::MeterView::Builder out);
// The entries of a history or folder, in order: position, stream, event, label, document, case,
// subscriber, actor, role, recordedAt, occurredAt, hash. Pure.
void ToEntries(const std::vector<projections::FolderEntry>& entries,
               capnp::List<schema::FolderEntry>::Builder out);
// The checkpoint an answer reflects. Pure.
void ToAsOf(const projections::Checkpoint& checkpoint, schema::AsOf::Builder out);

// What a person reads: La Paz time with its offset, RFC 3339 ("2026-11-18T10:13:20-04:00"), from
// UTC ns; "" for 0. Every time of a view, history or folder goes through it. Pure.
std::string LaPazTime(int64_t ns);
// English code of an order status ("issued", "archived", ...).
std::string OrderStatusCode(domain::OrderStatus status);

}  // namespace bitacora::app

#endif  // BITACORA_APP_VIEWS_JSON_H_
