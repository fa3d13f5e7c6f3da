#include "scenarios/commands.h"

namespace bitacora::scenarios::cmd {
namespace {

using C = schema::Command;

void SetList(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& items) {
  for (unsigned i = 0; i < items.size(); ++i) list.set(i, items[i]);
}

void SetLines(capnp::List<schema::MaterialLine>::Builder list, const Materials& lines) {
  for (unsigned i = 0; i < lines.size(); ++i) {
    list[i].setCode(lines[i].first);
    list[i].setQuantity(lines[i].second);
  }
}

unsigned Size(const auto& items) { return static_cast<unsigned>(items.size()); }

}  // namespace

Fill SetChecklist(CaseKind kind, TariffCategory category, const std::vector<std::string>& docs) {
  return [=](C::Builder c) {
    auto p = c.initSetRequirementChecklist();
    p.setCaseKind(kind);
    p.setTariffCategory(category);
    SetList(p.initDocuments(Size(docs)), docs);
  };
}

Fill SetMaterialPrices(const std::vector<Material>& materials) {
  return [=](C::Builder c) {
    auto items = c.initSetMaterialPrices().initItems(Size(materials));
    for (unsigned i = 0; i < materials.size(); ++i) {
      items[i].setCode(materials[i].code);
      items[i].setDescription(materials[i].description);
      items[i].setUnit(materials[i].unit);
      items[i].setPriceCentavos(materials[i].price_centavos);
    }
  };
}

Fill SetTariff(TariffCategory category, const std::string& description, int64_t fixed_centavos,
               int64_t energy_centavos_per_kwh) {
  return [=](C::Builder c) {
    auto p = c.initSetTariff();
    p.setCategory(category);
    p.setDescription(description);
    p.setFixedChargeCentavos(fixed_centavos);
    p.setEnergyChargeCentavosPerKwh(energy_centavos_per_kwh);
  };
}

Fill SetTechnicianOnDuty(const std::string& name, const std::string& phone) {
  return [=](C::Builder c) {
    auto p = c.initSetTechnicianOnDuty();
    p.setName(name);
    p.setPhone(phone);
  };
}

Fill SetHolidays(const std::vector<std::string>& dates) {
  return [=](C::Builder c) {
    auto list = c.initSetHolidays().initDates(static_cast<unsigned>(dates.size()));
    for (unsigned i = 0; i < dates.size(); ++i) list.set(i, dates[i]);
  };
}

Fill OpenCase(CaseKind kind, const std::string& ci, const std::string& subscriber,
              const std::string& address, TariffCategory category) {
  return [=](C::Builder c) {
    auto p = c.initOpenCase();
    p.setKind(kind);
    p.setClientCi(ci);
    p.setTariffCategory(category);
    p.setAddress(address);
    p.setSubscriberNumber(subscriber);
  };
}

Fill PresentDocuments(const std::string& case_id, const std::vector<std::string>& docs,
                      schema::Referral referral) {
  return [=](C::Builder c) {
    auto p = c.initPresentDocuments();
    p.setCaseId(case_id);
    SetList(p.initDocuments(Size(docs)), docs);
    p.setReferral(referral);
  };
}

Fill RegisterClient(const std::string& case_id, const std::string& ci, const std::string& name,
                    const std::string& address, const std::string& phone) {
  return [=](C::Builder c) {
    auto p = c.initRegisterClient();
    p.setCaseId(case_id);
    p.setClientCi(ci);
    p.setFullName(name);
    p.setAddress(address);
    p.setPhone(phone);
  };
}

Fill RecordVisit(const std::string& ort, const Materials& materials, const std::string& plan,
                 const std::string& notes) {
  return [=](C::Builder c) {
    auto p = c.initRecordVisit();
    p.setOrderNumber(ort);
    SetLines(p.initMaterials(Size(materials)), materials);
    p.setPlanReference(plan);
    p.setNotes(notes);
  };
}

Fill RecordPayment(const std::string& case_id, int64_t centavos, const std::string& receipt) {
  return [=](C::Builder c) {
    auto p = c.initRecordPayment();
    p.setCaseId(case_id);
    p.setAmountCentavos(centavos);
    p.setReceiptNumber(receipt);
  };
}

Fill RecordDelivery(const std::string& oem, const Materials& items) {
  return [=](C::Builder c) {
    auto p = c.initRecordMaterialsDelivery();
    p.setOrderNumber(oem);
    SetLines(p.initItems(Size(items)), items);
  };
}

Fill ReportInstallation(const std::string& case_id, const std::string& installer) {
  return [=](C::Builder c) {
    auto p = c.initReportInstallation();
    p.setCaseId(case_id);
    p.setInstallerName(installer);
  };
}

Fill RecordInspection(const std::string& oit, bool satisfactory, const std::string& finding) {
  return [=](C::Builder c) {
    auto p = c.initRecordInspectionResult();
    p.setOrderNumber(oit);
    p.setSatisfactory(satisfactory);
    if (!satisfactory) p.initFindings(1).set(0, finding);
  };
}

Fill DecideViability(const std::string& case_id, bool viable, const std::string& reason) {
  return [=](C::Builder c) {
    auto p = c.initDecideViability();
    p.setCaseId(case_id);
    p.setViable(viable);
    p.setClientInformed(true);  // the walk's clerk tells the client at the new visit
    if (!viable) p.initReasons(1).set(0, reason);
  };
}

Fill RegisterMeter(const std::string& case_id, const std::string& serial, MeterOwnership ownership,
                   const std::string& brand) {
  return [=](C::Builder c) {
    auto p = c.initRegisterMeter();
    p.setCaseId(case_id);
    p.setMeterSerial(serial);
    p.setOwnership(ownership);
    p.setBrand(brand);
  };
}

Fill SignContract(const std::string& case_id, bool frm_signed) {
  return [=](C::Builder c) {
    auto p = c.initRecordContractSigned();
    p.setCaseId(case_id);
    p.setFrmSigned(frm_signed);
  };
}

Fill HandOver(const std::string& case_id, const std::string& technician) {
  return [=](C::Builder c) {
    auto p = c.initHandOverDocuments();
    p.setCaseId(case_id);
    p.setTechnician(technician);
  };
}

Fill RecordMeterDelivery(const std::string& oemd) {
  return [=](C::Builder c) { c.initRecordMeterDelivery().setOrderNumber(oemd); };
}

Fill RecordEnergization(const std::string& oc, const std::string& serial, int64_t reading) {
  return [=](C::Builder c) {
    auto p = c.initRecordEnergization();
    p.setOrderNumber(oc);
    p.setMeterSerial(serial);
    p.setMeterReading(reading);
  };
}

Fill CutConditions(const std::string& case_id, const std::string& conditions) {
  return [=](C::Builder c) {
    auto p = c.initRecordCutConditionsExplained();
    p.setCaseId(case_id);
    p.setConditions(conditions);
  };
}

Fill RecordCutExecuted(const std::string& ocs, int64_t reading) {
  return [=](C::Builder c) {
    auto p = c.initRecordCutExecuted();
    p.setOrderNumber(ocs);
    p.setMeterReading(reading);
  };
}

Fill IssueRemovalOrder(const std::string& case_id, schema::RemovalMode mode) {
  return [=](C::Builder c) {
    auto p = c.initIssueRemovalOrder();
    p.setCaseId(case_id);
    p.setMode(mode);
    p.setSignedByClient(true);
  };
}

Fill RecordRemovalExecuted(const std::string& osr, int64_t reading) {
  return [=](C::Builder c) {
    auto p = c.initRecordRemovalExecuted();
    p.setOrderNumber(osr);
    p.setMeterReading(reading);
  };
}

Fill AnnulOrder(const std::string& order, const std::string& reason) {
  return [=](C::Builder c) {
    auto p = c.initAnnulOrder();
    p.setOrderNumber(order);
    p.setReason(reason);
  };
}

Fill SendBack(const std::string& order, const std::string& reason) {
  return [=](C::Builder c) {
    auto p = c.initSendBackOrder();
    p.setOrderNumber(order);
    p.initReasons(1).set(0, reason);
  };
}

Fill NotExecuted(const std::string& order, const std::string& reason) {
  return [=](C::Builder c) {
    auto p = c.initRecordOrderNotExecuted();
    p.setOrderNumber(order);
    p.setReason(reason);
  };
}

}  // namespace bitacora::scenarios::cmd
