// 8.3 cut at the client's request and 8.4 suspension or meter removal: the desk's steps.
// (Their execution in the field is in decide_returns.cc.)
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

Status RequireSignature(bool signed_by_client) {
  if (signed_by_client) return Ok();
  return Fail(Code::kSignatureRequired, "El cliente debe firmar la orden antes de entregarla a la "
                "sección técnica.");
}

}  // namespace

namespace deciders {

Result<Decision> RecordCutConditionsExplained(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kExplainCutConditions); !s) return Fail(s.error());
  auto p = c.getRecordCutConditionsExplained();
  if (Status s = Require(p.getConditions().cStr(), "el texto de las condiciones explicadas"); !s) {
    return Fail(s.error());
  }
  Decision d;
  d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns)
      .initCutConditionsExplained()
      .setConditions(p.getConditions());
  return d;
}

Result<Decision> RecordClientConfirmation(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kConfirmRequest); !s) return Fail(s.error());
  Decision d;
  d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns).initClientConfirmedRequest();
  return d;
}

Result<Decision> IssueCutOrder(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kIssueCutOrder); !s) return Fail(s.error());
  if (Status s = RequireSignature(c.getIssueCutOrder().getSignedByClient()); !s) {
    return Fail(s.error());
  }
  Decision d;
  auto number = IssueOrder(d, w, ctx, T::OCS, [&](schema::OrderIssued::Builder o) {
    o.setSignedByClient(true);
    o.setMeterSerial(w.subscriber.meter_serial);
  });
  if (!number) return Fail(number.error());
  return d;
}

Result<Decision> IssueRemovalOrder(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kIssueRemovalOrder); !s) return Fail(s.error());
  auto p = c.getIssueRemovalOrder();
  if (Status s = RequireSignature(p.getSignedByClient()); !s) return Fail(s.error());
  Decision d;
  auto number = IssueOrder(d, w, ctx, T::OSR, [&](schema::OrderIssued::Builder o) {
    o.setSignedByClient(true);
    o.setRemovalMode(p.getMode());
    o.setMeterSerial(w.subscriber.meter_serial);
  });
  if (!number) return Fail(number.error());
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
