// The dispatcher (role check first), reference data and corrections.
#include "core/domain/decide.h"

#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

const char* RoleName(schema::Role role) {
  switch (role) {
    case schema::Role::PLATFORM:
      return "plataforma";
    case schema::Role::TECHNICIAN:
      return "técnico";
    case schema::Role::CASHIER:
      return "cajas";
    case schema::Role::WAREHOUSE:
      return "almacenes";
    case schema::Role::ODECO:
      return "ODECO";
    case schema::Role::CPD:
      return "CPD";
    case schema::Role::SUPERVISOR:
      return "supervisor";
    case schema::Role::AUDITOR:
      return "auditor";
    case schema::Role::SYSTEM:
      return "sistema";
  }
  return "?";
}

Result<Decision> DecideCorrection(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRecordCorrection();
  if (Status s = Require(p.getReason().cStr(), "el motivo de la corrección"); !s) {
    return Refuse("reason_required", s.error().message);
  }
  if (w.corrected_stream.empty()) {
    return Refuse("event_not_found",
                  "La corrección debe nombrar la posición del evento corregido.");
  }
  Decision d;
  auto e = d.Emit(w.corrected_stream, ctx.occurred_at_ns).initCorrectionRecorded();
  e.setCorrectedPosition(p.getCorrectedPosition());
  e.setReason(p.getReason());
  e.setCorrectedValue(p.getCorrectedValue());
  return d;
}

}  // namespace

Result<Decision> DecideReference(const World&, C::Reader c, const Context& ctx) {
  Decision d;
  const std::string stream(kReferenceStream);
  switch (c.which()) {
    case C::SET_REQUIREMENT_CHECKLIST: {
      auto p = c.getSetRequirementChecklist();
      if (p.getDocuments().size() == 0) {
        return Refuse("field_required", "La lista de requisitos no puede estar vacía.");
      }
      auto e = d.Emit(stream, ctx.occurred_at_ns).initRequirementChecklistSet();
      e.setCaseKind(p.getCaseKind());
      e.setTariffCategory(p.getTariffCategory());
      e.setDocuments(p.getDocuments());
      break;
    }
    case C::SET_MATERIAL_PRICES: {
      auto items = c.getSetMaterialPrices().getItems();
      if (items.size() == 0) return Refuse("field_required", "Falta la lista de precios.");
      for (auto item : items) {
        if (item.getCode().size() == 0)
          return Refuse("field_required", "Falta el código del material.");
        if (item.getPriceCentavos() <= 0) {
          return Refuse("value_out_of_range", "El precio del material " +
                                                  std::string(item.getCode().cStr()) +
                                                  " debe ser mayor que cero.");
        }
      }
      d.Emit(stream, ctx.occurred_at_ns).initMaterialPricesSet().setItems(items);
      break;
    }
    case C::SET_TARIFF: {
      auto p = c.getSetTariff();
      if (p.getFixedChargeCentavos() < 0 || p.getEnergyChargeCentavosPerKwh() < 0) {
        return Refuse("value_out_of_range", "Los cargos de la tarifa no pueden ser negativos.");
      }
      auto e = d.Emit(stream, ctx.occurred_at_ns).initTariffSet();
      e.setCategory(p.getCategory());
      e.setDescription(p.getDescription());
      e.setFixedChargeCentavos(p.getFixedChargeCentavos());
      e.setEnergyChargeCentavosPerKwh(p.getEnergyChargeCentavosPerKwh());
      break;
    }
    case C::SET_TECHNICIAN_ON_DUTY: {
      auto p = c.getSetTechnicianOnDuty();
      if (Status s = Require(p.getName().cStr(), "el nombre del técnico de turno"); !s)
        return Fail(s.error());
      if (Status s = Require(p.getPhone().cStr(), "el teléfono del técnico de turno"); !s)
        return Fail(s.error());
      auto e = d.Emit(stream, ctx.occurred_at_ns).initTechnicianOnDutySet();
      e.setName(p.getName());
      e.setPhone(p.getPhone());
      break;
    }
    default:
      return Fail(ErrorKind::kInternal, "unrouted_command", "comando no enrutado");
  }
  return d;
}

Status CheckRole(schema::Role role, schema::Command::Which which) {
  if (RoleMayIssue(role, which)) return Ok();
  return Refuse("not_allowed_for_role", "El rol " + std::string(RoleName(role)) +
                                            " no puede ejecutar «" +
                                            std::string(CommandName(which)) + "».");
}

Result<Decision> Decide(const World& world, schema::Role role, C::Reader command,
                        const Context& context) {
  if (Status s = CheckRole(role, command.which()); !s) return Fail(s.error());
  Result<Decision> result = [&]() -> Result<Decision> {
    switch (command.which()) {
      case C::SET_REQUIREMENT_CHECKLIST:
      case C::SET_MATERIAL_PRICES:
      case C::SET_TARIFF:
      case C::SET_TECHNICIAN_ON_DUTY:
        return DecideReference(world, command, context);
      case C::OPEN_CASE:
      case C::PRESENT_DOCUMENTS:
      case C::REGISTER_CLIENT:
      case C::ISSUE_REQUIREMENTS_ORDER:
        return DecideIntake(world, command, context);
      case C::RECORD_CUT_CONDITIONS_EXPLAINED:
      case C::RECORD_CLIENT_CONFIRMATION:
      case C::ISSUE_CUT_ORDER:
      case C::ISSUE_REMOVAL_ORDER:
        return DecideService(world, command, context);
      case C::RECORD_VISIT:
      case C::RECORD_MATERIALS_DELIVERY:
      case C::RECORD_INSPECTION_RESULT:
      case C::RECORD_METER_DELIVERY:
      case C::RECORD_ENERGIZATION:
      case C::RECORD_CUT_EXECUTED:
      case C::RECORD_REMOVAL_EXECUTED:
      case C::RECORD_ORDER_NOT_EXECUTED:
      case C::HAND_ORDER_TO_TECHNICIAN:
        return DecideFieldReturn(world, command, context);
      case C::VERIFY_RETURNED_ORDER:
      case C::SEND_BACK_ORDER:
      case C::REGISTER_IN_DAILY_CONTROL:
      case C::ARCHIVE_ORDER:
      case C::SEND_ORDERS_TO_ODECO:
      case C::PROCESS_ORDERS_AT_ODECO:
      case C::SEND_MONTHLY_BATCH_TO_CPD:
      case C::RECEIVE_CPD_BATCH:
      case C::ANNUL_ORDER:
      case C::RECEIVE_NON_VIABLE_CASE:
        return DecideOrderHandling(world, command, context);
      case C::RECORD_CORRECTION:
        return DecideCorrection(world, command, context);
      default:
        return DecideConnection(world, command, context);
    }
  }();
  if (result && result->case_id.empty() && world.kase.exists) result->case_id = world.kase.id;
  return result;
}

}  // namespace bitacora::domain
