// A case that does not complete: withdrawCase closes it as withdrawn (the client desists at any
// step, declines at 8.3 step 3, or never comes back after the quote). docs/procedures.md,
// "Withdrawal", argues the point of no return from the manual.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

// The order of the case whose execution in the field changed the service, or nullptr: an OC
// energized (8.1 step 16a, 8.2 step 11), an OCS or OSR executed (8.3, 8.4).
const OrderState* ServiceChangingExecution(const World& w) {
  for (const auto& [type, number] : w.kase.orders) {
    if (type != T::OC && type != T::OCS && type != T::OSR) continue;
    const OrderState* o = w.Order(number);
    if (o != nullptr && o->ever_executed) return o;
  }
  return nullptr;
}

}  // namespace

namespace deciders {

Result<Decision> WithdrawCase(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  auto p = c.getWithdrawCase();
  if (p.getReason().size() == 0) {
    return Fail(Code::kReasonRequired, "Indique el motivo del desistimiento del trámite.");
  }
  if (const OrderState* done = ServiceChangingExecution(w)) {
    return Fail(Code::kCasePastPointOfNoReturn,
                "La orden " + done->number +
                    " ya fue ejecutada en campo y cambió el servicio del abonado; el trámite " +
                    w.kase.id + " ya no se puede desistir, debe concluirse.");
  }
  const std::string reason = p.getReason().cStr();
  Decision d;
  // Every order still out and not executed is annulled; its number stays used.
  for (const auto& [type, number] : w.kase.orders) {
    const OrderState* o = w.Order(number);
    if (o == nullptr || o->status == OrderStatus::kAnnulled) continue;
    if (o->Outstanding() && !OrderExecuted(w, *o)) {
      d.Emit(OrderStream(number), ctx.occurred_at_ns)
          .initOrderAnnulled()
          .setReason("trámite " + w.kase.id + " desistido: " + reason);
    } else if (type == T::ORT && !o->requirements_processed && !o->case_unfinished) {
      // A visited ORT goes on to the archive or to ODECO (8.1 step 4).
      d.Emit(OrderStream(number), ctx.occurred_at_ns)
          .initRequirementsOrderUnfinished()
          .setReason("trámite desistido");
    }
  }
  // A reconnection OIT processed at the desk was executed: it is not annulled but comes back.
  ReturnProcessedReconnectionInspection(d, w, ctx);
  d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns).initCaseWithdrawn().setReason(reason);
  if (w.subscriber.exists) {
    if (w.subscriber.open_service_case == w.kase.id) {  // a new cut / reconnection may be opened
      d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
          .initServiceCaseClosed()
          .setCaseId(w.kase.id);
    }
    // A subscriber number created by this case (X) never gets service: retired, as when not viable.
    if (w.subscriber.status == schema::SubscriberStatus::IN_CONNECTION &&
        w.kase.subscriber_number == w.subscriber.number) {
      auto st = d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
                    .initSubscriberStatusChanged();
      st.setStatus(schema::SubscriberStatus::RETIRED);
      st.setCaseId(w.kase.id);
      st.setReason("trámite desistido");
    }
  }
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
