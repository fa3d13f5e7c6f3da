// Evolve() for the reference data, client, subscriber and meter aggregates.
#include "core/domain/state.h"
#include "core/domain/text_list.h"

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
    default:
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
    default:
      break;
  }
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
    default:
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
    default:
      break;
  }
}

}  // namespace bitacora::domain
