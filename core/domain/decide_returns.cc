// Orders coming back from the field or the warehouse (8.5 step 1): the visit, the inspection,
// deliveries, energization, executed cuts and removals, orders not executed; and handing an order
// to the technician. The first executed return of an order carries its effects on the subscriber
// and the meters; a return after the order was sent back only corrects the form.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;
using S = schema::SubscriberStatus;

struct Target {
  const OrderState* order;
  bool first_execution;  // no executed return before: effects apply, the case step is checked
};

bool IsFieldOrder(T type) {
  return type == T::ORT || type == T::OIT || type == T::OC || type == T::OCS || type == T::OSR;
}

std::string TypeText(T type) { return std::string(OrderTypeCode(type)); }

Status CheckOutstanding(const OrderState& o) {
  if (o.status == OrderStatus::kAnnulled) {
    return Refuse("order_annulled",
                  "La orden " + o.number + " fue anulada: " + o.annul_reason + ".");
  }
  if (!o.Outstanding()) {
    return Refuse("order_not_outstanding", "La orden " + o.number +
                                               " no está pendiente de devolución "
                                               "(está " +
                                               OrderStatusName(o.status) + ").");
  }
  return Ok();
}

// Finds the order `number`, checks its type and that it is out, and (on its first execution)
// that its case stands at one of `steps`.
Result<Target> FieldOrder(const World& w, const std::string& number, T type,
                          std::initializer_list<CaseStep> steps) {
  const OrderState* o = w.Order(number);
  if (o == nullptr) return Refuse("order_not_found", "No existe la orden " + number + ".");
  if (o->type != type) {
    return Refuse("wrong_order_type", "La orden " + number + " es " + TypeText(o->type) +
                                          "; este registro corresponde a una " + TypeText(type) +
                                          ".");
  }
  if (Status s = CheckOutstanding(*o); !s) return Fail(s.error());
  Target t{o, !o->ever_executed};
  if (t.first_execution && steps.size() > 0) {
    if (Status s = ExpectOpen(w); !s) return Fail(s.error());
    const CaseStep current = CurrentStep(w);
    bool ok = false;
    for (CaseStep step : steps) ok = ok || step == current;
    if (!ok) {
      return Refuse("step_not_allowed", "El trámite " + w.kase.id + " está en «" +
                                            StepName(current) + "»; este registro corresponde a «" +
                                            StepName(*steps.begin()) + "».");
    }
  }
  return t;
}

schema::OrderReturned::Builder Returned(Decision& d, const OrderState& o, const Context& ctx) {
  auto r = d.Emit(OrderStream(o.number), ctx.occurred_at_ns).initOrderReturned();
  r.setExecuted(true);
  r.setWorkDoneAtNs(WorkTime(ctx));
  return r;
}

Status CheckLines(capnp::List<schema::MaterialLine>::Reader lines) {
  for (auto line : lines) {
    if (line.getCode().size() == 0)
      return Refuse("field_required", "Falta el código de un material.");
    if (line.getQuantity() <= 0) {
      return Refuse("value_out_of_range", "La cantidad del material " +
                                              std::string(line.getCode().cStr()) +
                                              " debe ser mayor que cero.");
    }
  }
  return Ok();
}

void CloseCase(Decision& d, const World& w, const Context& ctx) {
  d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns)
      .initCaseClosed()
      .setOutcome(schema::CaseOutcome::COMPLETED);
  if (w.subscriber.open_service_case == w.kase.id) {
    d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
        .initServiceCaseClosed()
        .setCaseId(w.kase.id);
  }
}

void SetStatus(Decision& d, const World& w, const Context& ctx, S status, const char* reason) {
  if (w.subscriber.status == status) return;
  auto e = d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
               .initSubscriberStatusChanged();
  e.setStatus(status);
  e.setCaseId(w.kase.id);
  e.setReason(reason);
}

// Takes the subscriber's installed meter out; a lent / GIZ meter goes back to the cooperative.
void RemoveMeter(Decision& d, const World& w, const Context& ctx) {
  const std::string& serial = w.subscriber.meter_serial;
  if (serial.empty()) return;
  d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns)
      .initSubscriberMeterRemoved()
      .setMeterSerial(serial);
  const MeterState* m = w.Meter(serial);
  auto e = d.Emit(MeterStream(serial), ctx.occurred_at_ns).initMeterRemoved();
  e.setSubscriberNumber(w.subscriber.number);
  e.setReturnedToCooperative(m != nullptr && m->ownership != schema::MeterOwnership::BOUGHT);
}

