// What a decider produces: the events to append (per stream), the counters it claims, and what
// the caller is told (the case opened, the orders issued, a notice such as documents missing).
#ifndef BITACORA_CORE_DOMAIN_DECISION_H_
#define BITACORA_CORE_DOMAIN_DECISION_H_

#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/append/append.h"
#include "events/events.capnp.h"

namespace bitacora::domain {

// Injected into every decision: the clock and the configuration. No other source of time.
struct Context {
  int64_t now_ns = 0;                                     // UTC ns
  int64_t occurred_at_ns = 0;                             // business time of the command; 0: now
  int64_t reconnection_window_ns = 10LL * 60 * 1'000'000'000;  // 8.2 step 6
};

class Decision {
 public:
  Decision() = default;
  Decision(Decision&&) = default;
  Decision& operator=(Decision&&) = default;

  // Starts a new event on `stream_id` and returns its payload builder (valid until the Decision
  // is moved or destroyed). Events are appended in the order they are emitted.
  schema::Event::Builder Emit(const std::string& stream_id, int64_t occurred_at_ns = 0);

  // Claims the next value of counter `name` whose current value is `current`: records the claim
  // and returns current + 1. Claiming one counter twice in one decision is an internal error.
  [[nodiscard]] Result<uint64_t> Claim(const std::string& name, uint64_t current);

  // The events, encoded for the store; the Decision keeps nothing afterwards.
  std::vector<ProposedEvent> TakeEvents();

  size_t event_count() const { return messages_.size(); }
  const std::vector<CounterClaim>& counters() const { return counters_; }
  // Stream ids of the emitted events, in order.
  std::vector<std::string> streams() const;
  // Payload of the i-th emitted event (before TakeEvents).
  schema::Event::Reader event(size_t i) const;

  std::string case_id;                     // the case this command belongs to / opened
  std::vector<std::string> issued_orders;  // order numbers issued by this command
  std::string subscriber_number;           // a subscriber created, if any
  std::string notice_code;                 // e.g. "documents_incomplete" (recorded, not refused)
  std::string notice_message;              // Spanish, for the desk
  std::string backdating_reason;           // recorded in every envelope (business_time.h)

 private:
  struct Pending {
    std::string stream_id;
    int64_t occurred_at_ns;
    std::unique_ptr<capnp::MallocMessageBuilder> message;
  };
  std::vector<Pending> messages_;
  std::vector<CounterClaim> counters_;
};

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_DECISION_H_
