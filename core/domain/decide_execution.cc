// Orders whose first executed return changes the subscriber and the meters (8.5 step 1): the
// energization (8.1, 8.2), the executed cut (8.3) and removal or suspension (8.4). A return after
// the order was sent back only corrects the form.
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using T = schema::OrderType;
using S = schema::SubscriberStatus;

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

Result<Decision> RecordServiceExecution(const World& w, C::Reader c, const Context& ctx, bool cut) {
  const std::string number = cut ? c.getRecordCutExecuted().getOrderNumber().cStr()
                                 : c.getRecordRemovalExecuted().getOrderNumber().cStr();
  const int64_t reading = cut ? c.getRecordCutExecuted().getMeterReading()
                              : c.getRecordRemovalExecuted().getMeterReading();
  auto t = FieldOrder(w, number, cut ? T::OCS : T::OSR,
                      {cut ? CaseStep::kRecordCutExecuted : CaseStep::kRecordRemovalExecuted});
  if (!t) return Fail(t.error());
  if (reading < 0) return Fail(Code::kValueOutOfRange, "La lectura no puede ser negativa.");
  Decision d;
  auto r = EmitExecutedReturn(d, *t->order, ctx);
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

namespace deciders {

Result<Decision> RecordEnergization(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRecordEnergization();
  auto t = FieldOrder(w, p.getOrderNumber().cStr(), T::OC,
                      {CaseStep::kRecordEnergization, CaseStep::kAssembleFolder});
  if (!t) return Fail(t.error());
  const std::string serial = p.getMeterSerial().cStr();
  if (Status s = Require(serial, "el número de serie del medidor energizado"); !s) {
    return Fail(s.error());
  }
  if (p.getMeterReading() < 0) {
    return Fail(Code::kValueOutOfRange, "La lectura no puede ser negativa.");
  }
  Decision d;
  if (!t->first_execution) {
    auto r = EmitExecutedReturn(d, *t->order, ctx);
    r.setMeterSerial(serial);
    r.setMeterReading(p.getMeterReading());
    return d;
  }
  std::string expected;
  ConnectionMeter(w, &expected);
  if (serial != expected) {
    return Fail(Code::kMeterMismatch, "El medidor " + serial + " no es el del trámite (" + expected + ").");
  }
  const MeterState* meter = w.Meter(serial);
  if (meter != nullptr && meter->location == MeterLocation::kInstalled &&
      meter->installed_at != w.subscriber.number) {
    return Fail(Code::kMeterInstalledElsewhere, "El medidor " + serial + " está instalado en el abonado " + meter->installed_at +
                      "; primero debe retirarse.");
  }
  if (meter != nullptr && meter->ownership != schema::MeterOwnership::BOUGHT &&
      meter->location == MeterLocation::kRegistered) {
    return Fail(Code::kMeterNotDelivered, "El medidor " + serial +
                                             " (préstamo/GIZ) no fue entregado "
                                             "por almacenes (Orden de Entrega de Medidor).");
  }
  auto r = EmitExecutedReturn(d, *t->order, ctx);
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
  ReturnProcessedReconnectionInspection(d, w, ctx);  // 8.2: the OIT comes back with the OC
  return d;
}

Result<Decision> RecordCutExecuted(const World& w, C::Reader c, const Context& ctx) {
  return RecordServiceExecution(w, c, ctx, true);
}

Result<Decision> RecordRemovalExecuted(const World& w, C::Reader c, const Context& ctx) {
  return RecordServiceExecution(w, c, ctx, false);
}

}  // namespace deciders
}  // namespace bitacora::domain
