// 8.1 steps 5-16 and 8.2 steps 5-11: quote, payment, installation, inspection, viability, meter,
// connection order, contract, hand-over, folder, completion.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using K = schema::CaseKind;
using T = schema::OrderType;

std::string Bs(int64_t centavos) {
  const int64_t whole = centavos / 100;
  const int64_t cents = centavos % 100;
  return "Bs " + std::to_string(whole) + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

std::string CaseStreamOf(const World& w) { return CaseStream(w.kase.id); }

Result<Decision> IssueQuote(const World& w, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kIssueQuote); !s) return Fail(s.error());
  const OrderState* ort = w.LiveOrder(T::ORT);
  std::vector<QuoteLineEntry> lines;
  std::vector<std::string> unpriced;
  int64_t total = 0;
  for (const auto& [code, quantity] : ort->materials) {
    auto price = w.reference.prices.find(code);
    if (price == w.reference.prices.end()) {
      unpriced.push_back(code);
      continue;
    }
    const int64_t subtotal = quantity * price->second.price_centavos;
    lines.push_back(QuoteLineEntry{code, price->second.description, price->second.unit, quantity,
                                   price->second.price_centavos, subtotal});
    total += subtotal;
  }
  if (!unpriced.empty()) {
    return Refuse("price_missing",
                  "Sin precio vigente en la lista de precios: " + JoinSpanish(unpriced) + ".");
  }
  Decision d;
  auto number = IssueOrder(d, w, ctx, T::COT, [&](schema::OrderIssued::Builder o) {
    auto out = o.initQuoteLines(static_cast<unsigned>(lines.size()));
    for (unsigned i = 0; i < lines.size(); ++i) {
      out[i].setCode(lines[i].code);
      out[i].setDescription(lines[i].description);
      out[i].setUnit(lines[i].unit);
      out[i].setQuantity(lines[i].quantity);
      out[i].setUnitPriceCentavos(lines[i].unit_price_centavos);
      out[i].setSubtotalCentavos(lines[i].subtotal_centavos);
    }
    o.setTotalCentavos(total);
    o.setRelatedOrderNumber(ort->number);
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> RecordPayment(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kRecordPayment); !s) return Fail(s.error());
  const int64_t amount = c.getRecordPayment().getAmountCentavos();
  const OrderState* cot = w.LiveOrder(T::COT);
  if (amount <= 0) return Refuse("value_out_of_range", "El monto pagado debe ser mayor que cero.");
  if (amount < cot->total_centavos) {
    return Refuse("payment_insufficient", "El pago de " + Bs(amount) + " no cubre la cotización " +
                                              cot->number + " de " + Bs(cot->total_centavos) + ".");
  }
  Decision d;
  auto number = IssueOrder(d, w, ctx, T::OEM, [&](schema::OrderIssued::Builder o) {
    auto out = o.initQuoteLines(static_cast<unsigned>(cot->quote_lines.size()));
    for (unsigned i = 0; i < cot->quote_lines.size(); ++i) {
      const QuoteLineEntry& l = cot->quote_lines[i];
      out[i].setCode(l.code);
      out[i].setDescription(l.description);
      out[i].setUnit(l.unit);
      out[i].setQuantity(l.quantity);
      out[i].setUnitPriceCentavos(l.unit_price_centavos);
      out[i].setSubtotalCentavos(l.subtotal_centavos);
    }
    o.setTotalCentavos(amount);
    o.setRelatedOrderNumber(cot->number);
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> ReportInstallation(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kReportInstallation); !s) return Fail(s.error());
  auto p = c.getReportInstallation();
  if (Status s = Require(p.getInstallerName().cStr(), "el nombre del técnico externo autorizado");
      !s) {
    return Fail(s.error());
  }
  Decision d;
  auto e = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initInstallationReported();
  e.setInstallerName(p.getInstallerName());
  e.setNotes(p.getNotes());
  return d;
}

schema::InspectionKind InspectionKindOf(K kind) {
  switch (kind) {
    case K::RELOCATION:
      return schema::InspectionKind::RELOCATION;
    case K::DERIVED_CONNECTION:
      return schema::InspectionKind::DERIVED;
    case K::RECONNECTION:
      return schema::InspectionKind::RECONNECTION;
    default:
      return schema::InspectionKind::NEW_INSTALLATION;
  }
}

Result<Decision> IssueInspectionOrder(const World& w, const Context& ctx) {
  const OrderState* last = w.LiveOrder(T::OIT);
  const bool reinspection = w.kase.exists && !w.kase.closed &&
                            CurrentStep(w) == CaseStep::kDecideViability && last != nullptr &&
                            !last->satisfactory;
  if (!reinspection) {
    if (Status s = ExpectStep(w, CaseStep::kIssueInspectionOrder); !s) return Fail(s.error());
  }
  Decision d;
  std::string subscriber = w.kase.subscriber_number;
  if (subscriber.empty()) {  // 8.1 step 8: create the subscriber number
    const std::string counter(kSubscriberCounter);
    auto seq = d.Claim(counter, w.counters.contains(counter) ? w.counters.at(counter) : 0);
    if (!seq) return Fail(seq.error());
    subscriber = FormatSubscriberNumber(*seq);
    auto created = d.Emit(SubscriberStream(subscriber), ctx.occurred_at_ns).initSubscriberCreated();
    created.setSubscriberNumber(subscriber);
    created.setClientCi(w.kase.client_ci);
    created.setAddress(w.kase.address);
    created.setTariffCategory(w.kase.tariff_category);
    created.setCaseId(w.kase.id);
    d.Emit(CaseStreamOf(w), ctx.occurred_at_ns)
        .initCaseSubscriberAssigned()
        .setSubscriberNumber(subscriber);
    d.subscriber_number = subscriber;
  }
  auto number = IssueOrder(d, w, ctx, T::OIT, [&](schema::OrderIssued::Builder o) {
    o.setSubscriberNumber(subscriber);
    o.setInspectionKind(InspectionKindOf(w.kase.kind));
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> ProcessReconnectionInspection(const World& w, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kProcessReconnectionInspection); !s)
    return Fail(s.error());
  const OrderState* oit = w.LiveOrder(T::OIT);
  const int64_t elapsed = ctx.now_ns - oit->issued_at_ns;
  if (elapsed < ctx.reconnection_window_ns) {
    constexpr int64_t kMinute = 60LL * 1'000'000'000;
    const int64_t minutes = (ctx.reconnection_window_ns - elapsed + kMinute - 1) / kMinute;
    return Refuse("reconnection_window_open",
                  (minutes == 1 ? std::string("Falta 1 minuto")
                                : "Faltan " + std::to_string(minutes) + " minutos") +
                      " para procesar la Orden de Inspección " + oit->number + " (plazo de " +
                      std::to_string(ctx.reconnection_window_ns / kMinute) +
                      " minutos desde su emisión).");
  }
  Decision d;
  d.Emit(OrderStream(oit->number), ctx.occurred_at_ns).initReconnectionInspectionProcessed();
  return d;
}

Result<Decision> DecideViability(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kDecideViability); !s) return Fail(s.error());
  auto p = c.getDecideViability();
  const OrderState* oit = w.LiveOrder(T::OIT);
  if (p.getViable() && !oit->satisfactory) {
    return Refuse("inspection_not_satisfactory",
                  "La inspección " + oit->number +
                      " no fue satisfactoria: no se puede declarar "
                      "viable. Emita una nueva inspección o declare el trámite no viable.");
  }
  if (!p.getViable() && p.getReasons().size() == 0) {
    return Refuse("reason_required", "Indique las razones por las que el trámite no es viable.");
  }
  Decision d;
  auto e = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initViabilityDecided();
  e.setInspectionOrderNumber(oit->number);
  e.setViable(p.getViable());
  e.setReasons(p.getReasons());
  e.setClientInformed(true);
  if (!p.getViable()) {
    auto closed = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initCaseClosed();
    closed.setOutcome(schema::CaseOutcome::NOT_VIABLE);
    closed.setSentToOdeco(true);
    closed.setReasons(p.getReasons());
    if (w.subscriber.exists && w.subscriber.status == schema::SubscriberStatus::IN_CONNECTION) {
      auto st = d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
                    .initSubscriberStatusChanged();
      st.setStatus(schema::SubscriberStatus::RETIRED);
      st.setCaseId(w.kase.id);
      st.setReason("trámite no viable");
    }
  }
  return d;
}

