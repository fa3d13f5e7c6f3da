// The rules of business time (docs/procedures.md, "Business time"): the time a command says its
// fact happened (Command.occurredAtNs) may not lie in the future, nor before the newest event of
// the streams the command reads; more than a day back it needs the supervisor and a reason, which
// is recorded in every envelope of the command. Pure: the clock comes in the Context.
#ifndef BITACORA_CORE_DOMAIN_BUSINESS_TIME_H_
#define BITACORA_CORE_DOMAIN_BUSINESS_TIME_H_

#include <cstdint>
#include <string>

#include "core/domain/decision.h"
#include "core/domain/world.h"
#include "core/result.h"
#include "events/commands.capnp.h"
#include "events/envelope.capnp.h"

namespace bitacora::domain {

// How far after the ledger's clock a business time may lie: the clocks of the desk's and the
// field's machines drift from the server's; five minutes is the skew Kerberos tolerates by default
// and far below the hour that would move an order to another day's control.
inline constexpr int64_t kFutureSkewNs = 5LL * 60 * 1'000'000'000;
// Back-dating beyond this needs the supervisor and a reason: one day, so yesterday's visit can
// still be recorded by the desk the next morning without the supervisor.
inline constexpr int64_t kBackdatingLimitNs = 24LL * 3600 * 1'000'000'000;

// Checks `command`'s business time against `context.now_ns` and the newest business time of the
// streams in `world` (the reference data counts only when `decision` writes it: every command
// consults it, and a tariff set today must not forbid recording yesterday's visit). A command
// without occurredAtNs happens now and is not checked. Refusals: occurred_at_in_future,
// occurred_at_before_last_event, backdating_needs_supervisor, backdating_needs_reason (Spanish
// messages naming the times in La Paz). Returns the reason to record in the envelopes: the
// command's trimmed backdatingReason when its business time lies before now, else "". Pure.
[[nodiscard]] Result<std::string> CheckBusinessTime(const World& world, schema::Role role,
                                                    schema::Command::Reader command,
                                                    const Context& context,
                                                    const Decision& decision);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_BUSINESS_TIME_H_