Result<Decision> RecordEnergization(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRecordEnergization();
  auto t = FieldOrder(w, p.getOrderNumber().cStr(), T::OC,
                      {CaseStep::kRecordEnergization, CaseStep::kAssembleFolder});
  if (!t) return Fail(t.error());
  const std::string serial = p.getMeterSerial().cStr();
  if (Status s = Require(serial, "el número de serie del medidor energizado"); !s)
    return Fail(s.error());
  if (p.getMeterReading() < 0)
    return Refuse("value_out_of_range", "La lectura no puede ser negativa.");
  Decision d;
  if (!t->first_execution) {
    auto r = Returned(d, *t->order, ctx);
    r.setMeterSerial(serial);
    r.setMeterReading(p.getMeterReading());
    return d;
  }
  std::string expected;
  ConnectionMeter(w, &expected);
  if (serial != expected) {
    return Refuse("meter_mismatch",
                  "El medidor " + serial + " no es el del trámite (" + expected + ").");
  }
  const MeterState* meter = w.Meter(serial);
  if (meter != nullptr && meter->location == MeterLocation::kInstalled &&
      meter->installed_at != w.subscriber.number) {
    return Refuse("meter_installed_elsewhere",
                  "El medidor " + serial + " está instalado en el abonado " + meter->installed_at +
                      "; primero debe retirarse.");
  }
  if (meter != nullptr && meter->ownership != schema::MeterOwnership::BOUGHT &&
      meter->location == MeterLocation::kRegistered) {
    return Refuse("meter_not_delivered", "El medidor " + serial +
                                             " (préstamo/GIZ) no fue entregado "
                                             "por almacenes (Orden de Entrega de Medidor).");
  }
  auto r = Returned(d, *t->order, ctx);
  r.setMeterSerial(serial);
  r.setMeterReading(p.getMeterReading());
  const std::string sub = SubscriberStream(w.subscriber.number);
  if (w.subscriber.meter_serial != serial) {
    RemoveMeter(d, w, ctx);  // meter change: the old meter comes out first
    d.Emit(sub, ctx.occurred_at_ns).initSubscriberMeterInstalled().setMeterSerial(serial);
    d.Emit(MeterStream(serial), ctx.occurred_at_ns)
        .initMeterInstalled()
        .setSubscriberNumber(w.subscriber.number);
  }
  if (w.kase.kind == schema::CaseKind::RELOCATION && w.kase.address != w.subscriber.address) {
    d.Emit(sub, ctx.occurred_at_ns).initSubscriberAddressChanged().setAddress(w.kase.address);
  }
  SetStatus(d, w, ctx, S::NORMAL, "energización");
  return d;
}

Result<Decision> RecordServiceExecution(const World& w, C::Reader c, const Context& ctx, bool cut) {
  const std::string number = cut ? c.getRecordCutExecuted().getOrderNumber().cStr()
                                 : c.getRecordRemovalExecuted().getOrderNumber().cStr();
  const int64_t reading = cut ? c.getRecordCutExecuted().getMeterReading()
                              : c.getRecordRemovalExecuted().getMeterReading();
  auto t = FieldOrder(w, number, cut ? T::OCS : T::OSR,
                      {cut ? CaseStep::kRecordCutExecuted : CaseStep::kRecordRemovalExecuted});
  if (!t) return Fail(t.error());
  if (reading < 0) return Refuse("value_out_of_range", "La lectura no puede ser negativa.");
  Decision d;
  auto r = Returned(d, *t->order, ctx);
  r.setMeterReading(reading);
  r.setMeterSerial(w.subscriber.meter_serial);
  if (!t->first_execution) return d;
  if (cut) {
    SetStatus(d, w, ctx, S::SUSPENDED, "corte a solicitud del socio");
  } else {
    const bool suspension = t->order->removal_mode == schema::RemovalMode::SUSPENSION;
    RemoveMeter(d, w, ctx);
    SetStatus(d, w, ctx, suspension ? S::SUSPENDED : S::RETIRED,
              suspension ? "suspensión definitiva" : "retiro del medidor");
  }
  CloseCase(d, w, ctx);
  return d;
}

}  // namespace