Result<Decision> RegisterMeter(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kRegisterMeter); !s) return Fail(s.error());
  auto p = c.getRegisterMeter();
  const std::string serial = p.getMeterSerial().cStr();
  if (Status s = Require(serial, "el número de serie del medidor"); !s) return Fail(s.error());
  if (const MeterState* m = w.Meter(serial);
      m != nullptr && m->location == MeterLocation::kInstalled) {
    return Refuse("meter_installed_elsewhere", "El medidor " + serial +
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
    }
  }
  return d;
}

Result<Decision> IssueConnectionOrder(const World& w, const Context& ctx) {
  if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  const OrderState* oit = w.LiveOrder(T::OIT);
  std::string serial;
  if (w.kase.kind != K::RECONNECTION && w.kase.kind != K::CUT && w.kase.kind != K::REMOVAL &&
      oit != nullptr && oit->outcome == FieldOutcome::kExecuted) {
    if (!oit->satisfactory) {
      return Refuse("inspection_not_satisfactory",
                    "Sin inspección satisfactoria no se emite la "
                    "Orden de Conexión (" +
                        oit->number + ").");
    }
    if (w.kase.viability_inspection != oit->number || !w.kase.viable) {
      return Refuse("viability_not_decided", "Sin decisión de viabilidad sobre la inspección " +
                                                 oit->number +
                                                 " no se emite la Orden de Conexión.");
    }
  }
  if (CurrentStep(w) == CaseStep::kRegisterMeter) {
    return Refuse("meter_not_registered",
                  "Sin medidor registrado no se emite la Orden de Conexión.");
  }
  if (Status s = ExpectStep(w, CaseStep::kIssueConnectionOrder); !s) return Fail(s.error());
  ConnectionMeter(w, &serial);
  Decision d;
  auto number = IssueOrder(d, w, ctx, T::OC,
                           [&](schema::OrderIssued::Builder o) { o.setMeterSerial(serial); });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> PrepareContract(const World& w, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kPrepareContract); !s) return Fail(s.error());
  if (!w.client.exists) {
    return Refuse("client_not_found", "El cliente " + w.kase.client_ci + " no está registrado.");
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

Result<Decision> RecordContractSigned(const World& w, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kSignContract); !s) return Fail(s.error());
  Decision d;
  d.Emit(CaseStreamOf(w), ctx.occurred_at_ns)
      .initContractSigned()
      .setContractOrderNumber(w.LiveOrder(T::CON)->number);
  return d;
}

