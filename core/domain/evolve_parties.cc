// Evolve() for the reference data and client aggregates. (Subscriber and meter:
// evolve_subscriber_meter.cc.)
#include "core/domain/state.h"
#include "core/domain/text_list.h"

namespace bitacora::domain {

using E = schema::Event;

void Evolve(ReferenceState& s, const EventMeta&, E::Reader e) {
  switch (e.which()) {
    case E::REQUIREMENT_CHECKLIST_SET: {
      auto p = e.getRequirementChecklistSet();
      s.checklists[{p.getCaseKind(), p.getTariffCategory()}] = ToStrings(p.getDocuments());
      break;
    }
    case E::MATERIAL_PRICES_SET:
      for (auto item : e.getMaterialPricesSet().getItems()) {
        s.prices[item.getCode().cStr()] = MaterialPriceEntry{
            item.getDescription().cStr(), item.getUnit().cStr(), item.getPriceCentavos()};
      }
      break;
    case E::TARIFF_SET: {
      auto p = e.getTariffSet();
      s.tariffs[p.getCategory()] = TariffEntry{
          p.getDescription().cStr(), p.getFixedChargeCentavos(), p.getEnergyChargeCentavosPerKwh()};
      break;
    }
    case E::TECHNICIAN_ON_DUTY_SET:
      s.technician_on_duty = e.getTechnicianOnDutySet().getName().cStr();
      s.technician_phone = e.getTechnicianOnDutySet().getPhone().cStr();
      break;
    case E::HOLIDAYS_SET:
      s.holidays.clear();
      for (auto date : e.getHolidaysSet().getDates()) s.holidays.insert(date.cStr());
      break;
    // Nothing to fold: comments and corrections change no state; the rest are other streams'.
    case E::COMMENT_RECORDED:
    case E::CORRECTION_RECORDED:
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

void Evolve(ClientState& s, const EventMeta&, E::Reader e) {
  switch (e.which()) {
    case E::CLIENT_REGISTERED: {
      auto p = e.getClientRegistered();
      s.exists = true;
      s.ci = p.getCi().cStr();
      s.department = p.getCiDepartment().cStr();
      s.full_name = p.getFullName().cStr();
      s.address = p.getAddress().cStr();
      s.phone = p.getPhone().cStr();
      break;
    }
    case E::CLIENT_DATA_UPDATED: {
      auto p = e.getClientDataUpdated();
      if (p.getCiDepartment().size() > 0) s.department = p.getCiDepartment().cStr();
      s.full_name = p.getFullName().cStr();
      s.address = p.getAddress().cStr();
      s.phone = p.getPhone().cStr();
      break;
    }
    case E::CLIENT_FOLDER_RECORDED:
      s.folder_cases.emplace_back(e.getClientFolderRecorded().getCaseId().cStr());
      break;
    // Nothing to fold: comments and corrections change no state; the rest are other streams'.
    case E::COMMENT_RECORDED:
    case E::CORRECTION_RECORDED:
    case E::REQUIREMENT_CHECKLIST_SET:
    case E::MATERIAL_PRICES_SET:
    case E::TARIFF_SET:
    case E::TECHNICIAN_ON_DUTY_SET:
    case E::HOLIDAYS_SET:
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
