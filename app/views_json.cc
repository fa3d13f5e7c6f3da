#include "app/views_json.h"

#include <map>
#include <utility>

#include "core/domain/ids.h"

namespace bitacora::app {
namespace {

using projections::RecordMeta;

// Text setters take a Text::Reader; this borrows a std::string (a temporary lives until the end
// of the setter's full expression).
capnp::Text::Reader T(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }

void SetTexts(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, T(values[i]));
}

void Meta(const RecordMeta& m, schema::RecordMeta::Builder out) {
  out.setEvents(m.events);
  out.setFirstPosition(m.first_position);
  out.setLastPosition(m.last_position);
  out.setCreatedAt(T(LaPazTime(m.created_at_ns)));
  out.setUpdatedAt(T(LaPazTime(m.updated_at_ns)));
}

const char* FieldOutcomeCode(domain::FieldOutcome o) {
  switch (o) {
    case domain::FieldOutcome::kPending:
      return "pending";
    case domain::FieldOutcome::kExecuted:
      return "executed";
    case domain::FieldOutcome::kNotExecuted:
      return "notExecuted";
  }
  return "pending";
}

const char* VerificationCode(projections::Verification v) {
  switch (v) {
    case projections::Verification::kPending:
      return "pending";
    case projections::Verification::kVerified:
      return "verified";
    case projections::Verification::kSentBack:
      return "sentBack";
  }
  return "pending";
}

const char* LocationCode(domain::MeterLocation l) {
  switch (l) {
    case domain::MeterLocation::kRegistered:
      return "registered";
    case domain::MeterLocation::kDelivered:
      return "delivered";
    case domain::MeterLocation::kInstalled:
      return "installed";
    case domain::MeterLocation::kRemoved:
      return "removed";
  }
  return "registered";
}

unsigned Size(size_t n) { return static_cast<unsigned>(n); }

}  // namespace

std::string LaPazTime(int64_t ns) {
  if (ns == 0) return "";
  return domain::FormatLaPazTime(ns);
}

std::string OrderStatusCode(domain::OrderStatus status) {
  static constexpr const char* kNames[] = {
      "issued",   "handedOver", "returned",         "sentBack",  "verified",      "registered",
      "archived", "atOdeco",    "processedByOdeco", "sentToCpd", "receivedByCpd", "annulled"};
  const auto i = static_cast<size_t>(status);
  return i < std::size(kNames) ? kNames[i] : "unknown";
}

void ToView(const projections::ClientRecord& r, schema::ClientView::Builder out) {
  const auto& s = r.state;
  out.setCi(T(s.ci));
  out.setDepartment(T(s.department));
  out.setFullName(T(s.full_name));
  out.setAddress(T(s.address));
  out.setPhone(T(s.phone));
  SetTexts(out.initFolderCases(Size(s.folder_cases.size())), s.folder_cases);
  Meta(r.meta, out.initMeta());
}

void ToView(const projections::CaseRecord& r, schema::CaseView::Builder out) {
  const auto& s = r.state;
  out.setId(T(s.id));
  out.setKind(s.kind);
  out.setClientCi(T(s.client_ci));
  out.setTariffCategory(s.tariff_category);
  out.setAddress(T(s.address));
  out.setSubscriberNumber(T(s.subscriber_number));
  out.setOpenedAt(T(LaPazTime(s.opened_at_ns)));
  out.setDocumentsAccepted(s.documents_accepted);
  SetTexts(out.initDocuments(Size(s.documents.size())), s.documents);
  SetTexts(out.initMissingDocuments(Size(s.missing_documents.size())), s.missing_documents);
  out.setClientRecorded(s.client_recorded);
  auto orders = out.initOrders(Size(s.orders.size()));
  for (unsigned i = 0; i < orders.size(); ++i) {
    orders[i].setType(T(std::string(domain::OrderTypeCode(s.orders[i].first))));
    orders[i].setNumber(T(s.orders[i].second));
  }
  out.setInstallationReported(s.installation_reported);
  out.setViabilityInspection(T(s.viability_inspection));
  out.setViable(s.viable);
  out.setMeterSerial(T(s.meter_serial));
  out.setMeterOwnership(s.meter_ownership);
  out.setSignedContract(T(s.signed_contract));
  out.setHandedOver(s.handed_over);
  out.setFolderAssembled(s.folder_assembled);
  out.setConditionsExplained(s.conditions_explained);
  out.setClientConfirmed(s.client_confirmed);
  out.setClosed(s.closed);
  out.setClosedAt(T(LaPazTime(r.closed_at_ns)));
  if (s.closed) out.setOutcome(T(EnumName(s.outcome)));
  out.setSentToOdeco(s.sent_to_odeco);
  out.setReceivedByOdeco(s.received_by_odeco);
  Meta(r.meta, out.initMeta());
}

