// 8.5 returned orders: verification or sending back, the daily control, archive (ORT) or ODECO,
// ODECO's daily processing, the monthly batch to CPD; annulment; ODECO receiving a non-viable case.
#include <set>
#include <string>
#include <vector>

#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

Result<const OrderState*> Named(const World& w, const std::string& number) {
  const OrderState* o = w.Order(number);
  if (o == nullptr) return Fail(Code::kOrderNotFound, "No existe la orden " + number + ".");
  return o;
}

std::string Is(const OrderState& o) {
  return "La orden " + o.number + " está " + OrderStatusName(o.status);
}

bool ValidMonth(std::string_view m) {
  if (m.size() != 7 || m[4] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6}) {
    if (m[i] < '0' || m[i] > '9') return false;
  }
  const int month = (m[5] - '0') * 10 + (m[6] - '0');
  return month >= 1 && month <= 12;
}

// Applies `step` to each distinct order of `numbers`: it returns the refusal or emits its event.
template <class Step>
Result<Decision> ForEachOrder(const World& w, capnp::List<capnp::Text>::Reader numbers, Step step) {
  if (numbers.size() == 0) return Fail(Code::kFieldRequired, "Falta la lista de órdenes.");
  Decision d;
  std::set<std::string> seen;
  for (auto number : numbers) {
    if (!seen.insert(number.cStr()).second) continue;
    auto o = Named(w, number.cStr());
    if (!o) return Fail(o.error());
    if (Status s = step(**o, d); !s) return Fail(s.error());
  }
  return d;
}

// The order `number` if it was just returned (verifyReturnedOrder, sendBackOrder).
Result<const OrderState*> JustReturned(const World& w, const std::string& number) {
  auto o = Named(w, number);
  if (!o) return Fail(o.error());
  if ((*o)->status != OrderStatus::kReturned) {
    return Fail(Code::kOrderNotReturned, Is(**o) + "; solo se verifica o devuelve una orden recién devuelta.");
  }
  return *o;
}

// The monthly batch to CPD: ODECO sends it (`send`) or CPD receives it.
Result<Decision> CpdBatch(const World& w, const std::string& month,
                          capnp::List<capnp::Text>::Reader numbers, bool send, int64_t at) {
  if (!ValidMonth(month)) {
    return Fail(Code::kBatchMonthMalformed, "El mes del lote debe tener la forma AAAA-MM; se recibió '" + month + "'.");
  }
  return ForEachOrder(w, numbers, [&](const OrderState& o, Decision& d) -> Status {
    if (send) {
      if (o.status != OrderStatus::kProcessedByOdeco) {
        return Fail(Code::kOrderNotProcessedByOdeco, Is(o) + "; el lote mensual lleva órdenes procesadas por ODECO.");
      }
      if (o.odeco_processed_date.rfind(month, 0) != 0) {
        return Fail(Code::kOrderNotInBatchMonth, "La orden " + o.number + " fue procesada el " +
                                                      o.odeco_processed_date + ", no en " + month +
                                                      ".");
      }
      d.Emit(OrderStream(o.number), at).initOrderSentToCpd().setBatchMonth(month);
    } else {
      if (o.status != OrderStatus::kSentToCpd || o.cpd_month != month) {
        return Fail(Code::kOrderNotSentToCpd, Is(o) + "; no está en el lote " + month + ".");
      }
      d.Emit(OrderStream(o.number), at).initOrderReceivedByCpd().setBatchMonth(month);
    }
    return Ok();
  });
}

// Ok when `o` is registered in the daily control; else the refusal says the step it lacks first
// (8.5 steps 2-5: returned, verified, registered, then to ODECO).
Status ReadyForOdeco(const OrderState& o) {
  switch (o.status) {
    case OrderStatus::kRegistered:
      return Ok();
    case OrderStatus::kIssued:
    case OrderStatus::kHandedOver:
      return Fail(Code::kOrderNotReturned, Is(o) + "; primero debe devolverse, verificarse y registrarse en el control diario.");
    case OrderStatus::kReturned:
    case OrderStatus::kSentBack:
      return Fail(Code::kOrderNotVerified, Is(o) + " y aún no fue verificada; primero debe verificarse y registrarse en el control diario antes de ir a ODECO.");
    case OrderStatus::kVerified:
      return Fail(Code::kOrderNotRegistered, Is(o) + "; primero debe registrarse en el control diario.");
    case OrderStatus::kArchived:
    case OrderStatus::kAtOdeco:
    case OrderStatus::kProcessedByOdeco:
    case OrderStatus::kSentToCpd:
    case OrderStatus::kReceivedByCpd:
    case OrderStatus::kAnnulled:
      break;
  }
  return Fail(Code::kOrderNotRegistered, Is(o) + "; solo van a ODECO las órdenes registradas en el control diario.");
}

