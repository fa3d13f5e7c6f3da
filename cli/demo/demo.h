// `bitacora demo`: fills a store with a realistic sample of the desk's work, through the real
// command handler with an injected clock: a few hundred clients over the last weeks through every
// procedure (8.1 new connections with bought, lent and GIZ meters, incomplete documents,
// non-viable cases; 8.3 cuts; 8.2 reconnections; 8.4 removals and suspensions; 8.5 daily control,
// archive, ODECO, the monthly CPD batch; annulled orders). The walks are scenarios/'s.
#ifndef BITACORA_CLI_DEMO_DEMO_H_
#define BITACORA_CLI_DEMO_DEMO_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "core/result.h"

namespace bitacora::demo {

struct DemoOptions {
  std::string path;          // the store's folder; must hold no events yet
  int clients = 300;
  int days = 42;             // working days simulated, ending the day before today
  // The instant the demo runs at (UTC ns since the epoch): its days are the working days (Monday
  // to Friday, La Paz) before that day, so a recent date's daily control has rows. Injected:
  // `bitacora demo` passes the wall clock read in main, the tests a fixed instant.
  int64_t today_ns = 0;
  uint64_t seed = 2026;
  std::function<void(int day, int days)> progress;  // after each simulated day
};

struct DemoSummary {
  uint64_t commands = 0;        // commands recorded
  uint64_t events = 0;          // head position at the end
  std::map<std::string, uint64_t> by_command;  // recorded, by command name
  std::map<std::string, uint64_t> refusals;    // refused attempts by code (expected branches included)
  std::map<std::string, uint64_t> mistakes;    // the desk's mistakes made and refused (scenarios/mistakes.h)
  std::string first_day, last_day;             // La Paz dates covered
};

// Runs the simulation. kRefused "store_not_empty" if the store has events; store errors as they come.
[[nodiscard]] Result<DemoSummary> RunDemo(const DemoOptions& options);

}  // namespace bitacora::demo

#endif  // BITACORA_CLI_DEMO_DEMO_H_
