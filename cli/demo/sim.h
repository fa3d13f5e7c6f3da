// Internal to the demo: the simulation's clock and desk (a scenarios::Desk over the command
// handler that counts what it records), its 8.5 paperwork, and the sample names it draws from.
#ifndef BITACORA_CLI_DEMO_SIM_H_
#define BITACORA_CLI_DEMO_SIM_H_

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cli/demo/demo.h"
#include "core/handler/command_handler.h"
#include "core/store/event_store.h"
#include "scenarios/desk.h"
#include "scenarios/mistakes.h"

namespace bitacora::demo {

using schema::Role;
inline constexpr int64_t kMinuteNs = 60LL * 1'000'000'000;
inline constexpr int64_t kDayNs = 1440 * kMinuteNs;

inline const char* const kFirst[] = {"Juana",  "Rosa",     "Pedro", "Luis",     "Carmen", "Marcelo",
                                     "Elena",  "Wilfredo", "Sonia", "Hilarión", "Teresa", "Ramiro",
                                     "Gladys", "Fermín",   "Lidia", "Edwin",    "Nancy",  "Abdón"};
inline const char* const kLast[] = {
    "Mamani", "Quispe", "Flores",  "Choque",  "Vargas", "Condori", "Gutiérrez", "Cruz",
    "Torrez", "Ramos",  "Cabrera", "Aramayo", "Villca", "Colque",  "Mendoza",   "Arce"};
inline const char* const kStreets[] = {"Av. Chichas",
                                       "Calle Florida",
                                       "Av. Santa Cruz",
                                       "Calle Sucre",
                                       "Av. Pedro Arraya",
                                       "Calle Chorolque",
                                       "Av. Regimiento Chichas",
                                       "Calle Avaroa",
                                       "Barrio Villa Fátima",
                                       "Barrio San Gerardo",
                                       "Calle Junín",
                                       "Av. Serrano"};

struct Subscriber {
  std::string number, ci, meter;
  bool cut = false;
};

// The simulation's state: the clock, the handler and the papers of 8.5 waiting for tomorrow.
// As a Desk, every command advances the clock a few minutes, is counted in the summary (a
// refusal by its code, unless probed) and its returnable orders go to tomorrow's verification.
class Sim : public scenarios::Desk {
 public:
  Sim(EventStore& store, int64_t& now, uint64_t seed, DemoSummary& summary)
      : now_(now), rng_(seed), summary_(summary), handler_(store, Options(now)) {}

  static HandlerOptions Options(int64_t& now) {
    HandlerOptions h;
    h.clock = [&now] { return now; };
    return h;
  }

  // Runs `step` (commands on this desk) with refusals as expected answers, not counted.
  template <class Step>
  auto Probe(Step step) {
    probing_ = true;
    auto out = step();
    probing_ = false;
    return out;
  }

  // Makes the desk's mistake `m` (scenarios/mistakes.h): counted by name when it is refused as
  // the procedure says, as a refusal "scenario_diverged" otherwise. Always true: the story goes on.
  bool MakeMistake(const scenarios::Mistake& m);

  void Wait(int64_t ns) { now_ += ns; }
  int64_t Minutes(int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng_) * kMinuteNs;
  }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T, size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng_)];
  }

  // The desk's end of day (8.5): verify what came back, register it in the daily control, send
  // the orders to ODECO and archive the processed ORTs; ODECO processes what it received.
  void EndOfDay(const std::string& today);

  // ODECO's monthly batch to CPD, and CPD receiving it.
  void MonthEnd(const std::string& month);

  std::vector<Subscriber> subscribers;

 protected:
  Result<CommandOutcome> Handle(const ActorRef& actor, const scenarios::Fill& fill) override;

 private:
  int64_t& now_;
  std::mt19937_64 rng_;
  DemoSummary& summary_;
  CommandHandler handler_;
  bool probing_ = false;
  uint64_t ids_ = 0;
  std::set<std::string> to_verify_;
  std::vector<std::string> to_archive_;
  std::vector<std::string> odeco_inbox_;
  std::map<std::string, std::vector<std::string>> processed_;  // month -> orders ODECO processed
};

}  // namespace bitacora::demo

#endif  // BITACORA_CLI_DEMO_SIM_H_
