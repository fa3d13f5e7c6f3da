// Orders coming back from the field or the warehouse (8.5 step 1): the visit, the inspection,
// deliveries, orders not executed; and handing an order to the technician. Energization and
// executed cuts and removals, which change the subscriber and the meters: decide_execution.cc.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;

bool IsFieldOrder(T type) {
  return type == T::ORT || type == T::OIT || type == T::OC || type == T::OCS || type == T::OSR;
}

// The orders the desk hands to the technician: the field orders and the meter delivery order.
bool Handable(T type) { return IsFieldOrder(type) || type == T::OEMD; }

std::string TypeText(T type) { return std::string(OrderTypeCode(type)); }

Status CheckOutstanding(const OrderState& o) {
  if (o.status == OrderStatus::kAnnulled) {
    return Fail(Code::kOrderAnnulled, "La orden " + o.number + " fue anulada: " + o.annul_reason + ".");
  }
  // 8.2 step 6: processed at the desk, it comes back only with the OC; once back and sent back
  // for correction, the form is returned again like any other.
  if (o.reconnection_processed && !o.was_returned) {
    return Fail(Code::kOrderNotOutstanding, "La orden " + o.number +
                                               " ya fue procesada en plataforma (reconexión); no "
                                               "vuelve del campo.");
  }
  if (!o.Outstanding()) {
    return Fail(Code::kOrderNotOutstanding, "La orden " + o.number +
                                               " no está pendiente de devolución "
                                               "(está " +
                                               OrderStatusName(o.status) + ").");
  }
  return Ok();
}

Status CheckLines(capnp::List<schema::MaterialLine>::Reader lines) {
  for (auto line : lines) {
    if (line.getCode().size() == 0) {
      return Fail(Code::kFieldRequired, "Falta el código de un material.");
    }
    if (line.getQuantity() <= 0) {
      return Fail(Code::kValueOutOfRange, "La cantidad del material " +
                                              std::string(line.getCode().cStr()) +
                                              " debe ser mayor que cero.");
    }
  }
  return Ok();
}

}  // namespace

Result<FieldTarget> FieldOrder(const World& w, const std::string& number, T type,
                               std::initializer_list<CaseStep> steps) {
  const OrderState* o = w.Order(number);
  if (o == nullptr) return Fail(Code::kOrderNotFound, "No existe la orden " + number + ".");
  if (o->type != type) {
    return Fail(Code::kWrongOrderType, "La orden " + number + " es " + TypeText(o->type) +
                                          "; este registro corresponde a una " + TypeText(type) +
                                          ".");
  }
  if (Status s = CheckOutstanding(*o); !s) return Fail(s.error());
  FieldTarget t{o, !o->ever_executed};
  if (t.first_execution && steps.size() > 0) {
    if (Status s = ExpectOpen(w); !s) return Fail(s.error());
    const CaseStep current = CurrentStep(w);
    bool ok = false;
    for (CaseStep step : steps) ok = ok || step == current;
    if (!ok) {
      return Fail(Code::kStepNotAllowed, "El trámite " + w.kase.id + " está en «" +
                                            StepName(current) + "»; este registro corresponde a «" +
                                            StepName(*steps.begin()) + "».");
    }
  }
  return t;
}

schema::OrderReturned::Builder EmitExecutedReturn(Decision& d, const OrderState& o,
                                                  const Context& ctx) {
  auto r = d.Emit(OrderStream(o.number), ctx.occurred_at_ns).initOrderReturned();
  r.setExecuted(true);
  r.setWorkDoneAtNs(WorkTime(ctx));
  return r;
}

void ReturnProcessedReconnectionInspection(Decision& d, const World& w, const Context& ctx) {
  for (const auto& [type, number] : w.kase.orders) {
    const OrderState* o = w.Order(number);
    if (type != T::OIT || o == nullptr || !o->reconnection_processed || !o->Outstanding()) continue;
    EmitExecutedReturn(d, *o, ctx).setSatisfactory(true);
  }
}

