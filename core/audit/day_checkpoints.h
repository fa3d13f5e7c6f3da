// Checkpoints that close a La Paz day, so that a period ("every order of November") can be proven
// complete. The checkpoint that closes day D holds exactly the events recorded before La Paz
// midnight at the end of D (the ledger's recorded times never decrease along the log) and says so
// in an extension line "day D" (C2SP tlog-checkpoint extension lines are opaque to other
// verifiers). A day without events closes at the same size as the day before: one checkpoint
// then names both days. The daily checkpointer signs one at each La Paz midnight; `bitacora
// checkpoint sign --day D` signs a missed one later (its time line says when).
#ifndef BITACORA_CORE_AUDIT_DAY_CHECKPOINTS_H_
#define BITACORA_CORE_AUDIT_DAY_CHECKPOINTS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit/checkpoint.h"
#include "core/audit/keys.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora {

// "2026-11-30" as a calendar day; nullopt unless it is a real date written that way. Pure.
std::optional<std::chrono::year_month_day> ParseDay(std::string_view text);
std::string FormatDay(std::chrono::year_month_day day);

// The UTC instant (ns) of La Paz midnight at the start of `day` (04:00 UTC; Bolivia keeps -04:00
// all year). Pure.
int64_t LaPazDayStartNs(std::chrono::year_month_day day);

// The days a checkpoint closes: its "day D" extension lines, in order. Pure.
std::vector<std::string> ClosedDays(const Checkpoint& checkpoint);

// How many events were recorded before `instant_ns` (a binary search over the log's recorded
// times). Thread-safe as the store is.
[[nodiscard]] Result<uint64_t> SizeBefore(const EventStore& store, int64_t instant_ns);

// Signs and stores the checkpoint that closes La Paz day `day` at time `now`: the tree of the
// events recorded before the day's end, with a "day" line (added to the day lines of a
// checkpoint already stored at that size, which it replaces: same tree, one note naming every day
// it closes). Returns the stored one (fresh = false) when it already names the day.
// kInvalidArgument "day_not_over" when `now` is before the day's end. The tree is proven to
// extend the checkpoint before it and to be extended by the one after (kCorruption otherwise,
// nothing stored). Thread-safe as SignHeadCheckpoint.
[[nodiscard]] Result<SignedCheckpoint> SignDayCheckpoint(EventStore& store, const SigningKey& key,
                                                         std::string_view origin,
                                                         std::chrono::year_month_day day,
                                                         std::chrono::sys_seconds now);

// The stored checkpoint that closes `day`, verified with `vkey`; kNotFound "no_day_checkpoint"
// when none names it.
[[nodiscard]] Result<SignedCheckpoint> DayCheckpoint(const EventStore& store, std::string_view vkey,
                                                     std::chrono::year_month_day day);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_DAY_CHECKPOINTS_H_
