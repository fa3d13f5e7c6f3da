// Evolve() for API tokens (stream "token-<SHA-256 of the token, hex>").
#include "core/crypto/sha256.h"
#include "core/domain/state.h"

namespace bitacora::domain {

using E = schema::Event;

void Evolve(TokenState& s, const EventMeta& meta, E::Reader e) {
  switch (e.which()) {
    case E::TOKEN_ISSUED: {
      auto p = e.getTokenIssued();
      auto hash = p.getTokenHash();
      s.exists = true;
      s.hash_hex =
          ToHex(std::string_view(reinterpret_cast<const char*>(hash.begin()), hash.size()));
      s.actor_id = p.getActorId().cStr();
      s.role = p.getRole().cStr();
      s.label = p.getLabel().cStr();
      s.issued_at_position = meta.position;
      s.revoked = false;
      s.revoke_reason.clear();
      break;
    }
    case E::TOKEN_REVOKED:
      s.revoked = true;
      s.revoke_reason = e.getTokenRevoked().getReason().cStr();
      break;
    // Nothing to fold: notes and corrections change no token; the rest are other streams'.
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

}  // namespace bitacora::domain