namespace deciders {

Result<Decision> RecordVisit(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  auto p = c.getRecordVisit();
  auto t = FieldOrder(w, p.getOrderNumber().cStr(), T::ORT, {CaseStep::kRecordVisit});
  if (!t) return Fail(t.error());
  if (p.getMaterials().size() == 0) {
    return Fail(Code::kMaterialsDetailEmpty, "La visita debe registrar el detalle de materiales.");
  }
  if (Status s = CheckLines(p.getMaterials()); !s) return Fail(s.error());
  if (Status s = Require(p.getPlanReference().cStr(), "la referencia del plano"); !s) {
    return Fail(s.error());
  }
  auto r = EmitExecutedReturn(d, *t->order, ctx);
  r.setMaterials(p.getMaterials());
  r.setPlanReference(p.getPlanReference());
  r.setNotes(p.getNotes());
  return d;
}

Result<Decision> RecordMaterialsDelivery(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  auto p = c.getRecordMaterialsDelivery();
  auto t = FieldOrder(w, p.getOrderNumber().cStr(), T::OEM, {CaseStep::kDeliverMaterials});
  if (!t) return Fail(t.error());
  if (Status s = CheckLines(p.getItems()); !s) return Fail(s.error());
  for (auto item : p.getItems()) {
    int64_t quoted = 0;
    for (const QuoteLineEntry& l : t->order->quote_lines) {
      if (l.code == item.getCode().cStr()) quoted += l.quantity;
    }
    if (item.getQuantity() > quoted) {
      return Fail(Code::kDeliveryExceedsQuote, "Se entregarían " + std::to_string(item.getQuantity()) + " de " +
                        item.getCode().cStr() + " pero la cotización pagada tiene " +
                        std::to_string(quoted) + ".");
    }
  }
  EmitExecutedReturn(d, *t->order, ctx).setMaterials(p.getItems());
  return d;
}

Result<Decision> RecordInspectionResult(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  auto p = c.getRecordInspectionResult();
  auto t = FieldOrder(w, p.getOrderNumber().cStr(), T::OIT, {CaseStep::kRecordInspectionResult});
  if (!t) return Fail(t.error());
  if (!p.getSatisfactory() && p.getFindings().size() == 0) {
    return Fail(Code::kReasonRequired, "Una inspección no satisfactoria debe indicar las observaciones.");
  }
  auto r = EmitExecutedReturn(d, *t->order, ctx);
  r.setSatisfactory(p.getSatisfactory());
  r.setFindings(p.getFindings());
  return d;
}

Result<Decision> RecordMeterDelivery(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  auto t = FieldOrder(w, c.getRecordMeterDelivery().getOrderNumber().cStr(), T::OEMD, {});
  if (!t) return Fail(t.error());
  if (t->first_execution) {
    if (Status s = ExpectOpen(w); !s) return Fail(s.error());
  }
  EmitExecutedReturn(d, *t->order, ctx).setMeterSerial(t->order->meter_serial);
  if (t->first_execution) {
    d.Emit(MeterStream(t->order->meter_serial), ctx.occurred_at_ns)
        .initMeterDelivered()
        .setOrderNumber(t->order->number);
  }
  return d;
}

Result<Decision> RecordOrderNotExecuted(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  auto p = c.getRecordOrderNotExecuted();
  const OrderState* o = w.Order(p.getOrderNumber().cStr());
  if (o == nullptr) return Fail(Code::kOrderNotFound, "No existe la orden.");
  if (!IsFieldOrder(o->type)) {
    return Fail(Code::kWrongOrderType, "La orden " + o->number + " (" + TypeText(o->type) + ") no se ejecuta en campo.");
  }
  if (Status s = CheckOutstanding(*o); !s) return Fail(s.error());
  if (o->ever_executed) {
    return Fail(Code::kOrderAlreadyExecuted, "La orden " + o->number + " ya fue ejecutada.");
  }
  if (p.getReason().size() == 0) {
    return Fail(Code::kReasonRequired, "Indique por qué no se ejecutó la orden.");
  }
  auto r = d.Emit(OrderStream(o->number), ctx.occurred_at_ns).initOrderReturned();
  r.setExecuted(false);
  r.setNotExecutedReason(p.getReason());
  r.setWorkDoneAtNs(WorkTime(ctx));
  return d;
}

// 8.1 step 14 / 8.2 step 9: one order (orderNumber), or every order of the case still with the
// desk (caseId alone) in one command, so that none of them stays behind.
Result<Decision> HandOrderToTechnician(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  auto p = c.getHandOrderToTechnician();
  if (Status s = Require(p.getTechnician().cStr(), "el técnico que recibe la orden"); !s) {
    return Fail(s.error());
  }
  auto hand = [&](const OrderState& o) {
    d.Emit(OrderStream(o.number), ctx.occurred_at_ns)
        .initOrderHandedToTechnician()
        .setTechnician(p.getTechnician());
  };
  if (p.getOrderNumber().size() == 0) {  // the whole case
    if (!w.kase.exists) return Fail(Code::kFieldRequired, "Indique la orden o el trámite.");
    for (const auto& [type, number] : w.kase.orders) {
      const OrderState* o = w.Order(number);
      if (o != nullptr && Handable(o->type) && o->status == OrderStatus::kIssued) hand(*o);
    }
    if (d.event_count() == 0) {
      return Fail(Code::kNoOrderToHandOver, "El trámite " + w.kase.id +
                                               " no tiene órdenes en plataforma para entregar al "
                                               "técnico.");
    }
    return d;
  }
  const OrderState* o = w.Order(p.getOrderNumber().cStr());
  if (o == nullptr) return Fail(Code::kOrderNotFound, "No existe la orden.");
  if (p.getCaseId().size() > 0 && o->case_id != p.getCaseId().cStr()) {
    return Fail(Code::kOrderNotInCase, "La orden " + o->number + " no es del trámite " +
                                          p.getCaseId().cStr() + ".");
  }
  if (!Handable(o->type)) {
    return Fail(Code::kWrongOrderType, "La orden " + o->number + " no se entrega al técnico.");
  }
  if (o->status != OrderStatus::kIssued) {
    return Fail(Code::kOrderNotOutstanding, "La orden " + o->number + " está " + OrderStatusName(o->status) + ".");
  }
  hand(*o);
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
