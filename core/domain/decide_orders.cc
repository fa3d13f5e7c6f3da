// 8.5 returned orders: verification or sending back, the daily control, archive (ORT) or ODECO,
// ODECO's daily processing, the monthly batch to CPD; annulment; ODECO receiving a non-viable case.
#include <set>

#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

Result<const OrderState*> Named(const World& w, capnp::Text::Reader number) {
  const OrderState* o = w.Order(number.cStr());
  if (o == nullptr)
    return Refuse("order_not_found", "No existe la orden " + std::string(number.cStr()) + ".");
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
  if (numbers.size() == 0) return Refuse("field_required", "Falta la lista de órdenes.");
  Decision d;
  std::set<std::string> seen;
  for (auto number : numbers) {
    if (!seen.insert(number.cStr()).second) continue;
    auto o = Named(w, number);
    if (!o) return Fail(o.error());
    if (Status s = step(**o, d); !s) return Fail(s.error());
  }
  return d;
}

bool Executed(const World& w, const OrderState& o) {
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

Result<Decision> Annul(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getAnnulOrder();
  auto o = Named(w, p.getOrderNumber());
  if (!o) return Fail(o.error());
  const OrderState& order = **o;
  if (order.status == OrderStatus::kAnnulled) {
    return Refuse("order_annulled", "La orden " + order.number + " ya fue anulada.");
  }
  if (Executed(w, order)) {
    return Refuse(
        "order_already_executed",
        "La orden " + order.number + " ya fue ejecutada; solo se anula antes de su ejecución.");
  }
  if (!order.Outstanding()) return Refuse("order_not_outstanding", Is(order) + ".");
  if (p.getReason().size() == 0)
    return Refuse("reason_required", "Indique el motivo de la anulación.");
  if (w.kase.exists) {
    if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  }
  Decision d;
  d.Emit(OrderStream(order.number), ctx.occurred_at_ns)
      .initOrderAnnulled()
      .setReason(p.getReason());
  return d;
}

}  // namespace

