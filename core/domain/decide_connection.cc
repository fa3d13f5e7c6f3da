// 8.1 and 8.2 from the quote to viability: quote, payment, installation, inspection, the
// reconnection inspection, viability. (From the meter on: decide_contract.cc.)
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using K = schema::CaseKind;
using T = schema::OrderType;

std::string CaseStreamOf(const World& w) { return CaseStream(w.kase.id); }

schema::InspectionKind InspectionKindOf(K kind) {
  switch (kind) {
    case K::RELOCATION:
      return schema::InspectionKind::RELOCATION;
    case K::DERIVED_CONNECTION:
      return schema::InspectionKind::DERIVED;
    case K::RECONNECTION:
      return schema::InspectionKind::RECONNECTION;
    case K::NEW_CONNECTION:
    case K::METER_CHANGE:
    case K::SERVICE_DROP_REPAIR:
    case K::CUT:  // 8.3 and 8.4 issue no inspection order
    case K::REMOVAL:
      break;
  }
  return schema::InspectionKind::NEW_INSTALLATION;
}

}  // namespace

namespace deciders {

Result<Decision> IssueQuote(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
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
    return Fail(Code::kPriceMissing, "Sin precio vigente en la lista de precios: " + JoinSpanish(unpriced) + ".");
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
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kRecordPayment); !s) return Fail(s.error());
  const int64_t amount = c.getRecordPayment().getAmountCentavos();
  const OrderState* cot = w.LiveOrder(T::COT);
  if (amount <= 0) return Fail(Code::kValueOutOfRange, "El monto pagado debe ser mayor que cero.");
  if (amount < cot->total_centavos) {
    return Fail(Code::kPaymentInsufficient, "El pago de " + Bs(amount) + " no cubre la cotización " +
                                              cot->number + " de " + Bs(cot->total_centavos) + ".");
  }
  // The COT is paid at the cashier for its exact amount (8.1 step 6); the manual has no credit.
  if (amount > cot->total_centavos) {
    return Fail(Code::kPaymentExceedsQuote,
                "El pago de " + Bs(amount) + " excede la cotización " + cot->number + " de " +
                    Bs(cot->total_centavos) +
                    "; la cotización se cancela por su monto exacto, sin saldo a favor.");
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
    o.setReceiptNumber(c.getRecordPayment().getReceiptNumber());
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> ReportInstallation(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
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

Result<Decision> IssueInspectionOrder(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (!ReinspectionDue(w)) {
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

Result<Decision> ProcessReconnectionInspection(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kProcessReconnectionInspection); !s) {
    return Fail(s.error());
  }
  const OrderState* oit = w.LiveOrder(T::OIT);
  const int64_t elapsed = ctx.now_ns - oit->issued_at_ns;
  if (elapsed < ctx.reconnection_window_ns) {
    constexpr int64_t kMinute = 60LL * 1'000'000'000;
    const int64_t minutes = (ctx.reconnection_window_ns - elapsed + kMinute - 1) / kMinute;
    return Fail(Code::kReconnectionWindowOpen, (minutes == 1 ? std::string("Falta 1 minuto")
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
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  if (Status s = ExpectStep(w, CaseStep::kDecideViability); !s) return Fail(s.error());
  auto p = c.getDecideViability();
  const OrderState* oit = w.LiveOrder(T::OIT);
  if (p.getViable() && !oit->satisfactory) {
    return Fail(Code::kInspectionNotSatisfactory, "La inspección " + oit->number +
                      " no fue satisfactoria: no se puede declarar "
                      "viable. Emita una nueva inspección o declare el trámite no viable.");
  }
  if (!p.getViable() && p.getReasons().size() == 0) {
    return Fail(Code::kReasonRequired, "Indique las razones por las que el trámite no es viable.");
  }
  Decision d;
  auto e = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initViabilityDecided();
  e.setInspectionOrderNumber(oit->number);
  e.setViable(p.getViable());
  e.setReasons(p.getReasons());
  e.setClientInformed(p.getClientInformed());
  if (!p.getViable()) {
    auto closed = d.Emit(CaseStreamOf(w), ctx.occurred_at_ns).initCaseClosed();
    closed.setOutcome(schema::CaseOutcome::NOT_VIABLE);
    closed.setSentToOdeco(true);
    closed.setReasons(p.getReasons());
    if (const OrderState* ort = w.LiveOrder(T::ORT)) {  // to the archive or ODECO (8.1 step 4)
      d.Emit(OrderStream(ort->number), ctx.occurred_at_ns)
          .initRequirementsOrderUnfinished()
          .setReason("trámite no viable");
    }
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

}  // namespace deciders
}  // namespace bitacora::domain
