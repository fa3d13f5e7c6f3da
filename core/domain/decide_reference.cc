// Reference data (checklists, material prices, tariffs, the technician on duty) and corrections:
// the supervisor's commands.
#include "core/domain/correction.h"
#include "core/domain/decide_internal.h"

namespace bitacora::domain::deciders {

Result<Decision> SetRequirementChecklist(const World&, C::Reader c, const Context& ctx) {
  auto p = c.getSetRequirementChecklist();
  if (p.getDocuments().size() == 0) {
    return Fail(Code::kFieldRequired, "La lista de requisitos no puede estar vacía.");
  }
  Decision d;
  auto e = d.Emit(std::string(kReferenceStream), ctx.occurred_at_ns).initRequirementChecklistSet();
  e.setCaseKind(p.getCaseKind());
  e.setTariffCategory(p.getTariffCategory());
  e.setDocuments(p.getDocuments());
  return d;
}

Result<Decision> SetMaterialPrices(const World&, C::Reader c, const Context& ctx) {
  auto items = c.getSetMaterialPrices().getItems();
  if (items.size() == 0) return Fail(Code::kFieldRequired, "Falta la lista de precios.");
  for (auto item : items) {
    if (item.getCode().size() == 0) {
      return Fail(Code::kFieldRequired, "Falta el código del material.");
    }
    if (item.getPriceCentavos() <= 0) {
      return Fail(Code::kValueOutOfRange, "El precio del material " +
                                              std::string(item.getCode().cStr()) +
                                              " debe ser mayor que cero.");
    }
  }
  Decision d;
  d.Emit(std::string(kReferenceStream), ctx.occurred_at_ns).initMaterialPricesSet().setItems(items);
  return d;
}

Result<Decision> SetTariff(const World&, C::Reader c, const Context& ctx) {
  auto p = c.getSetTariff();
  if (p.getFixedChargeCentavos() < 0 || p.getEnergyChargeCentavosPerKwh() < 0) {
    return Fail(Code::kValueOutOfRange, "Los cargos de la tarifa no pueden ser negativos.");
  }
  Decision d;
  auto e = d.Emit(std::string(kReferenceStream), ctx.occurred_at_ns).initTariffSet();
  e.setCategory(p.getCategory());
  e.setDescription(p.getDescription());
  e.setFixedChargeCentavos(p.getFixedChargeCentavos());
  e.setEnergyChargeCentavosPerKwh(p.getEnergyChargeCentavosPerKwh());
  return d;
}

Result<Decision> SetTechnicianOnDuty(const World&, C::Reader c, const Context& ctx) {
  auto p = c.getSetTechnicianOnDuty();
  if (Status s = Require(p.getName().cStr(), "el nombre del técnico de turno"); !s) {
    return Fail(s.error());
  }
  if (Status s = Require(p.getPhone().cStr(), "el teléfono del técnico de turno"); !s) {
    return Fail(s.error());
  }
  Decision d;
  auto e = d.Emit(std::string(kReferenceStream), ctx.occurred_at_ns).initTechnicianOnDutySet();
  e.setName(p.getName());
  e.setPhone(p.getPhone());
  return d;
}

Result<Decision> RecordCorrection(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRecordCorrection();
  if (Status s = Require(p.getReason().cStr(), "el motivo de la corrección"); !s) {
    return Fail(Code::kReasonRequired, s.error().message);
  }
  if (w.corrected_stream.empty()) {
    return Fail(Code::kEventNotFound, "La corrección debe nombrar la posición del evento corregido.");
  }
  const std::string position = std::to_string(p.getCorrectedPosition());
  const std::string kind = EventName(w.corrected_event);
  if (!KindIsCorrectable(w.corrected_event)) {
    return Fail(Code::kFieldNotCorrectable,
                "El evento " + position + " (" + kind +
                    ") no se corrige: una corrección, un token, un usuario o un dato de referencia (este se "
                    "vuelve a fijar con su comando).");
  }
  const std::string field = p.getField().cStr();
  if (field.empty()) {
    return Fail(Code::kFieldRequired, "Falta el campo corregido (p. ej. fullName).");
  }
  std::string correctable;
  const PayloadField* found = nullptr;
  for (const PayloadField& f : w.corrected_fields) {
    if (f.name == field) found = &f;
    if (f.is_text && FieldIsCorrectable(f.name)) correctable += (correctable.empty() ? "" : ", ") + f.name;
  }
  if (found == nullptr) {
    return Fail(Code::kCorrectionFieldUnknown,
                "El evento " + position + " (" + kind + ") no tiene el campo '" + field +
                    "'. Campos que se pueden corregir: " + (correctable.empty() ? "ninguno" : correctable) + ".");
  }
  if (!found->is_text || !FieldIsCorrectable(field)) {
    return Fail(Code::kFieldNotCorrectable,
                "El campo '" + field + "' del evento " + position +
                    " no se corrige: una corrección cambia un texto escrito por una persona, no quién, "
                    "cuál, cuándo ni cuánto. Campos que se pueden corregir: " +
                    (correctable.empty() ? "ninguno" : correctable) + ".");
  }
  if (found->value == p.getCorrectedValue().cStr()) {
    return Fail(Code::kCorrectionChangesNothing,
                "El campo '" + field + "' del evento " + position + " ya dice \"" + found->value + "\".");
  }
  Decision d;
  auto e = d.Emit(w.corrected_stream, ctx.occurred_at_ns).initCorrectionRecorded();
  e.setCorrectedPosition(p.getCorrectedPosition());
  e.setReason(p.getReason());
  e.setCorrectedValue(p.getCorrectedValue());
  e.setField(field);
  e.setCorrectedEvent(kind);
  e.setPreviousValue(found->value);
  return d;
}

}  // namespace bitacora::domain::deciders