Result<Decision> DecideOrderHandling(const World& w, C::Reader c, const Context& ctx) {
  const int64_t at = ctx.occurred_at_ns;
  const std::string today = FormatDate(ToLocalDate(WorkTime(ctx)));
  switch (c.which()) {
    case C::VERIFY_RETURNED_ORDER:
    case C::SEND_BACK_ORDER: {
      const bool verify = c.which() == C::VERIFY_RETURNED_ORDER;
      auto o = Named(w, verify ? c.getVerifyReturnedOrder().getOrderNumber()
                               : c.getSendBackOrder().getOrderNumber());
      if (!o) return Fail(o.error());
      if ((*o)->status != OrderStatus::kReturned) {
        return Refuse("order_not_returned",
                      Is(**o) + "; solo se verifica o devuelve una orden recién devuelta.");
      }
      Decision d;
      if (verify) {
        d.Emit(OrderStream((*o)->number), at).initOrderVerified();
      } else {
        auto reasons = c.getSendBackOrder().getReasons();
        if (reasons.size() == 0)
          return Refuse("reason_required", "Indique qué está mal llenado en la orden.");
        d.Emit(OrderStream((*o)->number), at).initOrderSentBack().setReasons(reasons);
      }
      return d;
    }
    case C::REGISTER_IN_DAILY_CONTROL:
      return ForEachOrder(w, c.getRegisterInDailyControl().getOrderNumbers(),
                          [&](const OrderState& o, Decision& d) -> Status {
                            if (o.status != OrderStatus::kVerified) {
                              return Refuse("order_not_verified",
                                            Is(o) +
                                                "; solo entran al control diario "
                                                "las órdenes verificadas.");
                            }
                            d.Emit(OrderStream(o.number), at)
                                .initOrderRegisteredInDailyControl()
                                .setControlDate(today);
                            return Ok();
                          });
    case C::ARCHIVE_ORDER: {
      auto o = Named(w, c.getArchiveOrder().getOrderNumber());
      if (!o) return Fail(o.error());
      const OrderState& order = **o;
      if (order.type != T::ORT) {
        return Refuse("only_ort_archived",
                      "Solo las ORT se archivan en plataforma; " + order.number + " va a ODECO.");
      }
      if (!order.requirements_processed) {
        return Refuse("order_not_processed", "La ORT " + order.number +
                                                 " aún no fue procesada "
                                                 "(se procesa al concluir el trámite).");
      }
      const bool ready =
          order.was_returned ? order.status == OrderStatus::kRegistered : order.Outstanding();
      if (!ready) return Refuse("order_not_registered", Is(order) + "; no se puede archivar.");
      Decision d;
      d.Emit(OrderStream(order.number), at).initOrderArchived();
      return d;
    }
    case C::SEND_ORDERS_TO_ODECO:
      return ForEachOrder(
          w, c.getSendOrdersToOdeco().getOrderNumbers(),
          [&](const OrderState& o, Decision& d) -> Status {
            if (o.type == T::ORT) {
              return Refuse("ort_goes_to_archive",
                            "La ORT " + o.number + " se archiva en plataforma, no va a ODECO.");
            }
            if (o.status != OrderStatus::kRegistered) {
              return Refuse("order_not_registered",
                            Is(o) + "; primero debe registrarse en el control diario.");
            }
            d.Emit(OrderStream(o.number), at).initOrderSentToOdeco();
            return Ok();
          });
    case C::PROCESS_ORDERS_AT_ODECO:
      return ForEachOrder(
          w, c.getProcessOrdersAtOdeco().getOrderNumbers(),
          [&](const OrderState& o, Decision& d) -> Status {
            if (o.status != OrderStatus::kAtOdeco) {
              return Refuse("order_not_at_odeco", Is(o) + "; no fue enviada a ODECO.");
            }
            d.Emit(OrderStream(o.number), at).initOrderProcessedByOdeco().setProcessingDate(today);
            return Ok();
          });
    case C::SEND_MONTHLY_BATCH_TO_CPD:
    case C::RECEIVE_CPD_BATCH: {
      const bool send = c.which() == C::SEND_MONTHLY_BATCH_TO_CPD;
      const std::string month = send ? c.getSendMonthlyBatchToCpd().getBatchMonth().cStr()
                                     : c.getReceiveCpdBatch().getBatchMonth().cStr();
      if (!ValidMonth(month)) {
        return Refuse("batch_month_malformed",
                      "El mes del lote debe tener la forma AAAA-MM; se recibió '" + month + "'.");
      }
      auto numbers = send ? c.getSendMonthlyBatchToCpd().getOrderNumbers()
                          : c.getReceiveCpdBatch().getOrderNumbers();
      return ForEachOrder(w, numbers, [&](const OrderState& o, Decision& d) -> Status {
        if (send) {
          if (o.status != OrderStatus::kProcessedByOdeco) {
            return Refuse("order_not_processed_by_odeco",
                          Is(o) + "; el lote mensual lleva órdenes procesadas por ODECO.");
          }
          if (o.odeco_processed_date.rfind(month, 0) != 0) {
            return Refuse("order_not_in_batch_month",
                          "La orden " + o.number + " fue procesada el " + o.odeco_processed_date +
                              ", no en " + month + ".");
          }
          d.Emit(OrderStream(o.number), at).initOrderSentToCpd().setBatchMonth(month);
        } else {
          if (o.status != OrderStatus::kSentToCpd || o.cpd_month != month) {
            return Refuse("order_not_sent_to_cpd", Is(o) + "; no está en el lote " + month + ".");
          }
          d.Emit(OrderStream(o.number), at).initOrderReceivedByCpd().setBatchMonth(month);
        }
        return Ok();
      });
    }
    case C::ANNUL_ORDER:
      return Annul(w, c, ctx);
    case C::RECEIVE_NON_VIABLE_CASE: {
      if (!w.kase.exists) return Refuse("case_not_found", "No existe el trámite.");
      if (!w.kase.sent_to_odeco || w.kase.received_by_odeco) {
        return Refuse("case_not_sent_to_odeco",
                      "El trámite " + w.kase.id + " no está pendiente de recepción en ODECO.");
      }
      Decision d;
      d.Emit(CaseStream(w.kase.id), at).initCaseReceivedByOdeco();
      return d;
    }
    default:
      return Fail(ErrorKind::kInternal, "unrouted_command", "comando no enrutado");
  }
}

}  // namespace bitacora::domain
