// The states the deciders read, one plain struct per aggregate, each rebuilt by folding its
// stream's events with Evolve(). Pure data: no I/O, no clock.
#ifndef BITACORA_CORE_DOMAIN_STATE_H_
#define BITACORA_CORE_DOMAIN_STATE_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "events/events.capnp.h"

namespace bitacora::domain {

// What the envelope says about an event, besides its payload.
struct EventMeta {
  uint64_t position = 0;
  int64_t recorded_at_ns = 0;
  int64_t occurred_at_ns = 0;
};

struct MaterialPriceEntry {
  std::string description;
  std::string unit;
  int64_t price_centavos = 0;
};

struct TariffEntry {
  std::string description;
  int64_t fixed_charge_centavos = 0;
  int64_t energy_charge_centavos_per_kwh = 0;
};

// Stream "reference".
struct ReferenceState {
  // (case kind, tariff category) -> required documents.
  std::map<std::pair<schema::CaseKind, schema::TariffCategory>, std::vector<std::string>>
      checklists;
  std::map<std::string, MaterialPriceEntry> prices;  // by material code: the prices in force
  std::map<schema::TariffCategory, TariffEntry> tariffs;
  std::string technician_on_duty;
  std::string technician_phone;
  std::set<std::string> holidays;  // La Paz dates "YYYY-MM-DD" that are not working days
};

// Stream "client-<ci>".
struct ClientState {
  bool exists = false;
  std::string ci;
  std::string department;
  std::string full_name;
  std::string address;
  std::string phone;
  std::vector<std::string> folder_cases;  // cases whose folder was assembled
};

// Stream "case-<id>".
struct CaseState {
  bool exists = false;
  std::string id;
  schema::CaseKind kind = schema::CaseKind::NEW_CONNECTION;
  std::string client_ci;
  schema::TariffCategory tariff_category = schema::TariffCategory::RESIDENTIAL;
  std::string address;
  std::string subscriber_number;
  bool client_has_folder = false;
  int64_t opened_at_ns = 0;
  bool documents_accepted = false;
  std::vector<std::string> documents;
  std::vector<std::string> missing_documents;  // from the last incomplete presentation
  bool client_recorded = false;
  std::vector<std::pair<schema::OrderType, std::string>> orders;  // in issue order
  bool installation_reported = false;
  std::string viability_inspection;  // the OIT the viability decision was on
  bool viable = false;
  std::string meter_serial;
  schema::MeterOwnership meter_ownership = schema::MeterOwnership::BOUGHT;
  std::string signed_contract;
  bool handed_over = false;
  bool folder_assembled = false;
  bool conditions_explained = false;
  bool client_confirmed = false;
  bool closed = false;
  schema::CaseOutcome outcome = schema::CaseOutcome::COMPLETED;
  bool sent_to_odeco = false;
  bool received_by_odeco = false;
  bool withdrawn = false;  // closed by withdrawCase (closed is true too)
  std::string withdrawal_reason;
  std::string signed_frm;       // the FRM signed with the contract (8.1 step 13), if any
  std::string meter_guide_frm;  // the FRM the Guía de Registro de Medidor went with (step 11)
  std::string refund_receipt;   // the receipt of the payment given back (refundPayment), if any
};

enum class OrderStatus {
  kIssued,
  kHandedOver,
  kReturned,
  kSentBack,
  kVerified,
  kRegistered,  // in the daily control
  kArchived,
  kAtOdeco,
  kProcessedByOdeco,
  kSentToCpd,
  kReceivedByCpd,
  kAnnulled,
};

// Spanish name of a status, for messages.
const char* OrderStatusName(OrderStatus status);

enum class FieldOutcome { kPending, kExecuted, kNotExecuted };

struct QuoteLineEntry {
  std::string code;
  std::string description;
  std::string unit;
  int64_t quantity = 0;
  int64_t unit_price_centavos = 0;
  int64_t subtotal_centavos = 0;
};

// Stream "order-<number>".
struct OrderState {
  bool exists = false;
  std::string number;
  schema::OrderType type = schema::OrderType::ORT;
  int year = 0;
  uint64_t sequence = 0;
  std::string case_id;
  std::string client_ci;
  std::string subscriber_number;
  int64_t issued_at_ns = 0;  // recorded time of orderIssued
  OrderStatus status = OrderStatus::kIssued;
  FieldOutcome outcome = FieldOutcome::kPending;  // of the latest return
  bool ever_executed = false;
  std::string not_executed_reason;
  std::vector<std::string> attached_documents;
  std::vector<QuoteLineEntry> quote_lines;
  int64_t total_centavos = 0;
  std::string related_order;
  schema::InspectionKind inspection_kind = schema::InspectionKind::NEW_INSTALLATION;
  std::string meter_serial;
  schema::MeterOwnership meter_ownership = schema::MeterOwnership::BOUGHT;
  schema::RemovalMode removal_mode = schema::RemovalMode::SUSPENSION;
  bool signed_by_client = false;
  std::vector<std::pair<std::string, int64_t>> materials;  // ORT detail / OEM delivered
  std::string plan_reference;
  bool satisfactory = false;
  std::vector<std::string> findings;
  int64_t meter_reading = 0;
  bool reconnection_processed = false;
  bool requirements_processed = false;
  bool was_returned = false;  // returned at least once (so it belongs in the daily control)
  std::string control_date;
  std::string odeco_processed_date;
  std::string cpd_month;
  std::string annul_reason;
  bool case_unfinished = false;  // ORT: its case ended without completion (archive or ODECO)
  std::string receipt_number;  // OEM: the cashier's receipt for the payment

