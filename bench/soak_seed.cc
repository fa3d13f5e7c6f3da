#include "bench/soak_seed.h"

#include "bench/desk_generator.h"
#include "core/domain/ids.h"
#include "core/handler/command_handler.h"
#include "core/store/event_store.h"

namespace bitacora::bench {

Result<SeededDay> SeedPastDays(const std::string& data_dir, uint64_t days, uint64_t clients_per_day, int64_t now_ns) {
  // La Paz midnight `days` days ago: shift to local time, round down to the day, shift back.
  const int64_t local = now_ns + domain::kLaPazOffsetNs;
  const int64_t today_start = local - local % kDay - domain::kLaPazOffsetNs;
  const int64_t first_day = today_start - static_cast<int64_t>(days) * kDay;
  int64_t now = first_day;
  StoreOptions options{.path = data_dir, .sync = false};
  options.clock = [&now] { return now; };
  auto store = EventStore::Open(std::move(options));
  if (!store) return Fail(store.error());
  HandlerOptions handler_options;
  handler_options.clock = [&now] { return now; };
  CommandHandler handler(**store, handler_options);
  DeskGenerator generator(handler, now, 20261127);
  // The generator steps into the next day before it asks: the few commands it sends then are
  // dated today, in the soak's own day, not in the day queried.
  generator.RunUntil([&now, today_start] { return now >= today_start; }, clients_per_day);
  return SeededDay{domain::FormatDate(domain::ToLocalDate(today_start - kDay)), generator.commands()};
}

}  // namespace bitacora::bench
