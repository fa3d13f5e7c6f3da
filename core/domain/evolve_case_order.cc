// Evolve() for the case (trámite) and order (form) aggregates.
#include "core/domain/state.h"
#include "core/domain/text_list.h"

namespace bitacora::domain {

using E = schema::Event;

const char* OrderStatusName(OrderStatus status) {
  switch (status) {
    case OrderStatus::kIssued:
      return "emitida";
    case OrderStatus::kHandedOver:
      return "entregada al técnico";
    case OrderStatus::kReturned:
      return "devuelta";
    case OrderStatus::kSentBack:
      return "devuelta al técnico para corrección";
    case OrderStatus::kVerified:
      return "verificada";
    case OrderStatus::kRegistered:
      return "registrada en el control diario";
    case OrderStatus::kArchived:
      return "archivada";
    case OrderStatus::kAtOdeco:
      return "enviada a ODECO";
    case OrderStatus::kProcessedByOdeco:
      return "procesada por ODECO";
    case OrderStatus::kSentToCpd:
      return "enviada a CPD";
    case OrderStatus::kReceivedByCpd:
      return "recibida por CPD";
    case OrderStatus::kAnnulled:
      return "anulada";
  }
  return "?";
}

void Evolve(CaseState& s, const EventMeta& meta, E::Reader e) {
  switch (e.which()) {
    case E::CASE_OPENED: {
      auto p = e.getCaseOpened();
      s.exists = true;
      s.id = p.getCaseId().cStr();
      s.kind = p.getKind();
      s.client_ci = p.getClientCi().cStr();
      s.tariff_category = p.getTariffCategory();
      s.address = p.getAddress().cStr();
      s.subscriber_number = p.getSubscriberNumber().cStr();
      s.client_has_folder = p.getClientHasFolder();
      s.opened_at_ns = meta.recorded_at_ns;
      break;
    }
    case E::DOCUMENTS_ACCEPTED:
      s.documents_accepted = true;
      s.documents = ToStrings(e.getDocumentsAccepted().getDocuments());
      s.missing_documents.clear();
      break;
    case E::DOCUMENTS_FOUND_INCOMPLETE:
      s.missing_documents = ToStrings(e.getDocumentsFoundIncomplete().getMissing());
      break;
    case E::CASE_CLIENT_RECORDED:
      s.client_recorded = true;
      break;
    case E::CASE_ORDER_LINKED:
      s.orders.emplace_back(e.getCaseOrderLinked().getOrderType(),
                            e.getCaseOrderLinked().getOrderNumber().cStr());
      break;
    case E::INSTALLATION_REPORTED:
      s.installation_reported = true;
      break;
    case E::CASE_SUBSCRIBER_ASSIGNED:
      s.subscriber_number = e.getCaseSubscriberAssigned().getSubscriberNumber().cStr();
      break;
    case E::VIABILITY_DECIDED:
      s.viability_inspection = e.getViabilityDecided().getInspectionOrderNumber().cStr();
      s.viable = e.getViabilityDecided().getViable();
      break;
    case E::CASE_METER_ASSIGNED:
      s.meter_serial = e.getCaseMeterAssigned().getMeterSerial().cStr();
      s.meter_ownership = e.getCaseMeterAssigned().getOwnership();
      break;
    case E::CONTRACT_SIGNED:
      s.signed_contract = e.getContractSigned().getContractOrderNumber().cStr();
      s.signed_frm = e.getContractSigned().getFrmOrderNumber().cStr();
      break;
    case E::DOCUMENTS_HANDED_OVER:
      s.handed_over = true;
      break;
    case E::FOLDER_ASSEMBLED:
      s.folder_assembled = true;
      break;
    case E::CUT_CONDITIONS_EXPLAINED:
      s.conditions_explained = true;
      break;
    case E::CLIENT_CONFIRMED_REQUEST:
      s.client_confirmed = true;
      break;
    case E::CASE_CLOSED:
      s.closed = true;
      s.outcome = e.getCaseClosed().getOutcome();
      s.sent_to_odeco = e.getCaseClosed().getSentToOdeco();
      break;
    case E::CASE_RECEIVED_BY_ODECO:
      s.received_by_odeco = true;
      break;
    case E::CASE_WITHDRAWN:
      s.closed = true;
      s.withdrawn = true;
      s.withdrawal_reason = e.getCaseWithdrawn().getReason().cStr();
      break;
    case E::PAYMENT_REFUNDED:
      s.refund_receipt = e.getPaymentRefunded().getReceiptNumber().cStr();
      break;
    case E::METER_REGISTRATION_GUIDE_ISSUED:
      s.meter_guide_frm = e.getMeterRegistrationGuideIssued().getFrmOrderNumber().cStr();
      break;
    // Nothing to fold: comments and corrections change no state; the rest are other streams'.
    case E::COMMENT_RECORDED:
    case E::CORRECTION_RECORDED:
    case E::REQUIREMENT_CHECKLIST_SET:
    case E::MATERIAL_PRICES_SET:
    case E::TARIFF_SET:
    case E::TECHNICIAN_ON_DUTY_SET:
    case E::HOLIDAYS_SET:
    case E::CLIENT_REGISTERED:
    case E::CLIENT_DATA_UPDATED:
    case E::CLIENT_FOLDER_RECORDED:
    case E::ORDER_ISSUED:
    case E::ORDER_HANDED_TO_TECHNICIAN:
    case E::ORDER_RETURNED:
    case E::RECONNECTION_INSPECTION_PROCESSED:
    case E::ORDER_VERIFIED:
    case E::ORDER_SENT_BACK:
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
    case E::REQUIREMENTS_ORDER_PROCESSED:
    case E::ORDER_ARCHIVED:
    case E::ORDER_SENT_TO_ODECO:
    case E::ORDER_PROCESSED_BY_ODECO:
    case E::ORDER_SENT_TO_CPD:
    case E::ORDER_RECEIVED_BY_CPD:
    case E::ORDER_ANNULLED:
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
    case E::REQUIREMENTS_ORDER_UNFINISHED:
    case E::USER_CREATED:
    case E::USER_ROLE_CHANGED:
    case E::USER_PASSWORD_RESET:
    case E::USER_DISABLED:
    case E::SIGNED_IN:
    case E::SIGN_IN_FAILED:
      break;
  }
}

void Evolve(OrderState& s, const EventMeta& meta, E::Reader e) {
  switch (e.which()) {
    case E::ORDER_ISSUED: {
      auto p = e.getOrderIssued();
      s.exists = true;
      s.number = p.getOrderNumber().cStr();
      s.type = p.getOrderType();
      s.year = p.getYear();
      s.sequence = p.getSequence();
      s.case_id = p.getCaseId().cStr();
      s.client_ci = p.getClientCi().cStr();
      s.subscriber_number = p.getSubscriberNumber().cStr();
      s.issued_at_ns = meta.recorded_at_ns;
      s.status = OrderStatus::kIssued;
      s.attached_documents = ToStrings(p.getAttachedDocuments());
      for (auto l : p.getQuoteLines()) {
        s.quote_lines.push_back(QuoteLineEntry{l.getCode().cStr(), l.getDescription().cStr(),
                                               l.getUnit().cStr(), l.getQuantity(),
                                               l.getUnitPriceCentavos(), l.getSubtotalCentavos()});
      }
      s.total_centavos = p.getTotalCentavos();
      s.related_order = p.getRelatedOrderNumber().cStr();
      s.inspection_kind = p.getInspectionKind();
      s.meter_serial = p.getMeterSerial().cStr();
      s.meter_ownership = p.getMeterOwnership();
      s.removal_mode = p.getRemovalMode();
      s.signed_by_client = p.getSignedByClient();
      s.receipt_number = p.getReceiptNumber().cStr();
      break;
    }
    case E::ORDER_HANDED_TO_TECHNICIAN:
      s.status = OrderStatus::kHandedOver;
      break;
    case E::ORDER_RETURNED: {
      auto p = e.getOrderReturned();
      s.status = OrderStatus::kReturned;
      s.was_returned = true;
      s.outcome = p.getExecuted() ? FieldOutcome::kExecuted : FieldOutcome::kNotExecuted;
      s.ever_executed = s.ever_executed || p.getExecuted();
      s.not_executed_reason = p.getNotExecutedReason().cStr();
      if (p.getExecuted()) {
        s.materials.clear();
        for (auto m : p.getMaterials()) {
          s.materials.emplace_back(m.getCode().cStr(), m.getQuantity());
        }
        s.plan_reference = p.getPlanReference().cStr();
        s.satisfactory = p.getSatisfactory();
        s.findings = ToStrings(p.getFindings());
        if (p.getMeterSerial().size() > 0) s.meter_serial = p.getMeterSerial().cStr();
        s.meter_reading = p.getMeterReading();
      }
      break;
    }
    case E::RECONNECTION_INSPECTION_PROCESSED:
      s.reconnection_processed = true;
      s.satisfactory = true;
      s.outcome = FieldOutcome::kExecuted;
      s.ever_executed = true;
      break;
    case E::ORDER_VERIFIED:
      s.status = OrderStatus::kVerified;
      break;
    case E::ORDER_SENT_BACK:
      s.status = OrderStatus::kSentBack;
      break;
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
      s.status = OrderStatus::kRegistered;
      s.control_date = e.getOrderRegisteredInDailyControl().getControlDate().cStr();
      break;
    case E::REQUIREMENTS_ORDER_PROCESSED:
      s.requirements_processed = true;
      break;
    case E::REQUIREMENTS_ORDER_UNFINISHED:
      s.case_unfinished = true;
      break;
    case E::ORDER_ARCHIVED:
      s.status = OrderStatus::kArchived;
      break;
    case E::ORDER_SENT_TO_ODECO:
      s.status = OrderStatus::kAtOdeco;
      break;
    case E::ORDER_PROCESSED_BY_ODECO:
      s.status = OrderStatus::kProcessedByOdeco;
      s.odeco_processed_date = e.getOrderProcessedByOdeco().getProcessingDate().cStr();
      break;
    case E::ORDER_SENT_TO_CPD:
      s.status = OrderStatus::kSentToCpd;
      s.cpd_month = e.getOrderSentToCpd().getBatchMonth().cStr();
      break;
    case E::ORDER_RECEIVED_BY_CPD:
      s.status = OrderStatus::kReceivedByCpd;
      break;
    case E::ORDER_ANNULLED:
      s.status = OrderStatus::kAnnulled;
      s.annul_reason = e.getOrderAnnulled().getReason().cStr();
      break;
    // Nothing to fold: comments and corrections change no state; the rest are other streams'.
    case E::COMMENT_RECORDED:
    case E::CORRECTION_RECORDED:
    case E::REQUIREMENT_CHECKLIST_SET:
    case E::MATERIAL_PRICES_SET:
    case E::TARIFF_SET:
    case E::TECHNICIAN_ON_DUTY_SET:
    case E::HOLIDAYS_SET:
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

}  // namespace bitacora::domain