// The control or processing date of a command: the La Paz day of its business time.
std::string Today(const Context& ctx) { return FormatDate(ToLocalDate(WorkTime(ctx))); }

}  // namespace

bool OrderExecuted(const World& w, const OrderState& o) {
  if (o.ever_executed) return true;
  if (o.type == T::COT) {  // a quote is "executed" once paid
    for (const auto& [type, number] : w.kase.orders) {
      const OrderState* oem = w.Order(number);
      if (type == T::OEM && oem != nullptr && oem->related_order == o.number &&
          oem->status != OrderStatus::kAnnulled) {
        return true;
      }
    }
  }
  return o.type == T::CON && w.kase.signed_contract == o.number;
}

bool OrtUnfinished(const World& w, const OrderState& o) {
  if (o.type != T::ORT || o.requirements_processed) return false;
  if (o.case_unfinished || o.outcome == FieldOutcome::kNotExecuted) return true;
  return w.kase.exists && w.kase.id == o.case_id && w.kase.closed &&
         (w.kase.withdrawn || w.kase.outcome == schema::CaseOutcome::NOT_VIABLE);
}

namespace deciders {

Result<Decision> VerifyReturnedOrder(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getVerifyReturnedOrder();
  std::vector<std::string> numbers;
  if (p.getOrderNumber().size() > 0) numbers.emplace_back(p.getOrderNumber().cStr());
  for (auto number : p.getOrderNumbers()) numbers.emplace_back(number.cStr());
  if (numbers.empty()) return Fail(Code::kFieldRequired, "Falta la orden (o la lista de órdenes) a verificar.");
  // All or none (8.5 step 2 on a busy day): the first order that cannot be verified refuses the
  // whole command, naming it; an order listed twice is verified once.
  Decision d;
  std::set<std::string> seen;
  for (const std::string& number : numbers) {
    if (!seen.insert(number).second) continue;
    auto o = JustReturned(w, number);
    if (!o) return Fail(o.error());
    d.Emit(OrderStream((*o)->number), ctx.occurred_at_ns).initOrderVerified();
  }
  return d;
}

Result<Decision> SendBackOrder(const World& w, C::Reader c, const Context& ctx) {
  auto o = JustReturned(w, c.getSendBackOrder().getOrderNumber().cStr());
  if (!o) return Fail(o.error());
  auto reasons = c.getSendBackOrder().getReasons();
  if (reasons.size() == 0) {
    return Fail(Code::kReasonRequired, "Indique qué está mal llenado en la orden.");
  }
  Decision d;
  d.Emit(OrderStream((*o)->number), ctx.occurred_at_ns).initOrderSentBack().setReasons(reasons);
  return d;
}

Result<Decision> RegisterInDailyControl(const World& w, C::Reader c, const Context& ctx) {
  const std::string today = Today(ctx);
  return ForEachOrder(w, c.getRegisterInDailyControl().getOrderNumbers(),
                      [&](const OrderState& o, Decision& d) -> Status {
                        if (o.status != OrderStatus::kVerified) {
                          return Fail(Code::kOrderNotVerified, Is(o) +
                                                                  "; solo entran al control diario "
                                                                  "las órdenes verificadas.");
                        }
                        d.Emit(OrderStream(o.number), ctx.occurred_at_ns)
                            .initOrderRegisteredInDailyControl()
                            .setControlDate(today);
                        return Ok();
                      });
}

Result<Decision> ArchiveOrder(const World& w, C::Reader c, const Context& ctx) {
  auto o = Named(w, c.getArchiveOrder().getOrderNumber().cStr());
  if (!o) return Fail(o.error());
  const OrderState& order = **o;
  if (order.type != T::ORT) {
    return Fail(Code::kOnlyOrtArchived, "Solo las ORT se archivan en plataforma; " + order.number + " va a ODECO.");
  }
  if (!order.requirements_processed && !OrtUnfinished(w, order)) {
    return Fail(Code::kOrderNotProcessed, "La ORT " + order.number +
                                             " aún no fue procesada "
                                             "(se procesa al concluir el trámite).");
  }
  const bool ready =
      order.was_returned ? order.status == OrderStatus::kRegistered : order.Outstanding();
  if (!ready) return Fail(Code::kOrderNotRegistered, Is(order) + "; no se puede archivar.");
  Decision d;
  d.Emit(OrderStream(order.number), ctx.occurred_at_ns).initOrderArchived();
  return d;
}

Result<Decision> SendOrdersToOdeco(const World& w, C::Reader c, const Context& ctx) {
  return ForEachOrder(w, c.getSendOrdersToOdeco().getOrderNumbers(),
                      [&](const OrderState& o, Decision& d) -> Status {
                        // 8.1 step 4: an ORT whose case does not complete may go to ODECO.
                        if (o.type == T::ORT && !OrtUnfinished(w, o)) {
                          return Fail(Code::kOrtGoesToArchive, "La ORT " + o.number + " se archiva en plataforma, no va a ODECO (solo va a ODECO la de un trámite no concluido).");
                        }
                        if (Status s = ReadyForOdeco(o); !s) return s;
                        d.Emit(OrderStream(o.number), ctx.occurred_at_ns).initOrderSentToOdeco();
                        return Ok();
                      });
}

Result<Decision> ProcessOrdersAtOdeco(const World& w, C::Reader c, const Context& ctx) {
  const std::string today = Today(ctx);
  return ForEachOrder(w, c.getProcessOrdersAtOdeco().getOrderNumbers(),
                      [&](const OrderState& o, Decision& d) -> Status {
                        if (o.status != OrderStatus::kAtOdeco) {
                          return Fail(Code::kOrderNotAtOdeco, Is(o) + "; no fue enviada a ODECO.");
                        }
                        d.Emit(OrderStream(o.number), ctx.occurred_at_ns)
                            .initOrderProcessedByOdeco()
                            .setProcessingDate(today);
                        return Ok();
                      });
}

Result<Decision> SendMonthlyBatchToCpd(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getSendMonthlyBatchToCpd();
  return CpdBatch(w, p.getBatchMonth().cStr(), p.getOrderNumbers(), true, ctx.occurred_at_ns);
}

Result<Decision> ReceiveCpdBatch(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getReceiveCpdBatch();
  return CpdBatch(w, p.getBatchMonth().cStr(), p.getOrderNumbers(), false, ctx.occurred_at_ns);
}

Result<Decision> AnnulOrder(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getAnnulOrder();
  auto o = Named(w, p.getOrderNumber().cStr());
  if (!o) return Fail(o.error());
  const OrderState& order = **o;
  if (order.status == OrderStatus::kAnnulled) {
    return Fail(Code::kOrderAnnulled, "La orden " + order.number + " ya fue anulada.");
  }
  if (OrderExecuted(w, order)) {
    return Fail(Code::kOrderAlreadyExecuted, "La orden " + order.number + " ya fue ejecutada; solo se anula antes de su ejecución.");
  }
  if (!order.Outstanding()) return Fail(Code::kOrderNotOutstanding, Is(order) + ".");
  if (p.getReason().size() == 0) {
    return Fail(Code::kReasonRequired, "Indique el motivo de la anulación.");
  }
  if (w.kase.exists) {
    if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  }
  Decision d;
  d.Emit(OrderStream(order.number), ctx.occurred_at_ns)
      .initOrderAnnulled()
      .setReason(p.getReason());
  return d;
}

Result<Decision> ReceiveNonViableCase(const World& w, C::Reader, const Context& ctx) {
  if (!w.kase.exists) return Fail(Code::kCaseNotFound, "No existe el trámite.");
  if (!w.kase.sent_to_odeco || w.kase.received_by_odeco) {
    return Fail(Code::kCaseNotSentToOdeco, "El trámite " + w.kase.id + " no está pendiente de recepción en ODECO.");
  }
  Decision d;
  d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns).initCaseReceivedByOdeco();
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
