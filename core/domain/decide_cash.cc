// Cash: refundPayment gives back the payment of a case that did not complete (withdrawn or not
// viable). docs/procedures.md, "Overpayment and refunds", argues the rules from the manual.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

// The OEM the case's payment issued (8.1 step 6), whatever its status, or nullptr: unpaid.
const OrderState* PaymentOrder(const World& w) {
  for (auto it = w.kase.orders.rbegin(); it != w.kase.orders.rend(); ++it) {
    if (it->first == T::OEM) return w.Order(it->second);
  }
  return nullptr;
}

}  // namespace

namespace deciders {

Result<Decision> RefundPayment(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectCase(w); !s) return Fail(s.error());
  auto p = c.getRefundPayment();
  const std::string receipt = p.getReceiptNumber().cStr();
  if (Status s = Require(receipt, "el número de recibo del pago que se devuelve"); !s) {
    return Fail(s.error());
  }
  if (p.getReason().size() == 0) {
    return Fail(Code::kReasonRequired, "Indique el motivo de la devolución del pago.");
  }
  const OrderState* oem = PaymentOrder(w);
  if (oem == nullptr) {
    return Fail(Code::kRefundNothingPaid, "El trámite " + w.kase.id +
                                              " no tiene pago registrado en cajas: no hay nada "
                                              "que devolver.");
  }
  if (!w.kase.closed) {
    return Fail(
        Code::kRefundCaseOpen,
        "El trámite " + w.kase.id +
            " sigue abierto; solo se devuelve el pago de un trámite desistido o no viable.");
  }
  if (!w.kase.withdrawn && w.kase.outcome == schema::CaseOutcome::COMPLETED) {
    return Fail(Code::kRefundCaseCompleted,
                "El trámite " + w.kase.id + " concluyó; su pago no se devuelve.");
  }
  if (!w.kase.refund_receipt.empty()) {
    return Fail(Code::kRefundAlreadyMade,
                "El pago del recibo " + w.kase.refund_receipt + " ya fue devuelto.");
  }
  if (receipt != oem->receipt_number || p.getAmountCentavos() != oem->total_centavos) {
    return Fail(Code::kRefundDoesNotMatchPayment,
                "El pago del trámite " + w.kase.id + " es el recibo " + oem->receipt_number +
                    " por " + Bs(oem->total_centavos) + "; se devuelve ese monto completo.");
  }
  Decision d;
  auto e = d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns).initPaymentRefunded();
  e.setPaymentOrderNumber(oem->number);
  e.setReceiptNumber(receipt);
  e.setAmountCentavos(oem->total_centavos);
  e.setReason(p.getReason());
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
