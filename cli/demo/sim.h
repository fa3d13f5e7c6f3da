// Internal to the demo: the simulation's clock, command runner and 8.5 paperwork, and the sample
// names it draws from.
#ifndef BITACORA_CLI_DEMO_SIM_H_
#define BITACORA_CLI_DEMO_SIM_H_

#include <capnp/message.h>

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "cli/demo/demo.h"
#include "app/command_codec.h"
#include "core/handler/command_handler.h"
#include "core/store/event_store.h"

namespace bitacora::demo {

using schema::Role;
inline constexpr int64_t kMinuteNs = 60LL * 1'000'000'000;
inline constexpr int64_t kDayNs = 1440 * kMinuteNs;

inline const char* const kFirst[] = {"Juana", "Rosa", "Pedro", "Luis", "Carmen", "Marcelo", "Elena", "Wilfredo", "Sonia",
                              "Hilarión", "Teresa", "Ramiro", "Gladys", "Fermín", "Lidia", "Edwin", "Nancy", "Abdón"};
inline const char* const kLast[] = {"Mamani", "Quispe", "Flores", "Choque", "Vargas", "Condori", "Gutiérrez", "Cruz",
                             "Torrez", "Ramos", "Cabrera", "Aramayo", "Villca", "Colque", "Mendoza", "Arce"};
inline const char* const kStreets[] = {"Av. Chichas", "Calle Florida", "Av. Santa Cruz", "Calle Sucre", "Av. Pedro Arraya",
                                "Calle Chorolque", "Av. Regimiento Chichas", "Calle Avaroa", "Barrio Villa Fátima",
                                "Barrio San Gerardo", "Calle Junín", "Av. Serrano"};
inline const std::vector<std::string> kConnectionDocs = {"Fotocopia de CI", "Documento de propiedad", "Croquis de ubicación"};
inline const std::vector<std::string> kReconnectionDocs = {"Fotocopia de CI", "Última factura pagada"};

// `text` as a JSON string; `items` as a JSON array of strings.
std::string Q(std::string_view text);
std::string List(const std::vector<std::string>& items);

struct Subscriber {
  std::string number, ci, meter;
  bool cut = false;
};

// The simulation's state: the clock, the handler and the papers of 8.5 waiting for tomorrow.
class Sim {
 public:
  Sim(EventStore& store, int64_t& now, uint64_t seed, DemoSummary& summary)
      : now_(now), rng_(seed), summary_(summary), handler_(store, Options(now)) {}

  static HandlerOptions Options(int64_t& now) {
    HandlerOptions h;
    h.clock = [&now] { return now; };
    return h;
  }

  // Runs one command from its JSON fields; advances the clock a few minutes. `probe`: a refusal
  // is an expected answer (not counted).
  [[nodiscard]] Result<CommandOutcome> Run(Role role, const std::string& name, const std::string& json,
                                           bool probe = false);

  void Wait(int64_t ns) { now_ += ns; }
  int64_t Minutes(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_) * kMinuteNs; }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  template <class T, size_t N>
  const T& Pick(const T (&items)[N]) { return items[std::uniform_int_distribution<size_t>(0, N - 1)(rng_)]; }

  // Returnable orders go to tomorrow's verification.
  void Track(const std::string& order) {
    for (const char* type : {"ORT-", "OEM-", "OIT-", "OC-", "OEMD-", "OCS-", "OSR-"}) {
      if (order.rfind(type, 0) == 0) to_verify_.insert(order);
    }
  }

  // The desk's end of day (8.5): verify what came back, register it in the daily control, send
  // the orders to ODECO and archive the processed ORTs; ODECO processes what it received.
  void EndOfDay(const std::string& today);

  // ODECO's monthly batch to CPD, and CPD receiving it.
  void MonthEnd(const std::string& month);

  std::vector<Subscriber> subscribers;

 private:
  static std::string ActorOf(Role role);

  int64_t& now_;
  std::mt19937_64 rng_;
  DemoSummary& summary_;
  CommandHandler handler_;
  app::CommandDecoder decoder_;  // configured once for the whole demo
  uint64_t ids_ = 0;
  std::set<std::string> to_verify_;
  std::vector<std::string> to_archive_;
  std::vector<std::string> odeco_inbox_;
  std::map<std::string, std::vector<std::string>> processed_;  // month -> orders ODECO processed
};

}  // namespace bitacora::demo

#endif  // BITACORA_CLI_DEMO_SIM_H_