  // Not annulled and not returned as not executed: the form still counts for its case.
  bool Live() const {
    return exists && status != OrderStatus::kAnnulled && outcome != FieldOutcome::kNotExecuted;
  }
  // Out in the field (or at the warehouse), waiting to be returned.
  bool Outstanding() const {
    return status == OrderStatus::kIssued || status == OrderStatus::kHandedOver ||
           status == OrderStatus::kSentBack;
  }
};

// Stream "subscriber-<number>".
struct SubscriberState {
  bool exists = false;
  std::string number;
  std::string client_ci;
  std::string address;
  schema::TariffCategory tariff_category = schema::TariffCategory::RESIDENTIAL;
  schema::SubscriberStatus status = schema::SubscriberStatus::IN_CONNECTION;
  std::string meter_serial;       // installed meter, "" if none
  std::string open_service_case;  // open cut / reconnection case, "" if none
};

// Letter the cooperative's systems use: X, N, S, R.
char SubscriberStatusLetter(schema::SubscriberStatus status);

enum class MeterLocation { kRegistered, kDelivered, kInstalled, kRemoved };

// Stream "meter-<serial>".
struct MeterState {
  bool exists = false;
  std::string serial;
  schema::MeterOwnership ownership = schema::MeterOwnership::BOUGHT;
  std::string client_ci;
  std::string case_id;
  MeterLocation location = MeterLocation::kRegistered;
  std::string installed_at;            // subscriber number while installed
  bool with_cooperative = false;       // a lent / GIZ meter returned after removal
};

// Stream "token-<SHA-256 of the token, hex>": an API token, issued and maybe revoked.
struct TokenState {
  bool exists = false;
  std::string hash_hex;  // SHA-256 of the token, lowercase hex
  std::string actor_id;  // who acts with it
  std::string role;      // the Role's schema name, as tokenIssued keeps it
  std::string label;
  uint64_t issued_at_position = 0;
  bool revoked = false;
  std::string revoke_reason;
};

// Stream "user-<username>": a person who signs in with a password (createUser and after).
struct UserState {
  bool exists = false;
  std::string username;
  std::string full_name;
  std::string role;           // the Role's schema name, as userCreated / userRoleChanged keep it
  std::string agency;         // empty when not given
  std::string window;         // empty when not given
  std::string password_hash;  // Argon2id encoded hash, the latest one
  bool disabled = false;
  std::string disable_reason;
  uint64_t created_at_position = 0;
  int64_t created_at_ns = 0;  // recorded time of userCreated
  int64_t updated_at_ns = 0;  // recorded time of the user's latest event
};

// Folds one event into a state. Events that do not belong to that aggregate are ignored.
// Pure; not thread-safe on the same state.
void Evolve(ReferenceState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(ClientState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(CaseState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(OrderState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(SubscriberState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(MeterState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(TokenState& state, const EventMeta& meta, schema::Event::Reader event);
void Evolve(UserState& state, const EventMeta& meta, schema::Event::Reader event);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_STATE_H_