void ToView(const projections::OrderRecord& r, schema::OrderView::Builder out) {
  const auto& s = r.state;
  out.setNumber(T(s.number));
  out.setType(T(std::string(domain::OrderTypeCode(s.type))));
  out.setCaseId(T(s.case_id));
  out.setClientCi(T(s.client_ci));
  out.setSubscriberNumber(T(s.subscriber_number));
  out.setIssuedAt(T(LaPazTime(s.issued_at_ns)));
  out.setIssuedBy(T(r.issued_by));
  out.setStatus(T(OrderStatusCode(s.status)));
  out.setStatusText(T(std::string(domain::OrderStatusName(s.status))));
  out.setOutcome(FieldOutcomeCode(s.outcome));
  out.setNotExecutedReason(T(s.not_executed_reason));
  SetTexts(out.initAttachedDocuments(Size(s.attached_documents.size())), s.attached_documents);
  auto lines = out.initQuoteLines(Size(s.quote_lines.size()));
  for (unsigned i = 0; i < lines.size(); ++i) {
    const auto& l = s.quote_lines[i];
    lines[i].setCode(T(l.code));
    lines[i].setDescription(T(l.description));
    lines[i].setUnit(T(l.unit));
    lines[i].setQuantity(l.quantity);
    lines[i].setUnitPriceCentavos(l.unit_price_centavos);
    lines[i].setSubtotalCentavos(l.subtotal_centavos);
  }
  out.setTotalCentavos(s.total_centavos);
  out.setReceiptNumber(s.receipt_number);
  out.setRelatedOrder(T(s.related_order));
  out.setMeterSerial(T(s.meter_serial));
  auto materials = out.initMaterials(Size(s.materials.size()));
  for (unsigned i = 0; i < materials.size(); ++i) {
    materials[i].setCode(T(s.materials[i].first));
    materials[i].setQuantity(s.materials[i].second);
  }
  out.setPlanReference(T(s.plan_reference));
  out.setSatisfactory(s.satisfactory);
  SetTexts(out.initFindings(Size(s.findings.size())), s.findings);
  out.setMeterReading(s.meter_reading);
  out.setTechnician(T(r.technician));
  out.setHandedAt(T(LaPazTime(r.handed_at_ns)));
  out.setReturnedAt(T(LaPazTime(r.returned_at_ns)));
  out.setReturnedBy(T(r.returned_by));
  out.setVerification(VerificationCode(r.verification));
  out.setSentBackCount(r.sent_back_count);
  SetTexts(out.initSentBackReasons(Size(r.sent_back_reasons.size())), r.sent_back_reasons);
  out.setControlDate(T(s.control_date));
  out.setOdecoProcessedDate(T(s.odeco_processed_date));
  out.setCpdMonth(T(s.cpd_month));
  out.setAnnulReason(T(s.annul_reason));
  Meta(r.meta, out.initMeta());
}

