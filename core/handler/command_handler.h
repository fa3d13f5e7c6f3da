// The one write path: load the streams a command touches, rebuild their state, decide, append
// atomically with the expected versions and counter claims; retry on a conflict.
#ifndef BITACORA_CORE_HANDLER_COMMAND_HANDLER_H_
#define BITACORA_CORE_HANDLER_COMMAND_HANDLER_H_

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/domain/world.h"
#include "core/result.h"
#include "core/append/append.h"
#include "core/store/event_store.h"
#include "events/commands.capnp.h"

namespace bitacora {

struct HandlerOptions {
  // UTC ns; default: the system clock. Give it the same clock as the store's (StoreOptions.clock)
  // so that windows measured from recorded times (the reconnection window) are consistent.
  std::function<int64_t()> clock;
  int64_t reconnection_window_ns = 10LL * 60 * 1'000'000'000;  // 8.2 step 6
  // Decide + append attempts on version or counter conflicts. Each group commit lets one of the
  // clerks claiming the same counter through; a command that lost retries alone (the handler's
  // retry lock), so it competes only with first attempts.
  int max_attempts = 16;
};

// What a command did. A repeated command id answers the same, with duplicate = true.
struct CommandOutcome {
  uint64_t first_position = 0;  // positions of the events appended (inclusive)
  uint64_t last_position = 0;
  bool duplicate = false;
  std::string case_id;                     // the case it belongs to or opened, if any
  std::vector<std::string> issued_orders;  // order numbers issued, e.g. "ORT-2026-000001"
  std::string subscriber_number;           // subscriber created, if any
  std::vector<std::string> streams;        // stream of each appended event, in order
  std::string notice_code;                 // recorded but worth telling: "documents_incomplete"
  std::string notice_message;              // Spanish, for the desk
};

// The domain's stream sources over `store` (the whole stream folded in pages; counters; the stream
// of a position). `store` must outlive the result. Thread-safe as the store is.
domain::WorldSources StoreSources(const EventStore& store);

class CommandHandler {
 public:
  // `store` must outlive the handler.
  CommandHandler(EventStore& store, HandlerOptions options);

  // Handles `command` issued by `actor`. Thread-safe (concurrent calls race through the store's
  // expected versions; the loser reloads and decides again, up to options.max_attempts, holding
  // the retry lock from its second attempt on).
  // Errors: the domain's refusals (kRefused, kPermissionDenied, kInvalidArgument, kNotFound with
  // a code of the error table, core/errors/error_codes.h, and a Spanish message) append nothing; kConflict
  // "conflict_retries_exhausted" after the attempts; store errors (kIOError, ...) as they come.
  // The command id is the idempotency key of `actor` (another actor may use the same text): a
  // command id the actor already appended returns its first outcome with duplicate = true and
  // appends nothing, if the command and its fields are the same; otherwise kRefused
  // "idempotency_key_reused" naming the first command. An empty command id is refused.
  [[nodiscard]] Result<CommandOutcome> Handle(const ActorRef& actor,
                                              schema::Command::Reader command);

 private:
  [[nodiscard]] Result<CommandOutcome> Replay(const AppendResult& appended);
  // A command record written before records were keyed by actor (under the bare command id), if
  // `actor` made it; kNotFound otherwise.
  [[nodiscard]] Result<AppendResult> LookupLegacy(const ActorRef& actor, const std::string& command_id);

  EventStore& store_;
  HandlerOptions options_;
  // Held by a command from its second attempt on: the losers of a race retry one at a time, each
  // against newcomers only, instead of all together into the next group commit, where again one
  // wins and the rest lose (N clerks claiming one counter would need N attempts each).
  std::mutex retry_mu_;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_HANDLER_COMMAND_HANDLER_H_
