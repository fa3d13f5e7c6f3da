// The records the views hold, one per entity, and the one apply function per record that both
// the live views and the as-of queries fold events with. Each record is the domain's own state
// (core/domain/state.h, folded with domain::Evolve so that the views can never disagree with what
// the deciders see) plus what the desk's queries and reports need besides: when and by whom.
//
// A record folds only the events of its own stream, so a record as of position P is exactly the
// fold of its stream's events up to P. Pure data: no I/O.
#ifndef BITACORA_PROJECTIONS_RECORDS_H_
#define BITACORA_PROJECTIONS_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/domain/state.h"
#include "events/envelope.capnp.h"

namespace bitacora::projections {

// What the envelope says about an event, besides its payload. The text fields point into the
// envelope's message: an EventInfo lives no longer than the message it was read from.
struct EventInfo {
  uint64_t position = 0;
  std::string_view stream_id;
  uint64_t version = 0;
  std::string_view case_id;  // correlation id from the envelope, may be empty
  std::string_view actor_id;
  schema::Role role = schema::Role::SYSTEM;
  std::string_view credential;  // which credential acted, may be empty
  int64_t recorded_at_ns = 0;
  int64_t occurred_at_ns = 0;
  Hash32 hash{};

  domain::EventMeta Meta() const { return {position, recorded_at_ns, occurred_at_ns}; }
};

// Reads the envelope's fields (not the payload). Never fails on a decoded envelope.
EventInfo InfoOf(schema::Envelope::Reader envelope);

// Bookkeeping common to every record.
struct RecordMeta {
  uint64_t events = 0;           // events folded
  uint64_t first_position = 0;   // position of the stream's first event
  uint64_t last_position = 0;    // position of the last event folded
  int64_t created_at_ns = 0;     // recorded time of the first event
  int64_t updated_at_ns = 0;     // recorded time of the last event
};

struct ClientRecord {
  domain::ClientState state;
  RecordMeta meta;
};

struct CaseRecord {
  domain::CaseState state;
  RecordMeta meta;
  int64_t closed_at_ns = 0;  // recorded time of caseClosed, 0 while open
};

// How the desk's verification of the latest return went (8.5).
enum class Verification { kPending, kVerified, kSentBack };

struct OrderRecord {
  domain::OrderState state;
  RecordMeta meta;
  std::string issued_by;             // actor id of orderIssued
  std::string technician;            // from orderHandedToTechnician, else who returned it
  int64_t handed_at_ns = 0;          // recorded time of the last hand-over
  int64_t first_returned_at_ns = 0;  // recorded time of the first return (cycle time ends here)
  int64_t returned_at_ns = 0;        // recorded time of the latest return
  int64_t work_done_at_ns = 0;       // business time of the latest return
  std::string returned_by;           // actor id of the latest return
  Verification verification = Verification::kPending;
  int64_t verified_at_ns = 0;
  uint32_t sent_back_count = 0;
  std::vector<std::string> sent_back_reasons;  // of the latest send-back
  int64_t registered_at_ns = 0;      // entered in the daily control
  int64_t destination_at_ns = 0;     // archived (ORT) or sent to ODECO
  int64_t odeco_processed_at_ns = 0;
  int64_t annulled_at_ns = 0;
  // Left the backlog: the first return, the annulment, or processing at the desk (0: still open).
  int64_t closed_at_ns = 0;
};

struct SubscriberRecord {
  domain::SubscriberState state;
  RecordMeta meta;
  std::vector<std::string> cases;  // cut / reconnection cases opened on the subscriber, in order
};

struct MeterRecord {
  domain::MeterState state;
  RecordMeta meta;
  std::vector<std::string> subscribers;  // every subscriber it was installed at, in order
};

// An API token (stream "token-<hash hex>"): the tokens view, keyed by the token's hash.
struct TokenRecord {
  domain::TokenState state;
  RecordMeta meta;
  std::string issued_by;   // actor id of tokenIssued
  std::string revoked_by;  // actor id of tokenRevoked
};

// A user who signs in (stream "user-<username>"): the users view, keyed by the username.
struct UserRecord {
  domain::UserState state;
  RecordMeta meta;
  std::string created_by;   // actor id of userCreated
  std::string disabled_by;  // actor id of userDisabled
};

// Counts the event in `m` (the bookkeeping every Apply does first).
void Touch(RecordMeta& m, const EventInfo& info);

// Folds one event of the record's own stream (TokenRecord: tokens_view.cc; UserRecord: users_view.cc). Pure; not thread-safe on the same record.
void Apply(ClientRecord& r, const EventInfo& info, schema::Event::Reader event);
void Apply(CaseRecord& r, const EventInfo& info, schema::Event::Reader event);
void Apply(OrderRecord& r, const EventInfo& info, schema::Event::Reader event);
void Apply(SubscriberRecord& r, const EventInfo& info, schema::Event::Reader event);
void Apply(MeterRecord& r, const EventInfo& info, schema::Event::Reader event);
void Apply(TokenRecord& r, const EventInfo& info, schema::Event::Reader event);
void Apply(UserRecord& r, const EventInfo& info, schema::Event::Reader event);

// True for the orders the field or the warehouse returns (ORT, OEM, OIT, OC, OEMD, OCS, OSR);
// COT, FRM and CON are handed to the client and never returned (docs/procedures.md, 8.5).
bool IsReturnable(schema::OrderType type);

// One line of a folder (carpeta) or of a history: an event, who and when.
struct FolderEntry {
  uint64_t position = 0;
  std::string stream_id;
  uint16_t event_type = 0;    // schema::Event::Which
  std::string document;       // the form or case the event concerns: order number or case id
  std::string case_id;
  std::string subscriber_number;
  std::string actor_id;
  schema::Role role = schema::Role::SYSTEM;
  int64_t recorded_at_ns = 0;
  int64_t occurred_at_ns = 0;
  Hash32 hash{};
  std::string credential;     // which credential acted, may be empty
  std::string detail;         // Spanish, beyond the document: FolderDetail() of the event
  // A correctionRecorded entry: the position it corrects and what it says (else 0 and empty).
  uint64_t corrects = 0;
  std::string corrected_field;
  std::string previous_value;
  std::string corrected_value;
  std::string correction_reason;
};

// A FolderEntry to be encoded, pointing at text it does not own (the projector's hot path).
// Encodes exactly as a FolderEntry with the same values (codec.cc lists the fields once for both).
struct FolderEntryRef {
  uint64_t position = 0;
  std::string_view stream_id;
  uint16_t event_type = 0;
  std::string_view document;
  std::string_view case_id;
  std::string_view subscriber_number;
  std::string_view actor_id;
  schema::Role role = schema::Role::SYSTEM;
  int64_t recorded_at_ns = 0;
  int64_t occurred_at_ns = 0;
  Hash32 hash{};
  std::string_view credential;
  std::string detail;
  uint64_t corrects = 0;
  std::string_view corrected_field;
  std::string_view previous_value;
  std::string_view corrected_value;
  std::string_view correction_reason;
};

// The event's name as in the schema ("orderIssued") and a Spanish label for the desk.
std::string EventTypeName(uint16_t which);
std::string EventLabel(uint16_t which);

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_RECORDS_H_
