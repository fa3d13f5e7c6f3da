// Apply(): the domain's Evolve plus the when-and-who the views keep.
#include "projections/records.h"

#include <capnp/schema.h>

#include <algorithm>
#include <cstring>

namespace bitacora::projections {

using E = schema::Event;

EventInfo InfoOf(schema::Envelope::Reader env) {
  EventInfo info;
  info.position = env.getPosition();
  auto text = [](capnp::Text::Reader t) { return std::string_view(t.cStr(), t.size()); };
  info.stream_id = text(env.getStreamId());
  info.version = env.getVersion();
  info.case_id = text(env.getCaseId());
  info.actor_id = text(env.getActor().getId());
  info.role = env.getActor().getRole();
  info.credential = text(env.getActor().getCredential());
  info.recorded_at_ns = env.getRecordedAtNs();
  info.occurred_at_ns = env.getOccurredAtNs();
  auto hash = env.getHash();
  if (hash.size() == info.hash.size()) std::memcpy(info.hash.data(), hash.begin(), hash.size());
  return info;
}

void Touch(RecordMeta& m, const EventInfo& info) {
  if (m.events == 0) {
    m.first_position = info.position;
    m.created_at_ns = info.recorded_at_ns;
  }
  ++m.events;
  m.last_position = info.position;
  m.updated_at_ns = info.recorded_at_ns;
}

void Apply(ClientRecord& r, const EventInfo& info, E::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
}

void Apply(CaseRecord& r, const EventInfo& info, E::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  if (e.which() == E::CASE_CLOSED || e.which() == E::CASE_WITHDRAWN) r.closed_at_ns = info.recorded_at_ns;
}

void Apply(OrderRecord& r, const EventInfo& info, E::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  switch (e.which()) {
    case E::ORDER_ISSUED:
      r.issued_by = info.actor_id;
      break;
    case E::ORDER_HANDED_TO_TECHNICIAN:
      r.technician = e.getOrderHandedToTechnician().getTechnician().cStr();
      r.handed_at_ns = info.recorded_at_ns;
      break;
    case E::ORDER_RETURNED:
      if (r.first_returned_at_ns == 0) r.first_returned_at_ns = info.recorded_at_ns;
      if (r.closed_at_ns == 0) r.closed_at_ns = info.recorded_at_ns;
      r.returned_at_ns = info.recorded_at_ns;
      r.work_done_at_ns = e.getOrderReturned().getWorkDoneAtNs();
      r.returned_by = info.actor_id;
      if (r.technician.empty() && info.role == schema::Role::TECHNICIAN) {
        r.technician = info.actor_id;
      }
      r.verification = Verification::kPending;
      break;
    case E::ORDER_VERIFIED:
      r.verification = Verification::kVerified;
      r.verified_at_ns = info.recorded_at_ns;
      break;
    case E::ORDER_SENT_BACK:
      r.verification = Verification::kSentBack;
      ++r.sent_back_count;
      r.sent_back_reasons.clear();
      for (auto reason : e.getOrderSentBack().getReasons()) {
        r.sent_back_reasons.emplace_back(reason.cStr());
      }
      break;
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
      r.registered_at_ns = info.recorded_at_ns;
      break;
    case E::ORDER_ARCHIVED:
    case E::ORDER_SENT_TO_ODECO:
      r.destination_at_ns = info.recorded_at_ns;
      break;
    case E::ORDER_PROCESSED_BY_ODECO:
      r.odeco_processed_at_ns = info.recorded_at_ns;
      break;
    case E::ORDER_ANNULLED:
      r.annulled_at_ns = info.recorded_at_ns;
      if (r.closed_at_ns == 0) r.closed_at_ns = info.recorded_at_ns;
      break;
    case E::RECONNECTION_INSPECTION_PROCESSED:  // processed at the desk, never returned
    case E::REQUIREMENTS_ORDER_PROCESSED:       // an 8.2 ORT has no visit
      if (r.closed_at_ns == 0) r.closed_at_ns = info.recorded_at_ns;
      break;
    // The order's state (Evolve) already keeps what these tell.
    case E::ORDER_SENT_TO_CPD:
    case E::ORDER_RECEIVED_BY_CPD:
      break;
    // Comments and corrections, and the events of other streams: nothing to keep.
    case E::COMMENT_RECORDED:
    case E::CORRECTION_RECORDED:
    case E::REQUIREMENT_CHECKLIST_SET:
    case E::MATERIAL_PRICES_SET:
    case E::TARIFF_SET:
    case E::HOLIDAYS_SET:
    case E::TECHNICIAN_ON_DUTY_SET:
    case E::CLIENT_REGISTERED:
    case E::CLIENT_DATA_UPDATED:
    case E::CLIENT_FOLDER_RECORDED:
    case E::CASE_OPENED:
    case E::DOCUMENTS_ACCEPTED:
    case E::DOCUMENTS_FOUND_INCOMPLETE:
    case E::CASE_CLIENT_RECORDED:
    case E::CASE_ORDER_LINKED:
    case E::INSTALLATION_REPORTED:
    case E::CASE_SUBSCRIBER_ASSIGNED:
    case E::VIABILITY_DECIDED:
    case E::CASE_METER_ASSIGNED:
    case E::CONTRACT_SIGNED:
    case E::DOCUMENTS_HANDED_OVER:
    case E::FOLDER_ASSEMBLED:
    case E::CUT_CONDITIONS_EXPLAINED:
    case E::CLIENT_CONFIRMED_REQUEST:
    case E::CASE_CLOSED:
    case E::CASE_RECEIVED_BY_ODECO:
    case E::SUBSCRIBER_CREATED:
    case E::SUBSCRIBER_STATUS_CHANGED:
    case E::SUBSCRIBER_METER_INSTALLED:
    case E::SUBSCRIBER_METER_REMOVED:
    case E::SUBSCRIBER_ADDRESS_CHANGED:
    case E::SERVICE_CASE_OPENED:
    case E::SERVICE_CASE_CLOSED:
    case E::METER_REGISTERED:
    case E::METER_DELIVERED:
    case E::METER_INSTALLED:
    case E::METER_REMOVED:
    case E::TOKEN_ISSUED:
    case E::TOKEN_REVOKED:
    case E::NOTE_RECORDED:
    case E::CASE_WITHDRAWN:
    case E::REQUIREMENTS_ORDER_UNFINISHED:
    case E::PAYMENT_REFUNDED:
    case E::METER_REGISTRATION_GUIDE_ISSUED:
    case E::USER_CREATED:
    case E::USER_ROLE_CHANGED:
    case E::USER_PASSWORD_RESET:
    case E::USER_DISABLED:
    case E::SIGNED_IN:
    case E::SIGN_IN_FAILED:
      break;
  }
}

void Apply(SubscriberRecord& r, const EventInfo& info, E::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  if (e.which() == E::SERVICE_CASE_OPENED) {
    r.cases.emplace_back(e.getServiceCaseOpened().getCaseId().cStr());
  }
}

void Apply(MeterRecord& r, const EventInfo& info, E::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  if (e.which() == E::METER_INSTALLED) {
    r.subscribers.emplace_back(e.getMeterInstalled().getSubscriberNumber().cStr());
  }
}

bool IsReturnable(schema::OrderType type) {
  using T = schema::OrderType;
  return type != T::COT && type != T::FRM && type != T::CON;
}

std::string EventTypeName(uint16_t which) {
  auto fields = capnp::Schema::from<E>().getUnionFields();
  for (auto f : fields) {
    if (f.getProto().getDiscriminantValue() == which) return f.getProto().getName().cStr();
  }
  return "event" + std::to_string(which);
}

std::string EventLabel(uint16_t which) {
  switch (static_cast<E::Which>(which)) {
    case E::COMMENT_RECORDED:
      return "Nota";
    case E::CORRECTION_RECORDED:
      return "Corrección";
    case E::REQUIREMENT_CHECKLIST_SET:
      return "Lista de requisitos";
    case E::MATERIAL_PRICES_SET:
      return "Lista de precios de materiales";
    case E::TARIFF_SET:
      return "Tarifa";
    case E::TECHNICIAN_ON_DUTY_SET:
      return "Técnico de turno";
    case E::HOLIDAYS_SET:
      return "Feriados";
    case E::CLIENT_REGISTERED:
      return "Registro del cliente";
    case E::CLIENT_DATA_UPDATED:
      return "Actualización de datos del cliente";
    case E::CLIENT_FOLDER_RECORDED:
      return "Carpeta del cliente";
    case E::CASE_OPENED:
      return "Apertura del trámite";
    case E::DOCUMENTS_ACCEPTED:
      return "Documentos presentados (completos)";
    case E::DOCUMENTS_FOUND_INCOMPLETE:
      return "Documentos presentados (incompletos)";
    case E::CASE_CLIENT_RECORDED:
      return "Cliente del trámite";
    case E::CASE_ORDER_LINKED:
      return "Orden del trámite";
    case E::INSTALLATION_REPORTED:
      return "Instalación por técnico autorizado";
    case E::CASE_SUBSCRIBER_ASSIGNED:
      return "Número de abonado asignado";
    case E::VIABILITY_DECIDED:
      return "Decisión de viabilidad";
    case E::CASE_METER_ASSIGNED:
      return "Medidor del trámite";
    case E::CONTRACT_SIGNED:
      return "Contrato firmado";
    case E::DOCUMENTS_HANDED_OVER:
      return "Entrega de documentos";
    case E::FOLDER_ASSEMBLED:
      return "Armado de carpeta";
    case E::CUT_CONDITIONS_EXPLAINED:
      return "Condiciones de corte explicadas";
    case E::CLIENT_CONFIRMED_REQUEST:
      return "Confirmación del cliente";
    case E::CASE_CLOSED:
      return "Cierre del trámite";
    case E::CASE_RECEIVED_BY_ODECO:
      return "Trámite recibido por ODECO";
    case E::ORDER_ISSUED:
      return "Emisión de orden";
    case E::ORDER_HANDED_TO_TECHNICIAN:
      return "Orden entregada al técnico";
    case E::ORDER_RETURNED:
      return "Orden devuelta";
    case E::RECONNECTION_INSPECTION_PROCESSED:
      return "OIT de reconexión procesada";
    case E::ORDER_VERIFIED:
      return "Orden verificada";
    case E::ORDER_SENT_BACK:
      return "Orden devuelta con observaciones";
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
      return "Registro en el control diario";
    case E::REQUIREMENTS_ORDER_PROCESSED:
      return "ORT procesada";
    case E::ORDER_ARCHIVED:
      return "Orden archivada";
    case E::ORDER_SENT_TO_ODECO:
      return "Orden enviada a ODECO";
    case E::ORDER_PROCESSED_BY_ODECO:
      return "Orden procesada por ODECO";
    case E::ORDER_SENT_TO_CPD:
      return "Orden enviada a CPD";
    case E::ORDER_RECEIVED_BY_CPD:
      return "Orden recibida por CPD";
    case E::ORDER_ANNULLED:
      return "Orden anulada";
    case E::SUBSCRIBER_CREATED:
      return "Alta del abonado";
    case E::SUBSCRIBER_STATUS_CHANGED:
      return "Cambio de estado del servicio";
    case E::SUBSCRIBER_METER_INSTALLED:
      return "Medidor instalado en el abonado";
    case E::SUBSCRIBER_METER_REMOVED:
      return "Medidor retirado del abonado";
    case E::SUBSCRIBER_ADDRESS_CHANGED:
      return "Cambio de dirección (traslado)";
    case E::SERVICE_CASE_OPENED:
      return "Trámite de servicio abierto";
    case E::SERVICE_CASE_CLOSED:
      return "Trámite de servicio cerrado";
    case E::METER_REGISTERED:
      return "Registro de medidor";
    case E::METER_DELIVERED:
      return "Entrega de medidor";
    case E::METER_INSTALLED:
      return "Instalación de medidor";
    case E::METER_REMOVED:
      return "Retiro de medidor";
    case E::TOKEN_ISSUED:
      return "Emisión de credencial de acceso";
    case E::TOKEN_REVOKED:
      return "Revocación de credencial de acceso";
    case E::NOTE_RECORDED:
      return "Nota del supervisor";
    case E::CASE_WITHDRAWN:
      return "Desistimiento del trámite";
    case E::REQUIREMENTS_ORDER_UNFINISHED:
      return "ORT de trámite no concluido";
    case E::PAYMENT_REFUNDED:
      return "Devolución del pago en cajas";
    case E::METER_REGISTRATION_GUIDE_ISSUED:
      return "Guía de Registro de Medidor";
    case E::USER_CREATED:
      return "Alta de usuario";
    case E::USER_ROLE_CHANGED:
      return "Cambio de rol de usuario";
    case E::USER_PASSWORD_RESET:
      return "Restablecimiento de contraseña";
    case E::USER_DISABLED:
      return "Baja de usuario";
    case E::SIGNED_IN:
      return "Ingreso de usuario";
    case E::SIGN_IN_FAILED:
      return "Ingreso fallido";
  }
  return EventTypeName(which);
}

}  // namespace bitacora::projections
