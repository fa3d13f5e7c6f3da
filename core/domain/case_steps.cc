// Where a case stands, computed from its facts and its live orders; and the order-issuing helper.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using K = schema::CaseKind;
using T = schema::OrderType;

bool Executed(const OrderState* o) { return o != nullptr && o->outcome == FieldOutcome::kExecuted; }

// 8.1 steps 1-3 (8.2 steps 2-4 when the client has no folder); nullopt when done.
std::optional<CaseStep> IntakeStep(const World& w) {
  const CaseState& c = w.kase;
  if (!c.documents_accepted) return CaseStep::kPresentDocuments;
  if (!c.client_recorded) return CaseStep::kRegisterClient;
  if (w.LiveOrder(T::ORT) == nullptr) return CaseStep::kIssueRequirementsOrder;
  return std::nullopt;
}

// From the meter to completion: 8.1 steps 11-16, 8.2 steps 6-11.
CaseStep TailStep(const World& w) {
  const CaseState& c = w.kase;
  std::string serial;
  if (!ConnectionMeter(w, &serial)) return CaseStep::kRegisterMeter;
  const OrderState* oc = w.LiveOrder(T::OC);
  if (oc == nullptr) return CaseStep::kIssueConnectionOrder;
  const OrderState* con = w.LiveOrder(T::CON);
  if (con == nullptr) return CaseStep::kPrepareContract;
  if (c.signed_contract != con->number) return CaseStep::kSignContract;
  if (!c.handed_over) return CaseStep::kHandOverDocuments;
  if (!c.folder_assembled) return CaseStep::kAssembleFolder;
  if (!Executed(oc)) return CaseStep::kRecordEnergization;
  return CaseStep::kCompleteCase;
}

}  // namespace

bool ConnectionMeter(const World& w, std::string* serial) {
  if (!w.kase.meter_serial.empty()) {
    // A lent / GIZ meter needs its delivery order: if the OEMD was annulled, register again.
    if (w.kase.meter_ownership != schema::MeterOwnership::BOUGHT &&
        w.LiveOrder(T::OEMD) == nullptr) {
      return false;
    }
    *serial = w.kase.meter_serial;
    return true;
  }
  const K kind = w.kase.kind;
  if ((kind == K::RELOCATION || kind == K::SERVICE_DROP_REPAIR || kind == K::RECONNECTION) &&
      !w.subscriber.meter_serial.empty()) {
    *serial = w.subscriber.meter_serial;
    return true;
  }
  return false;
}

CaseStep CurrentStep(const World& w) {
  const CaseState& c = w.kase;
  if (c.closed) return CaseStep::kClosed;
  switch (c.kind) {
    case K::CUT:
      if (!c.conditions_explained) return CaseStep::kExplainCutConditions;
      if (!c.client_confirmed) return CaseStep::kConfirmRequest;
      if (w.LiveOrder(T::OCS) == nullptr) return CaseStep::kIssueCutOrder;
      return CaseStep::kRecordCutExecuted;
    case K::REMOVAL:
      if (w.LiveOrder(T::OSR) == nullptr) return CaseStep::kIssueRemovalOrder;
      return CaseStep::kRecordRemovalExecuted;
    case K::RECONNECTION: {
      if (!c.client_has_folder) {
        if (auto step = IntakeStep(w)) return *step;
      }
      const OrderState* oit = w.LiveOrder(T::OIT);
      if (oit == nullptr) return CaseStep::kIssueInspectionOrder;
      if (!oit->reconnection_processed) return CaseStep::kProcessReconnectionInspection;
      return TailStep(w);
    }
    case K::NEW_CONNECTION:  // 8.1: the connection procedure below
    case K::RELOCATION:
    case K::METER_CHANGE:
    case K::SERVICE_DROP_REPAIR:
    case K::DERIVED_CONNECTION:
      break;
  }
  if (auto step = IntakeStep(w)) return *step;
  if (!Executed(w.LiveOrder(T::ORT))) return CaseStep::kRecordVisit;
  if (w.LiveOrder(T::COT) == nullptr) return CaseStep::kIssueQuote;
  const OrderState* oem = w.LiveOrder(T::OEM);
  if (oem == nullptr) return CaseStep::kRecordPayment;
  if (!Executed(oem)) return CaseStep::kDeliverMaterials;
  if (!c.installation_reported) return CaseStep::kReportInstallation;
  const OrderState* oit = w.LiveOrder(T::OIT);
  if (oit == nullptr) return CaseStep::kIssueInspectionOrder;
  if (!Executed(oit)) return CaseStep::kRecordInspectionResult;
  if (c.viability_inspection != oit->number) return CaseStep::kDecideViability;
  return TailStep(w);
}

bool ReinspectionDue(const World& w) {
  const OrderState* last = w.LiveOrder(T::OIT);
  return w.kase.exists && !w.kase.closed && CurrentStep(w) == CaseStep::kDecideViability &&
         last != nullptr && !last->satisfactory;
}