Result<Decision> HandOverDocuments(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kHandOverDocuments); !s) return Fail(s.error());
  std::vector<std::string> to_client;
  std::vector<std::string> to_technician;
  for (T type : {T::CON, T::FRM}) {
    if (const OrderState* o = w.LiveOrder(type)) to_client.push_back(o->number);
  }
  for (T type : {T::OC, T::OEMD}) {
    if (const OrderState* o = w.LiveOrder(type)) to_technician.push_back(o->number);
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

Result<Decision> AssembleFolder(const World& w, const Context& ctx) {
  if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  const CaseStep step = CurrentStep(w);
  if (!w.kase.handed_over || w.kase.folder_assembled ||
      (step != CaseStep::kAssembleFolder && step != CaseStep::kRecordEnergization &&
       step != CaseStep::kCompleteCase)) {
    return Refuse("step_not_allowed", "El trámite " + w.kase.id + " está en «" + StepName(step) +
                                          "»; este comando corresponde a «" +
                                          StepName(CaseStep::kAssembleFolder) + "».");
  }
  std::vector<std::string> documents = w.kase.documents;
  for (const auto& [type, number] : w.kase.orders) documents.push_back(number);
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

Result<Decision> CompleteCase(const World& w, const Context& ctx) {
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

}  // namespace

Result<Decision> DecideConnection(const World& w, C::Reader c, const Context& ctx) {
  if (!w.kase.exists) {
    return Refuse("case_not_found", "El comando no nombra un trámite existente.");
  }
  switch (c.which()) {
    case C::ISSUE_QUOTE:
      return IssueQuote(w, ctx);
    case C::RECORD_PAYMENT:
      return RecordPayment(w, c, ctx);
    case C::REPORT_INSTALLATION:
      return ReportInstallation(w, c, ctx);
    case C::ISSUE_INSPECTION_ORDER:
      return IssueInspectionOrder(w, ctx);
    case C::PROCESS_RECONNECTION_INSPECTION:
      return ProcessReconnectionInspection(w, ctx);
    case C::DECIDE_VIABILITY:
      return DecideViability(w, c, ctx);
    case C::REGISTER_METER:
      return RegisterMeter(w, c, ctx);
    case C::ISSUE_CONNECTION_ORDER:
      return IssueConnectionOrder(w, ctx);
    case C::PREPARE_CONTRACT:
      return PrepareContract(w, ctx);
    case C::RECORD_CONTRACT_SIGNED:
      return RecordContractSigned(w, ctx);
    case C::HAND_OVER_DOCUMENTS:
      return HandOverDocuments(w, c, ctx);
    case C::ASSEMBLE_FOLDER:
      return AssembleFolder(w, ctx);
    case C::COMPLETE_CASE:
      return CompleteCase(w, ctx);
    default:
      return Fail(ErrorKind::kInternal, "unrouted_command", "comando no enrutado");
  }
}

}  // namespace bitacora::domain
