// 8.3 cut at the client's request and 8.4 suspension or meter removal: the desk's steps.
// (Their execution in the field is in decide_returns.cc.)
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

Status RequireSignature(bool signed_by_client) {
  if (signed_by_client) return Ok();
  return Refuse("signature_required",
                "El cliente debe firmar la orden antes de entregarla a la "
                "sección técnica.");
}

}  // namespace

Result<Decision> DecideService(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  const std::string stream = CaseStream(w.kase.id);
  switch (c.which()) {
    case C::RECORD_CUT_CONDITIONS_EXPLAINED: {
      if (Status s = ExpectStep(w, CaseStep::kExplainCutConditions); !s) return Fail(s.error());
      auto p = c.getRecordCutConditionsExplained();
      if (Status s = Require(p.getConditions().cStr(), "el texto de las condiciones explicadas");
          !s) {
        return Fail(s.error());
      }
      d.Emit(stream, ctx.occurred_at_ns)
          .initCutConditionsExplained()
          .setConditions(p.getConditions());
      return d;
    }
    case C::RECORD_CLIENT_CONFIRMATION:
      if (Status s = ExpectStep(w, CaseStep::kConfirmRequest); !s) return Fail(s.error());
      d.Emit(stream, ctx.occurred_at_ns).initClientConfirmedRequest();
      return d;
    case C::ISSUE_CUT_ORDER: {
      if (Status s = ExpectStep(w, CaseStep::kIssueCutOrder); !s) return Fail(s.error());
      if (Status s = RequireSignature(c.getIssueCutOrder().getSignedByClient()); !s)
        return Fail(s.error());
      auto number = IssueOrder(d, w, ctx, T::OCS, [&](schema::OrderIssued::Builder o) {
        o.setSignedByClient(true);
        o.setMeterSerial(w.subscriber.meter_serial);
      });
      if (!number) return Fail(number.error());
      return d;
    }
    case C::ISSUE_REMOVAL_ORDER: {
      if (Status s = ExpectStep(w, CaseStep::kIssueRemovalOrder); !s) return Fail(s.error());
      auto p = c.getIssueRemovalOrder();
      if (Status s = RequireSignature(p.getSignedByClient()); !s) return Fail(s.error());
      auto number = IssueOrder(d, w, ctx, T::OSR, [&](schema::OrderIssued::Builder o) {
        o.setSignedByClient(true);
        o.setRemovalMode(p.getMode());
        o.setMeterSerial(w.subscriber.meter_serial);
      });
      if (!number) return Fail(number.error());
      return d;
    }
    default:
      return Fail(ErrorKind::kInternal, "unrouted_command", "comando no enrutado");
  }
}

}  // namespace bitacora::domain
