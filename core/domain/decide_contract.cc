// 8.1 and 8.2 from the meter to completion: meter, connection order, contract, hand-over,
// folder, completion. (Up to viability: decide_connection.cc.)
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using K = schema::CaseKind;
using T = schema::OrderType;

std::string CaseStreamOf(const World& w) { return CaseStream(w.kase.id); }

}  // namespace

namespace deciders {

Result<Decision> RegisterMeter(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kRegisterMeter); !s) return Fail(s.error());
  auto p = c.getRegisterMeter();
  const std::string serial = p.getMeterSerial().cStr();
  if (Status s = Require(serial, "el número de serie del medidor"); !s) return Fail(s.error());
  if (const MeterState* m = w.Meter(serial);
      m != nullptr && m->location == MeterLocation::kInstalled) {
    return Fail(Code::kMeterInstalledElsewhere, "El medidor " + serial +
                                                   " está instalado en el abonado " +
                                                   m->installed_at + "; primero debe retirarse.");
  }
  Decision d;
  auto reg = d.Emit(MeterStream(serial), ctx.occurred_at_ns).initMeterRegistered();
  reg.setMeterSerial(serial);
  reg.setOwnership(p.getOwnership());
  reg.setClientCi(w.kase.client_ci);
  reg.setCaseId(w.kase.id);
  reg.setBrand(p.getBrand());
  auto assigned = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initCaseMeterAssigned();
  assigned.setMeterSerial(serial);
  assigned.setOwnership(p.getOwnership());
  if (p.getOwnership() != schema::MeterOwnership::BOUGHT) {
    for (T type : {T::FRM, T::OEMD}) {
      auto number = IssueOrder(d, w, ctx, type, [&](schema::OrderIssued::Builder o) {
        o.setMeterSerial(serial);
        o.setMeterOwnership(p.getOwnership());
      });
      if (!number) return Fail(number.error());
      if (type == T::FRM) {  // step 11's second document goes with the FRM
        auto guide = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initMeterRegistrationGuideIssued();
        guide.setFrmOrderNumber(*number);
        guide.setMeterSerial(serial);
      }
    }
  }
  return d;
}