void ToView(const projections::SubscriberRecord& r, schema::SubscriberView::Builder out) {
  const auto& s = r.state;
  out.setNumber(T(s.number));
  out.setClientCi(T(s.client_ci));
  out.setAddress(T(s.address));
  out.setTariffCategory(s.tariff_category);
  out.setStatus(s.status);
  out.setStatusLetter(T(std::string(1, domain::SubscriberStatusLetter(s.status))));
  out.setMeterSerial(T(s.meter_serial));
  out.setOpenServiceCase(T(s.open_service_case));
  SetTexts(out.initCases(Size(r.cases.size())), r.cases);
  Meta(r.meta, out.initMeta());
}

void ToView(const projections::MeterRecord& r, schema::MeterView::Builder out) {
  const auto& s = r.state;
  out.setSerial(T(s.serial));
  out.setOwnership(s.ownership);
  out.setClientCi(T(s.client_ci));
  out.setCaseId(T(s.case_id));
  out.setLocation(LocationCode(s.location));
  out.setInstalledAt(T(s.installed_at));
  out.setWithCooperative(s.with_cooperative);
  SetTexts(out.initSubscribers(Size(r.subscribers.size())), r.subscribers);
  Meta(r.meta, out.initMeta());
}

void ToEntries(const std::vector<projections::FolderEntry>& entries,
               capnp::List<schema::FolderEntry>::Builder out) {
  // Names are looked up in the schema: once per event type of this answer, not per entry.
  std::map<uint16_t, std::pair<std::string, std::string>> names;
  for (unsigned i = 0; i < out.size() && i < entries.size(); ++i) {
    const projections::FolderEntry& e = entries[i];
    auto it = names.find(e.event_type);
    if (it == names.end()) {
      it = names
               .emplace(e.event_type, std::pair{projections::EventTypeName(e.event_type),
                                                projections::EventLabel(e.event_type)})
               .first;
    }
    auto entry = out[i];
    entry.setPosition(e.position);
    entry.setStream(T(e.stream_id));
    entry.setEvent(T(it->second.first));
    entry.setLabel(T(it->second.second));
    entry.setDocument(T(e.document));
    entry.setCaseId(T(e.case_id));
    entry.setSubscriberNumber(T(e.subscriber_number));
    entry.setActor(T(e.actor_id));
    entry.setRole(e.role);
    entry.setRecordedAt(T(LaPazTime(e.recorded_at_ns)));
    entry.setOccurredAt(T(LaPazTime(e.occurred_at_ns)));
    entry.setHash(kj::arrayPtr(e.hash.data(), e.hash.size()));
    entry.setCredential(T(e.credential));
    entry.setDetail(T(e.detail));
    if (e.corrects != 0) entry.setCorrects(e.corrects);
  }
  // Each correction is also shown beside the entry it corrects, when that entry is listed.
  std::map<uint64_t, std::vector<const projections::FolderEntry*>> corrections;
  for (const projections::FolderEntry& e : entries) {
    if (e.corrects != 0) corrections[e.corrects].push_back(&e);
  }
  if (corrections.empty()) return;
  for (unsigned i = 0; i < out.size() && i < entries.size(); ++i) {
    auto found = corrections.find(entries[i].position);
    if (found == corrections.end()) continue;
    auto notes = out[i].initCorrections(static_cast<unsigned>(found->second.size()));
    for (unsigned j = 0; j < notes.size(); ++j) {
      const projections::FolderEntry& c = *found->second[j];
      auto note = notes[j];
      note.setPosition(c.position);
      note.setField(T(c.corrected_field));
      note.setPreviousValue(T(c.previous_value));
      note.setCorrectedValue(T(c.corrected_value));
      note.setReason(T(c.correction_reason));
      note.setActor(T(c.actor_id));
      note.setRole(c.role);
      note.setRecordedAt(T(LaPazTime(c.recorded_at_ns)));
    }
  }
}

void ToAsOf(const projections::Checkpoint& checkpoint, schema::AsOf::Builder out) {
  out.setPosition(checkpoint.position);
  out.setHash(kj::arrayPtr(checkpoint.hash.data(), checkpoint.hash.size()));
}

}  // namespace bitacora::app
