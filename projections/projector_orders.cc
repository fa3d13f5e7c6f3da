// Projector's order indexes (issued, returned, closed, daily control, ODECO, CPD batch, the open
// backlog) and the numbering counters it keeps per order type and year.
#include <algorithm>

#include "core/domain/ids.h"
#include "projections/codec.h"
#include "projections/projector.h"

namespace bitacora::projections {

using E = schema::Event;

namespace {

std::string LocalDay(int64_t ns) { return domain::FormatDate(domain::ToLocalDate(ns)); }
std::string LocalMonth(int64_t ns) { return domain::FormatMonth(domain::ToLocalDate(ns)); }

}  // namespace

void Projector::IndexOrder(const OrderRecord& r, const EventInfo& info, E::Reader e) {
  const std::string& number = r.state.number;
  switch (e.which()) {
    case E::ORDER_ISSUED:
      PutIndex(keys::kIssued, LocalMonth(info.recorded_at_ns), number);
      if (IsReturnable(r.state.type)) SetOpen(number, true);
      break;
    case E::ORDER_RETURNED:
      PutIndex(keys::kReturned, LocalDay(info.recorded_at_ns), number);
      [[fallthrough]];
    case E::ORDER_ANNULLED:
    case E::RECONNECTION_INSPECTION_PROCESSED:  // processed at the desk, never returned
    case E::REQUIREMENTS_ORDER_PROCESSED:       // an 8.2 ORT has no visit
      SetOpen(number, false);
      // The month it left the backlog, so a past month's backlog can be told at its end.
      if (IsReturnable(r.state.type) && r.closed_at_ns == info.recorded_at_ns) {
        PutIndex(keys::kClosed, LocalMonth(r.closed_at_ns), number);
      }
      break;
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
      PutIndex(keys::kControl, r.state.control_date, number);
      break;
    case E::ORDER_SENT_TO_ODECO:
      PutIndex(keys::kToOdeco, LocalDay(info.recorded_at_ns), number);
      break;
    case E::ORDER_PROCESSED_BY_ODECO:
      PutIndex(keys::kOdecoDone, r.state.odeco_processed_date, number);
      break;
    case E::ORDER_SENT_TO_CPD:
      PutIndex(keys::kCpdBatch, r.state.cpd_month, number);
      break;
    // In no order index: handing over, verification, sending back, archive, CPD's receipt.
    case E::ORDER_HANDED_TO_TECHNICIAN:
    case E::ORDER_VERIFIED:
    case E::ORDER_SENT_BACK:
    case E::ORDER_ARCHIVED:
    case E::ORDER_RECEIVED_BY_CPD:
      break;
    // Comments and corrections, and the events of other streams.
    case E::COMMENT_RECORDED:
    case E::CORRECTION_RECORDED:
    case E::REQUIREMENT_CHECKLIST_SET:
    case E::MATERIAL_PRICES_SET:
    case E::TARIFF_SET:
    case E::TECHNICIAN_ON_DUTY_SET:
    case E::HOLIDAYS_SET:
    case E::CLIENT_REGISTERED:
    case E::CLIENT_DATA_UPDATED:
    case E::CLIENT_FOLDER_RECORDED:
    case E::CASE_OPENED:
    case E::DOCUMENTS_ACCEPTED:
    case E::DOCUMENTS_FOUND_INCOMPLETE:
    case E::CASE_CLIENT_RECORDED:
    case E::CASE_ORDER_LINKED:
    case E::INSTALLATION_REPORTED:
    case E::CASE_SUBSCRIBER_ASSIGNED:
    case E::VIABILITY_DECIDED:
    case E::CASE_METER_ASSIGNED:
    case E::CONTRACT_SIGNED:
    case E::DOCUMENTS_HANDED_OVER:
    case E::FOLDER_ASSEMBLED:
    case E::CUT_CONDITIONS_EXPLAINED:
    case E::CLIENT_CONFIRMED_REQUEST:
    case E::CASE_CLOSED:
    case E::CASE_RECEIVED_BY_ODECO:
    case E::SUBSCRIBER_CREATED:
    case E::SUBSCRIBER_STATUS_CHANGED:
    case E::SUBSCRIBER_METER_INSTALLED:
    case E::SUBSCRIBER_METER_REMOVED:
    case E::SUBSCRIBER_ADDRESS_CHANGED:
    case E::SERVICE_CASE_OPENED:
    case E::SERVICE_CASE_CLOSED:
    case E::METER_REGISTERED:
    case E::METER_DELIVERED:
    case E::METER_INSTALLED:
    case E::METER_REMOVED:
    case E::TOKEN_ISSUED:
    case E::TOKEN_REVOKED:
    case E::NOTE_RECORDED:
    case E::CASE_WITHDRAWN:
    case E::REQUIREMENTS_ORDER_UNFINISHED:
    case E::PAYMENT_REFUNDED:
    case E::METER_REGISTRATION_GUIDE_ISSUED:
    case E::USER_CREATED:
    case E::USER_ROLE_CHANGED:
    case E::USER_PASSWORD_RESET:
    case E::USER_DISABLED:
    case E::SIGNED_IN:
    case E::SIGN_IN_FAILED:
      break;
  }
}

Status Projector::BumpSequence(const domain::OrderState& order) {
  const std::string name =
      std::string(domain::OrderTypeCode(order.type)) + "-" + std::to_string(order.year);
  auto it = sequences_.find(name);
  if (it == sequences_.end()) {
    std::pair<uint64_t, uint64_t> value{0, 0};
    if (!db_was_empty_) {
      auto stored = db_.Get(std::string(keys::kSequence) + name);
      if (!stored) return Fail(stored.error());
      if (stored->has_value() && (*stored)->size() == 16) {
        value = {GetBE64(**stored), GetBE64(std::string_view(**stored).substr(8))};
      }
    }
    it = sequences_.emplace(name, value).first;
  }
  ++it->second.first;
  it->second.second = std::max(it->second.second, order.sequence);
  dirty_sequences_[name] = true;
  return Ok();
}

void Projector::SetOpen(const std::string& order, bool open) {
  if (!options_.bulk) {
    open_changes_[order] = open;
    return;
  }
  key_.assign(keys::kOpen);
  key_.append(order);
  if (open) {
    bulk_index_.Put(key_, "");
  } else {
    bulk_index_.Delete(key_);
  }
}

}  // namespace bitacora::projections