std::string StepName(CaseStep step) {
  switch (step) {
    case CaseStep::kPresentDocuments:
      return "paso 1: presentar y verificar los documentos";
    case CaseStep::kRegisterClient:
      return "paso 2: registrar o actualizar al cliente";
    case CaseStep::kIssueRequirementsOrder:
      return "paso 3: emitir la Orden de Requisitos Técnicos";
    case CaseStep::kRecordVisit:
      return "paso 4: registrar la visita del técnico (ORT)";
    case CaseStep::kIssueQuote:
      return "paso 5: emitir la Cotización de Materiales";
    case CaseStep::kRecordPayment:
      return "paso 6: registrar el pago en cajas";
    case CaseStep::kDeliverMaterials:
      return "paso 6: entregar los materiales en almacenes";
    case CaseStep::kReportInstallation:
      return "paso 7: registrar la instalación del técnico externo";
    case CaseStep::kIssueInspectionOrder:
      return "crear el abonado y emitir la Orden de Inspección Técnica";
    case CaseStep::kRecordInspectionResult:
      return "paso 9: registrar la inspección en sitio";
    case CaseStep::kProcessReconnectionInspection:
      return "procesar la Orden de Inspección de reconexión";
    case CaseStep::kDecideViability:
      return "paso 10: decidir la viabilidad";
    case CaseStep::kRegisterMeter:
      return "paso 11: registrar el medidor";
    case CaseStep::kIssueConnectionOrder:
      return "emitir la Orden de Conexión";
    case CaseStep::kPrepareContract:
      return "preparar el contrato";
    case CaseStep::kSignContract:
      return "registrar la firma del contrato";
    case CaseStep::kHandOverDocuments:
      return "entregar contrato y órdenes";
    case CaseStep::kAssembleFolder:
      return "armar la carpeta";
    case CaseStep::kRecordEnergization:
      return "registrar la energización (Orden de Conexión)";
    case CaseStep::kCompleteCase:
      return "procesar la ORT y concluir el trámite";
    case CaseStep::kExplainCutConditions:
      return "paso 2: explicar las condiciones del corte";
    case CaseStep::kConfirmRequest:
      return "paso 3: confirmación del cliente";
    case CaseStep::kIssueCutOrder:
      return "paso 4: emitir y firmar la Orden de Corte";
    case CaseStep::kRecordCutExecuted:
      return "ejecutar la Orden de Corte";
    case CaseStep::kIssueRemovalOrder:
      return "paso 2: emitir y firmar la Orden de Suspensión o Retiro";
    case CaseStep::kRecordRemovalExecuted:
      return "ejecutar la Orden de Suspensión o Retiro";
    case CaseStep::kClosed:
      return "trámite cerrado";
  }
  return "?";
}

Status ExpectCase(const World& w) {
  if (w.kase.exists) return Ok();
  return Fail(Code::kCaseNotFound, "El comando no nombra un trámite existente.");
}

Status ExpectOpen(const World& w) {
  if (Status s = ExpectCase(w); !s) return s;
  if (w.kase.closed) {
    return Fail(Code::kCaseClosed, "El trámite " + w.kase.id + " está cerrado; no admite más pasos.");
  }
  return Ok();
}

Status ExpectStep(const World& w, CaseStep expected) {
  if (Status s = ExpectOpen(w); !s) return s;
  const CaseStep current = CurrentStep(w);
  if (current == expected) return Ok();
  std::string message = "El trámite " + w.kase.id + " está en «" + StepName(current) +
                        "»; este comando corresponde a «" + StepName(expected) + "».";
  if (current == CaseStep::kPresentDocuments && !w.kase.missing_documents.empty()) {
    return Fail(Code::kDocumentsIncomplete, message + " Faltan documentos: " + JoinSpanish(w.kase.missing_documents) + ".");
  }
  return Fail(Code::kStepNotAllowed, message);
}

std::string Bs(int64_t centavos) {
  const int64_t whole = centavos / 100;
  const int64_t cents = centavos % 100;
  return "Bs " + std::to_string(whole) + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

Status Require(std::string_view value, std::string_view what) {
  if (!value.empty()) return Ok();
  return Fail(Code::kFieldRequired, "Falta " + std::string(what) + ".");
}

Result<std::string> IssueOrder(Decision& d, const World& w, const Context& ctx,
                               schema::OrderType type,
                               const std::function<void(schema::OrderIssued::Builder)>& fill) {
  const int year = ToLocalDate(ctx.now_ns).year;
  const std::string counter = OrderCounter(type, year);
  auto it = w.counters.find(counter);
  auto sequence = d.Claim(counter, it != w.counters.end() ? it->second : 0);
  if (!sequence) return Fail(sequence.error());
  const std::string number = FormatOrderNumber(type, year, *sequence);
  auto issued = d.Emit(OrderStream(number), ctx.occurred_at_ns).initOrderIssued();
  issued.setOrderNumber(number);
  issued.setOrderType(type);
  issued.setYear(static_cast<uint16_t>(year));
  issued.setSequence(*sequence);
  issued.setCaseId(w.kase.id);
  issued.setClientCi(w.kase.client_ci);
  issued.setSubscriberNumber(w.kase.subscriber_number);
  if (fill) fill(issued);
  if (w.kase.exists) {
    auto link = d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns).initCaseOrderLinked();
    link.setOrderNumber(number);
    link.setOrderType(type);
  }
  d.issued_orders.push_back(number);
  return number;
}

}  // namespace bitacora::domain
