// The soak's fixed-size day (bench/soak.cc): past desk days written into a fresh store before
// `bitacora serve` opens it, so that the daily control of that day answers the same rows all
// through the soak, whatever the soak itself writes today.
#ifndef BITACORA_BENCH_SOAK_SEED_H_
#define BITACORA_BENCH_SOAK_SEED_H_

#include <cstdint>
#include <string>

#include "core/result.h"

namespace bitacora::bench {

struct SeededDay {
  std::string date;       // La Paz date of the day to query, "YYYY-MM-DD": the last one seeded
  uint64_t commands = 0;  // commands the desk generator sent over all the seeded days
};

// Opens the store at `data_dir` (it must not be held) and runs the desk generator with a
// simulated clock over the `days` La Paz days before the one of `now_ns`, `clients_per_day` new
// clients a day, stopping at the last one's midnight: its daily control then holds the orders
// returned and registered that day, cases begun on the days before included. Errors from opening
// the store; a refusal aborts (a generator bug).
[[nodiscard]] Result<SeededDay> SeedPastDays(const std::string& data_dir, uint64_t days, uint64_t clients_per_day,
                                             int64_t now_ns);

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_SOAK_SEED_H_
