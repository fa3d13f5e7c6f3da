// Evolve() for users who sign in with a password (stream "user-<username>").
#include "core/domain/state.h"

namespace bitacora::domain {

using E = schema::Event;

void Evolve(UserState& s, const EventMeta& meta, E::Reader e) {
  switch (e.which()) {
    case E::USER_CREATED: {
      auto p = e.getUserCreated();
      s.exists = true;
      s.username = p.getUsername().cStr();
      s.full_name = p.getFullName().cStr();
      s.role = p.getRole().cStr();
      s.agency = p.getAgency().cStr();
      s.window = p.getWindow().cStr();
      s.password_hash = p.getPasswordHash().cStr();
      s.disabled = false;
      s.disable_reason.clear();
      s.created_at_position = meta.position;
      s.created_at_ns = meta.recorded_at_ns;
      s.updated_at_ns = meta.recorded_at_ns;
      break;
    }
    case E::USER_ROLE_CHANGED:
      s.role = e.getUserRoleChanged().getRole().cStr();
      s.updated_at_ns = meta.recorded_at_ns;
      break;
    case E::USER_PASSWORD_RESET:
      s.password_hash = e.getUserPasswordReset().getPasswordHash().cStr();
      s.updated_at_ns = meta.recorded_at_ns;
      break;
    case E::USER_DISABLED:
      s.disabled = true;
      s.disable_reason = e.getUserDisabled().getReason().cStr();
      s.updated_at_ns = meta.recorded_at_ns;
      break;
    // Nothing to fold: sign-ins, notes and corrections change no user; the rest are other streams'.
    case E::SIGNED_IN:
    case E::SIGN_IN_FAILED:
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
    case E::ORDER_ISSUED:
    case E::ORDER_HANDED_TO_TECHNICIAN:
    case E::ORDER_RETURNED:
    case E::RECONNECTION_INSPECTION_PROCESSED:
    case E::ORDER_VERIFIED:
    case E::ORDER_SENT_BACK:
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
    case E::REQUIREMENTS_ORDER_PROCESSED:
    case E::ORDER_ARCHIVED:
    case E::ORDER_SENT_TO_ODECO:
    case E::ORDER_PROCESSED_BY_ODECO:
    case E::ORDER_SENT_TO_CPD:
    case E::ORDER_RECEIVED_BY_CPD:
    case E::ORDER_ANNULLED:
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
    case E::NOTE_RECORDED:
    case E::TOKEN_ISSUED:
    case E::TOKEN_REVOKED:
    case E::CASE_WITHDRAWN:
    case E::REQUIREMENTS_ORDER_UNFINISHED:
    case E::PAYMENT_REFUNDED:
    case E::METER_REGISTRATION_GUIDE_ISSUED:
      break;
  }
}

}  // namespace bitacora::domain
