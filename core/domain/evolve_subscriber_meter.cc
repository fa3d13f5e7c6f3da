// Evolve() for the subscriber (abonado) and meter aggregates.
#include "core/domain/state.h"

namespace bitacora::domain {

using E = schema::Event;

char SubscriberStatusLetter(schema::SubscriberStatus status) {
  switch (status) {
    case schema::SubscriberStatus::IN_CONNECTION:
      return 'X';
    case schema::SubscriberStatus::NORMAL:
      return 'N';
    case schema::SubscriberStatus::SUSPENDED:
      return 'S';
    case schema::SubscriberStatus::RETIRED:
      return 'R';
  }
  return '?';
}

void Evolve(SubscriberState& s, const EventMeta&, E::Reader e) {
  switch (e.which()) {
    case E::SUBSCRIBER_CREATED: {
      auto p = e.getSubscriberCreated();
      s.exists = true;
      s.number = p.getSubscriberNumber().cStr();
      s.client_ci = p.getClientCi().cStr();
      s.address = p.getAddress().cStr();
      s.tariff_category = p.getTariffCategory();
      s.status = schema::SubscriberStatus::IN_CONNECTION;
      break;
    }
    case E::SUBSCRIBER_STATUS_CHANGED:
      s.status = e.getSubscriberStatusChanged().getStatus();
      break;
    case E::SUBSCRIBER_METER_INSTALLED:
      s.meter_serial = e.getSubscriberMeterInstalled().getMeterSerial().cStr();
      break;
    case E::SUBSCRIBER_METER_REMOVED:
      if (s.meter_serial == e.getSubscriberMeterRemoved().getMeterSerial().cStr()) {
        s.meter_serial.clear();
      }
      break;
    case E::SUBSCRIBER_ADDRESS_CHANGED:
      s.address = e.getSubscriberAddressChanged().getAddress().cStr();
      break;
    case E::SERVICE_CASE_OPENED:
      s.open_service_case = e.getServiceCaseOpened().getCaseId().cStr();
      break;
    case E::SERVICE_CASE_CLOSED:
      if (s.open_service_case == e.getServiceCaseClosed().getCaseId().cStr()) {
        s.open_service_case.clear();
      }
      break;
    // Nothing to fold: comments and corrections change no state; the rest are other streams'.
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

void Evolve(MeterState& s, const EventMeta&, E::Reader e) {
  switch (e.which()) {
    case E::METER_REGISTERED: {
      auto p = e.getMeterRegistered();
      s.exists = true;
      s.serial = p.getMeterSerial().cStr();
      s.ownership = p.getOwnership();
      s.client_ci = p.getClientCi().cStr();
      s.case_id = p.getCaseId().cStr();
      s.location = MeterLocation::kRegistered;
      s.with_cooperative = false;
      break;
    }
    case E::METER_DELIVERED:
      s.location = MeterLocation::kDelivered;
      break;
    case E::METER_INSTALLED:
      s.location = MeterLocation::kInstalled;
      s.installed_at = e.getMeterInstalled().getSubscriberNumber().cStr();
      break;
    case E::METER_REMOVED:
      s.location = MeterLocation::kRemoved;
      s.installed_at.clear();
      s.with_cooperative = e.getMeterRemoved().getReturnedToCooperative();
      break;
    // Nothing to fold: comments and corrections change no state; the rest are other streams'.
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

}  // namespace bitacora::domain