Result<Decision> IssueConnectionOrder(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  const OrderState* oit = w.LiveOrder(T::OIT);
  std::string serial;
  if (w.kase.kind != K::RECONNECTION && w.kase.kind != K::CUT && w.kase.kind != K::REMOVAL &&
      oit != nullptr && oit->outcome == FieldOutcome::kExecuted) {
    if (!oit->satisfactory) {
      return Fail(Code::kInspectionNotSatisfactory, "Sin inspección satisfactoria no se emite la "
                    "Orden de Conexión (" +
                        oit->number + ").");
    }
    if (w.kase.viability_inspection != oit->number || !w.kase.viable) {
      return Fail(Code::kViabilityNotDecided, "Sin decisión de viabilidad sobre la inspección " +
                                                 oit->number +
                                                 " no se emite la Orden de Conexión.");
    }
  }
  if (CurrentStep(w) == CaseStep::kRegisterMeter) {
    return Fail(Code::kMeterNotRegistered, "Sin medidor registrado no se emite la Orden de Conexión.");
  }
  if (Status s = ExpectStep(w, CaseStep::kIssueConnectionOrder); !s) return Fail(s.error());
  ConnectionMeter(w, &serial);
  Decision d;
  const OrderState* oemd = w.LiveOrder(T::OEMD);  // lent or GIZ meter: the OC installs it
  auto number = IssueOrder(d, w, ctx, T::OC, [&](schema::OrderIssued::Builder o) {
    o.setMeterSerial(serial);
    if (oemd != nullptr) o.setRelatedOrderNumber(oemd->number);
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> PrepareContract(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kPrepareContract); !s) return Fail(s.error());
  if (!w.client.exists) {
    return Fail(Code::kClientNotFound, "El cliente " + w.kase.client_ci + " no está registrado.");
  }
  Decision d;
  auto number = IssueOrder(d, w, ctx, T::CON, [&](schema::OrderIssued::Builder o) {
    auto terms = o.initContract();
    terms.setClientCi(w.client.ci);
    terms.setFullName(w.client.full_name);
    terms.setAddress(w.kase.address);
    terms.setSubscriberNumber(w.kase.subscriber_number);
    terms.setTariffCategory(w.kase.tariff_category);
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> RecordContractSigned(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kSignContract); !s) return Fail(s.error());
  // 8.1 step 13 "Firmar los documentos que correspondan": the contract, and the FRM if any.
  const OrderState* frm = w.LiveOrder(T::FRM);
  if (frm != nullptr && !c.getRecordContractSigned().getFrmSigned()) {
    return Fail(Code::kFrmNotSigned, "El cliente debe firmar también el Formulario de Registro de "
                                     "Medidor " + frm->number + " (medidor en préstamo o GIZ).");
  }
  Decision d;
  auto e = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initContractSigned();
  e.setContractOrderNumber(w.LiveOrder(T::CON)->number);
  if (frm != nullptr) e.setFrmOrderNumber(frm->number);
  return d;
}

Result<Decision> HandOverDocuments(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kHandOverDocuments); !s) return Fail(s.error());
  std::vector<std::string> to_client;
  std::vector<std::string> to_technician;
  for (T type : {T::CON, T::FRM}) {
    if (const OrderState* o = w.LiveOrder(type)) to_client.push_back(o->number);
  }
  for (T type : {T::OC, T::OEMD}) {
    if (const OrderState* o = w.LiveOrder(type)) to_technician.push_back(o->number);
  }
  // 8.2 step 9: "todas las órdenes servicio emitidas": the reconnection OIT, processed at the
  // desk, goes to the field with the OC and comes back with it (8.5 step 1).
  const OrderState* oit = w.LiveOrder(T::OIT);
  if (oit != nullptr && oit->reconnection_processed && oit->Outstanding()) {
    to_technician.push_back(oit->number);
  }
  Decision d;
  auto e = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initDocumentsHandedOver();
  FillTexts([&](unsigned n) { return e.initToClient(n); }, to_client);
  FillTexts([&](unsigned n) { return e.initToTechnician(n); }, to_technician);
  for (const std::string& number : to_technician) {
    if (w.Order(number)->status == OrderStatus::kIssued) {
      d.Emit(OrderStream(number), ctx.occurred_at_ns)
          .initOrderHandedToTechnician()
          .setTechnician(c.getHandOverDocuments().getTechnician());
    }
  }
  return d;
}

Result<Decision> AssembleFolder(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  const CaseStep step = CurrentStep(w);
  if (!w.kase.handed_over || w.kase.folder_assembled ||
      (step != CaseStep::kAssembleFolder && step != CaseStep::kRecordEnergization &&
       step != CaseStep::kCompleteCase)) {
    return Fail(Code::kStepNotAllowed, "El trámite " + w.kase.id + " está en «" + StepName(step) +
                                          "»; este comando corresponde a «" +
                                          StepName(CaseStep::kAssembleFolder) + "».");
  }
  std::vector<std::string> documents = w.kase.documents;
  for (const auto& [type, number] : w.kase.orders) documents.push_back(number);
  if (!w.kase.meter_guide_frm.empty()) {  // step 11's guide, a document without a number
    documents.push_back("Guía de Registro de Medidor (" + w.kase.meter_guide_frm + ")");
  }
  Decision d;
  FillTexts(
      [&](unsigned n) {
        return d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initFolderAssembled().initDocuments(n);
      },
      documents);
  auto folder =
      d.Emit(ClientStream(w.kase.client_ci), ctx.occurred_at_ns).initClientFolderRecorded();
  folder.setCaseId(w.kase.id);
  folder.setSubscriberNumber(w.kase.subscriber_number);
  return d;
}

Result<Decision> CompleteCase(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kCompleteCase); !s) return Fail(s.error());
  Decision d;
  if (const OrderState* ort = w.LiveOrder(T::ORT)) {
    d.Emit(OrderStream(ort->number), ctx.occurred_at_ns).initRequirementsOrderProcessed();
  }
  d.Emit(CaseStreamOf(w), ctx.occurred_at_ns)
      .initCaseClosed()
      .setOutcome(schema::CaseOutcome::COMPLETED);
  if (w.subscriber.open_service_case == w.kase.id) {
    d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
        .initServiceCaseClosed()
        .setCaseId(w.kase.id);
  }
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
