#include "app/views_json.h"

#include <map>
#include <utility>

#include "app/format.h"
#include "app/json.h"
#include "core/crypto/sha256.h"
#include "core/domain/ids.h"

namespace bitacora::app {
namespace {

using projections::RecordMeta;

void Meta(JsonWriter& w, const RecordMeta& m) {
  w.Key("meta").BeginObject()
      .Field("events", m.events)
      .Field("firstPosition", m.first_position)
      .Field("lastPosition", m.last_position)
      .Field("createdAt", Rfc3339(m.created_at_ns))
      .Field("updatedAt", Rfc3339(m.updated_at_ns))
      .EndObject();
}

const char* FieldOutcomeCode(domain::FieldOutcome o) {
  switch (o) {
    case domain::FieldOutcome::kPending: return "pending";
    case domain::FieldOutcome::kExecuted: return "executed";
    case domain::FieldOutcome::kNotExecuted: return "notExecuted";
  }
  return "pending";
}

const char* VerificationCode(projections::Verification v) {
  switch (v) {
    case projections::Verification::kPending: return "pending";
    case projections::Verification::kVerified: return "verified";
    case projections::Verification::kSentBack: return "sentBack";
  }
  return "pending";
}

const char* LocationCode(domain::MeterLocation l) {
  switch (l) {
    case domain::MeterLocation::kRegistered: return "registered";
    case domain::MeterLocation::kDelivered: return "delivered";
    case domain::MeterLocation::kInstalled: return "installed";
    case domain::MeterLocation::kRemoved: return "removed";
  }
  return "registered";
}

}  // namespace

std::string Rfc3339(int64_t ns) {
  if (ns == 0) return "";
  return FormatUtc(ns);
}

std::string OrderStatusCode(domain::OrderStatus status) {
  static constexpr const char* kNames[] = {"issued",   "handedOver", "returned",         "sentBack",
                                           "verified", "registered", "archived",         "atOdeco",
                                           "processedByOdeco", "sentToCpd", "receivedByCpd", "annulled"};
  const auto i = static_cast<size_t>(status);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

std::string ClientJson(const projections::ClientRecord& r) {
  const auto& s = r.state;
  JsonWriter w;
  w.BeginObject().Field("ci", s.ci).Field("department", s.department).Field("fullName", s.full_name)
      .Field("address", s.address).Field("phone", s.phone)
      .Key("folderCases").Strings(s.folder_cases);
  Meta(w, r.meta);
  return w.EndObject().str();
}

std::string CaseJson(const projections::CaseRecord& r) {
  const auto& s = r.state;
  JsonWriter w;
  w.BeginObject().Field("id", s.id).Field("kind", EnumName(s.kind)).Field("clientCi", s.client_ci)
      .Field("tariffCategory", EnumName(s.tariff_category)).Field("address", s.address)
      .Field("subscriberNumber", s.subscriber_number).Field("openedAt", Rfc3339(s.opened_at_ns))
      .Field("documentsAccepted", s.documents_accepted).Key("documents").Strings(s.documents)
      .Key("missingDocuments").Strings(s.missing_documents).Field("clientRecorded", s.client_recorded);
  w.Key("orders").BeginArray();
  for (const auto& [type, number] : s.orders) {
    w.BeginObject().Field("type", std::string(domain::OrderTypeCode(type))).Field("number", number).EndObject();
  }
  w.EndArray()
      .Field("installationReported", s.installation_reported)
      .Field("viabilityInspection", s.viability_inspection).Field("viable", s.viable)
      .Field("meterSerial", s.meter_serial).Field("meterOwnership", EnumName(s.meter_ownership))
      .Field("signedContract", s.signed_contract).Field("handedOver", s.handed_over)
      .Field("folderAssembled", s.folder_assembled).Field("conditionsExplained", s.conditions_explained)
      .Field("clientConfirmed", s.client_confirmed).Field("closed", s.closed)
      .Field("closedAt", Rfc3339(r.closed_at_ns));
  if (s.closed) w.Field("outcome", EnumName(s.outcome));
  w.Field("sentToOdeco", s.sent_to_odeco).Field("receivedByOdeco", s.received_by_odeco);
  Meta(w, r.meta);
  return w.EndObject().str();
}

std::string OrderJson(const projections::OrderRecord& r) {
  const auto& s = r.state;
  JsonWriter w;
  w.BeginObject().Field("number", s.number).Field("type", std::string(domain::OrderTypeCode(s.type)))
      .Field("caseId", s.case_id).Field("clientCi", s.client_ci)
      .Field("subscriberNumber", s.subscriber_number).Field("issuedAt", Rfc3339(s.issued_at_ns))
      .Field("issuedBy", r.issued_by).Field("status", OrderStatusCode(s.status))
      .Field("statusText", std::string(domain::OrderStatusName(s.status)))
      .Field("outcome", FieldOutcomeCode(s.outcome)).Field("notExecutedReason", s.not_executed_reason)
      .Key("attachedDocuments").Strings(s.attached_documents);
  w.Key("quoteLines").BeginArray();
  for (const auto& l : s.quote_lines) {
    w.BeginObject().Field("code", l.code).Field("description", l.description).Field("unit", l.unit)
        .Field("quantity", l.quantity).Field("unitPriceCentavos", l.unit_price_centavos)
        .Field("subtotalCentavos", l.subtotal_centavos).EndObject();
  }
  w.EndArray().Field("totalCentavos", s.total_centavos).Field("relatedOrder", s.related_order)
      .Field("meterSerial", s.meter_serial);
  w.Key("materials").BeginArray();
  for (const auto& [code, qty] : s.materials) {
    w.BeginObject().Field("code", code).Field("quantity", qty).EndObject();
  }
  w.EndArray().Field("planReference", s.plan_reference).Field("satisfactory", s.satisfactory)
      .Key("findings").Strings(s.findings).Field("meterReading", s.meter_reading)
      .Field("technician", r.technician).Field("handedAt", Rfc3339(r.handed_at_ns))
      .Field("returnedAt", Rfc3339(r.returned_at_ns)).Field("returnedBy", r.returned_by)
      .Field("verification", VerificationCode(r.verification))
      .Field("sentBackCount", static_cast<uint64_t>(r.sent_back_count))
      .Key("sentBackReasons").Strings(r.sent_back_reasons)
      .Field("controlDate", s.control_date).Field("odecoProcessedDate", s.odeco_processed_date)
      .Field("cpdMonth", s.cpd_month).Field("annulReason", s.annul_reason);
  Meta(w, r.meta);
  return w.EndObject().str();
}

std::string SubscriberJson(const projections::SubscriberRecord& r) {
  const auto& s = r.state;
  JsonWriter w;
  w.BeginObject().Field("number", s.number).Field("clientCi", s.client_ci).Field("address", s.address)
      .Field("tariffCategory", EnumName(s.tariff_category)).Field("status", EnumName(s.status))
      .Field("statusLetter", std::string(1, domain::SubscriberStatusLetter(s.status)))
      .Field("meterSerial", s.meter_serial).Field("openServiceCase", s.open_service_case)
      .Key("cases").Strings(r.cases);
  Meta(w, r.meta);
  return w.EndObject().str();
}

std::string MeterJson(const projections::MeterRecord& r) {
  const auto& s = r.state;
  JsonWriter w;
  w.BeginObject().Field("serial", s.serial).Field("ownership", EnumName(s.ownership))
      .Field("clientCi", s.client_ci).Field("caseId", s.case_id).Field("location", LocationCode(s.location))
      .Field("installedAt", s.installed_at).Field("withCooperative", s.with_cooperative)
      .Key("subscribers").Strings(r.subscribers);
  Meta(w, r.meta);
  return w.EndObject().str();
}

std::string EntriesJson(const std::vector<projections::FolderEntry>& entries) {
  // Names are looked up in the schema: once per event type of this answer, not per entry.
  std::map<uint16_t, std::pair<std::string, std::string>> names;
  JsonWriter w;
  w.BeginArray();
  for (const auto& e : entries) {
    auto it = names.find(e.event_type);
    if (it == names.end()) {
      it = names.emplace(e.event_type, std::pair{projections::EventTypeName(e.event_type),
                                                 projections::EventLabel(e.event_type)}).first;
    }
    w.BeginObject().Field("position", e.position).Field("stream", e.stream_id)
        .Field("event", it->second.first)
        .Field("label", it->second.second).Field("document", e.document)
        .Field("caseId", e.case_id).Field("subscriberNumber", e.subscriber_number)
        .Field("actor", e.actor_id).Field("role", EnumName(e.role))
        .Field("recordedAt", Rfc3339(e.recorded_at_ns)).Field("occurredAt", Rfc3339(e.occurred_at_ns))
        .Field("hash", ToHex(e.hash)).EndObject();
  }
  return w.EndArray().str();
}

std::string WithCheckpoint(const projections::Checkpoint& checkpoint, const std::string& key,
                           const std::string& body) {
  JsonWriter w;
  w.BeginObject().Key("asOf").BeginObject().Field("position", checkpoint.position)
      .Field("hash", ToHex(checkpoint.hash)).EndObject().Key(key).Raw(body);
  return w.EndObject().str();
}

}  // namespace bitacora::app