Result<Decision> DecideFieldReturn(const World& w, C::Reader c, const Context& ctx) {
  Decision d;
  switch (c.which()) {
    case C::RECORD_VISIT: {
      auto p = c.getRecordVisit();
      auto t = FieldOrder(w, p.getOrderNumber().cStr(), T::ORT, {CaseStep::kRecordVisit});
      if (!t) return Fail(t.error());
      if (p.getMaterials().size() == 0) {
        return Refuse("materials_detail_empty",
                      "La visita debe registrar el detalle de materiales.");
      }
      if (Status s = CheckLines(p.getMaterials()); !s) return Fail(s.error());
      if (Status s = Require(p.getPlanReference().cStr(), "la referencia del plano"); !s)
        return Fail(s.error());
      auto r = Returned(d, *t->order, ctx);
      r.setMaterials(p.getMaterials());
      r.setPlanReference(p.getPlanReference());
      r.setNotes(p.getNotes());
      return d;
    }
    case C::RECORD_MATERIALS_DELIVERY: {
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
          return Refuse("delivery_exceeds_quote",
                        "Se entregarían " + std::to_string(item.getQuantity()) + " de " +
                            item.getCode().cStr() + " pero la cotización pagada tiene " +
                            std::to_string(quoted) + ".");
        }
      }
      Returned(d, *t->order, ctx).setMaterials(p.getItems());
      return d;
    }
    case C::RECORD_INSPECTION_RESULT: {
      auto p = c.getRecordInspectionResult();
      auto t =
          FieldOrder(w, p.getOrderNumber().cStr(), T::OIT, {CaseStep::kRecordInspectionResult});
      if (!t) return Fail(t.error());
      if (!p.getSatisfactory() && p.getFindings().size() == 0) {
        return Refuse("reason_required",
                      "Una inspección no satisfactoria debe indicar las observaciones.");
      }
      auto r = Returned(d, *t->order, ctx);
      r.setSatisfactory(p.getSatisfactory());
      r.setFindings(p.getFindings());
      return d;
    }
    case C::RECORD_METER_DELIVERY: {
      auto t = FieldOrder(w, c.getRecordMeterDelivery().getOrderNumber().cStr(), T::OEMD, {});
      if (!t) return Fail(t.error());
      if (t->first_execution) {
        if (Status s = ExpectOpen(w); !s) return Fail(s.error());
      }
      Returned(d, *t->order, ctx).setMeterSerial(t->order->meter_serial);
      if (t->first_execution) {
        d.Emit(MeterStream(t->order->meter_serial), ctx.occurred_at_ns)
            .initMeterDelivered()
            .setOrderNumber(t->order->number);
      }
      return d;
    }
    case C::RECORD_ENERGIZATION:
      return RecordEnergization(w, c, ctx);
    case C::RECORD_CUT_EXECUTED:
      return RecordServiceExecution(w, c, ctx, true);
    case C::RECORD_REMOVAL_EXECUTED:
      return RecordServiceExecution(w, c, ctx, false);
    case C::RECORD_ORDER_NOT_EXECUTED: {
      auto p = c.getRecordOrderNotExecuted();
      const OrderState* o = w.Order(p.getOrderNumber().cStr());
      if (o == nullptr) return Refuse("order_not_found", "No existe la orden.");
      if (!IsFieldOrder(o->type)) {
        return Refuse("wrong_order_type", "La orden " + o->number + " (" + TypeText(o->type) +
                                              ") no se ejecuta en campo.");
      }
      if (Status s = CheckOutstanding(*o); !s) return Fail(s.error());
      if (o->ever_executed) {
        return Refuse("order_already_executed", "La orden " + o->number + " ya fue ejecutada.");
      }
      if (p.getReason().size() == 0) {
        return Refuse("reason_required", "Indique por qué no se ejecutó la orden.");
      }
      auto r = d.Emit(OrderStream(o->number), ctx.occurred_at_ns).initOrderReturned();
      r.setExecuted(false);
      r.setNotExecutedReason(p.getReason());
      r.setWorkDoneAtNs(WorkTime(ctx));
      return d;
    }
    case C::HAND_ORDER_TO_TECHNICIAN: {
      auto p = c.getHandOrderToTechnician();
      const OrderState* o = w.Order(p.getOrderNumber().cStr());
      if (o == nullptr) return Refuse("order_not_found", "No existe la orden.");
      if (!IsFieldOrder(o->type) && o->type != T::OEMD) {
        return Refuse("wrong_order_type", "La orden " + o->number + " no se entrega al técnico.");
      }
      if (o->status != OrderStatus::kIssued) {
        return Refuse("order_not_outstanding",
                      "La orden " + o->number + " está " + OrderStatusName(o->status) + ".");
      }
      if (Status s = Require(p.getTechnician().cStr(), "el técnico que recibe la orden"); !s)
        return Fail(s.error());
      d.Emit(OrderStream(o->number), ctx.occurred_at_ns)
          .initOrderHandedToTechnician()
          .setTechnician(p.getTechnician());
      return d;
    }
    default:
      return Fail(ErrorKind::kInternal, "unrouted_command", "comando no enrutado");
  }
}

}  // namespace bitacora::domain
