// What a caller hands the event store to append, and what it gets back.
#ifndef BITACORA_CORE_APPEND_APPEND_H_
#define BITACORA_CORE_APPEND_APPEND_H_

#include <capnp/common.h>
#include <kj/array.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "events/envelope.capnp.h"

namespace bitacora {

// The version a stream must be at for an append to go through. Versions are 1-based: a stream
// that has never been written is at version 0.
class ExpectedVersion {
 public:
  enum class Kind { kAny, kNoStream, kExact };
  // Accepts the stream at any version, including absent.
  static ExpectedVersion Any() { return ExpectedVersion(Kind::kAny, 0); }
  // Requires that the stream has no events yet.
  static ExpectedVersion NoStream() { return ExpectedVersion(Kind::kNoStream, 0); }
  // Requires the stream to be exactly at `version` (0 is the same as NoStream()).
  static ExpectedVersion Exactly(uint64_t version) { return ExpectedVersion(Kind::kExact, version); }

  Kind kind() const { return kind_; }
  uint64_t version() const { return version_; }
  // True when a stream currently at `actual` satisfies this expectation.
  bool Matches(uint64_t actual) const {
    return kind_ == Kind::kAny || (kind_ == Kind::kNoStream && actual == 0) ||
           (kind_ == Kind::kExact && actual == version_);
  }
  std::string ToString() const;

 private:
  ExpectedVersion(Kind kind, uint64_t version) : kind_(kind), version_(version) {}
  Kind kind_;
  uint64_t version_;
};

// Who acts, as what, and with which credential ("token:<16 hex>" from the server's bearer token,
// "local:<account>" from the CLI on a local store, empty for the ledger itself). Two credentials of one actor are told
// apart by `credential`, which every event records (envelope.capnp's Actor.credential).
struct ActorRef {
  std::string id;
  schema::Role role = schema::Role::SYSTEM;
  std::string credential = {};
};

// One event to append. `payload` is a flat Cap'n Proto message (capnp::messageToFlatArray) whose
// root is a schema::Event; see EncodePayload().
struct ProposedEvent {
  std::string stream_id;
  kj::Array<capnp::word> payload;
  int64_t occurred_at_ns = 0;  // business time; 0 means "the same as recorded time"
};

// A stream the append touches, with the version it must be at.
struct StreamExpectation {
  std::string stream_id;
  ExpectedVersion expected = ExpectedVersion::Any();
};

// A gap-free counter (e.g. "order-ORT-2026"): the append goes through only if the counter is at
// `expected_value`, and leaves it at expected_value + 1 in the same atomic write.
struct CounterClaim {
  std::string name;
  uint64_t expected_value = 0;
};

// One atomic append: all events and counter claims are written, or none.
struct AppendRequest {
  std::string command_id;  // recorded in each envelope; the idempotency key unless record_key is set
  // The key of the command record (see ScopedCommandKey); empty: command_id. Empty both: not
  // idempotent.
  std::string record_key;
  // Opaque bytes kept in the command record beside the positions and handed back with a duplicate
  // (the handler's fingerprint of the command, to refuse a key reused for another command).
  std::string binding;
  std::string case_id;
  std::string causation_id;
  ActorRef actor;
  // Recorded in each envelope (backdatingReason): why the business time lies more than a day back.
  std::string backdating_reason;
  std::vector<StreamExpectation> expectations;  // streams not listed here accept any version
  std::vector<CounterClaim> counters;
  std::vector<ProposedEvent> events;            // at least one
};

struct AppendResult {
  uint64_t first_position = 0;  // position of the first event appended
  uint64_t last_position = 0;   // position of the last one (inclusive)
  bool duplicate = false;       // true when the command id had already been appended
  std::string binding;          // the binding recorded with the command (duplicates and lookups)
};

// The key of the command record of `command_id` sent by actor `actor_id`: idempotency keys belong
// to the actor who sent them, so two actors may use the same key text. Unambiguous for any texts
// ("<size of actor_id>:<actor_id><command_id>"). Pure.
std::string ScopedCommandKey(std::string_view actor_id, std::string_view command_id);

// Builds the payload of a ProposedEvent from a message whose root is a schema::Event.
kj::Array<capnp::word> EncodePayload(capnp::MessageBuilder& message);

}  // namespace bitacora

#endif  // BITACORA_CORE_APPEND_APPEND_H_
