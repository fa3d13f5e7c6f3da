// A synthetic but realistic ledger for the benchmarks: clients arrive every day and go through
// the desk's procedures through the real CommandHandler (so every event is one the domain would
// write), with plausible branch rates: incomplete documents, visits not done, unsatisfactory
// inspections, non-viable cases, lent and GIZ meters, forms sent back, cuts, reconnections and
// removals; the desk runs 8.5 every afternoon (verify, daily control, archive, ODECO) and ODECO
// sends the monthly batch to CPD. A discrete-event simulation on an injected clock, through a
// CommandHandler in process or any CommandSender (bench/http_sender.h: a running server).
#ifndef BITACORA_BENCH_DESK_GENERATOR_H_
#define BITACORA_BENCH_DESK_GENERATOR_H_

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <queue>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/domain/ids.h"
#include "core/handler/command_handler.h"
#include "scenarios/connection.h"
#include "scenarios/desk.h"
#include "scenarios/reference.h"
#include "scenarios/returned_orders.h"
#include "scenarios/service.h"

namespace bitacora::bench {

using C = schema::Command;
using schema::Role;

constexpr int64_t kSec = 1'000'000'000;
constexpr int64_t kMin = 60 * kSec;
constexpr int64_t kHour = 60 * kMin;
constexpr int64_t kDay = 24 * kHour;

// Runs one command for the generator: CommandHandler::Handle, or a request to a server.
using CommandSender = scenarios::CommandSender;

// What makes one generator's data its own when several write to the same ledger.
struct GeneratorOptions {
  uint64_t ci_base = 3'000'000;         // client CIs are ci_base, ci_base + 1, ...
  std::string command_prefix = "gen-";  // command ids are prefix + 1, prefix + 2, ...
  std::string meter_prefix = "MED-";    // meter serials are prefix + 1, ...
  // Against a live server, whose clock is the wall clock: the desk's calendar (the month of the
  // ODECO batch) is the wall clock's, and the batch goes to CPD at every desk round rather than
  // at month end, so that a short run goes through the whole of 8.5.
  bool live = false;
  // The waits between a case's steps (and before a subscriber's later cut, removal or
  // reconnection) are multiplied by this: below 1, a short run reaches 8.2–8.4 sooner.
  double pace = 1.0;
};

class DeskGenerator {
 public:
  // `now` is the ledger clock shared with the store and the handler; the generator moves it.
  DeskGenerator(CommandHandler& handler, int64_t& now, uint64_t seed)
      : DeskGenerator([&handler](const ActorRef& a,
                                 schema::Command::Reader c) { return handler.Handle(a, c); },
                      now, seed, GeneratorOptions{}) {}
  // Through any sender (e.g. HTTP to `bitacora serve`); `now` is then the simulation's own
  // schedule, not the ledger's clock.
  DeskGenerator(CommandSender send, int64_t& now, uint64_t seed, GeneratorOptions options)
      : now_(now),
        rng_(seed),
        options_(std::move(options)),
        desk_(std::move(send), options_.command_prefix,
              [this](const ActorRef&, schema::Command::Reader, const Result<CommandOutcome>& out) {
                Count(out);
              }) {}

  // Runs the simulation until the store holds at least `target_events` (as counted from the
  // outcomes). Aborts the process on an unexpected refusal: that is a generator bug.
  void Run(uint64_t target_events, uint64_t clients_per_day) {
    RunUntil([&] { return events_ >= target_events; }, clients_per_day);
  }

  // Runs the simulation until `done()` (asked before each command) returns true.
  void RunUntil(const std::function<bool()>& done, uint64_t clients_per_day) {
    SeedReference();
    const int64_t start = now_;
    for (int64_t d = 0; !done(); ++d) {
      const int64_t day = start + d * kDay;
      for (uint64_t i = 0; i < clients_per_day; ++i) {
        Schedule(day + Uniform(kHour, 9 * kHour), NewClient());
      }
      queue_.push({day + 10 * kHour, seq_++, -1});  // the desk's 8.5 round, late afternoon
      while (!queue_.empty() && queue_.top().at < day + kDay && !done()) {
        Item item = queue_.top();
        queue_.pop();
        if (item.at > now_) now_ = item.at;
        if (item.client < 0) {
          DeskRound();
        } else {
          Step(static_cast<size_t>(item.client));
        }
      }
    }
  }

  uint64_t events() const { return events_; }
  uint64_t commands() const { return desk_.commands(); }
  const std::vector<std::string>& client_cis() const { return cis_; }
  const std::vector<std::string>& orders() const { return all_orders_; }

 private:
  enum Kind { kConnection, kCut, kReconnection, kRemoval };
  struct CaseRun {
    Kind kind = kConnection;
    int step = 0;
    scenarios::Connection connection;  // kConnection
    scenarios::Service service;        // kCut, kReconnection, kRemoval
  };
  struct Item {
    int64_t at;
    uint64_t seq;
    int64_t client;
    bool operator>(const Item& o) const { return at != o.at ? at > o.at : seq > o.seq; }
  };

  int64_t Uniform(int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng_);
  }
  bool Chance(double p) { return std::bernoulli_distribution(p)(rng_); }
  void Schedule(int64_t at, size_t client) {
    queue_.push({at, seq_++, static_cast<int64_t>(client)});
  }
  void Later(size_t client, int64_t lo, int64_t hi) {
    Schedule(now_ + static_cast<int64_t>(static_cast<double>(Uniform(lo, hi)) * options_.pace),
             client);
  }

  // Every answer: counted; a refusal is a generator bug, which stops the process.
  void Count(const Result<CommandOutcome>& out) {
    if (!out) {
      std::fprintf(stderr, "generator: command %llu refused: %s\n",
                   static_cast<unsigned long long>(desk_.commands()),
                   out.error().ToString().c_str());
      std::abort();
    }
    events_ += out->last_position - out->first_position + 1;
    for (const auto& n : out->issued_orders) all_orders_.push_back(n);
  }
  // Unwraps a step's answer (a refusal has already stopped the process).
  static CommandOutcome Done(const Result<CommandOutcome>& out) { return *out; }

  void SeedReference() {
    (void)scenarios::SeedReference(
        desk_, {schema::TariffCategory::RESIDENTIAL, schema::TariffCategory::GENERAL,
                schema::TariffCategory::INDUSTRIAL_SMALL});
  }

  size_t NewClient() {
    CaseRun r;
    scenarios::Connection& c = r.connection;
    c.ci = std::to_string(options_.ci_base + cis_.size());
    cis_.push_back(c.ci);
    const double roll = std::uniform_real_distribution<double>(0, 1)(rng_);
    c.category = roll < 0.75   ? schema::TariffCategory::RESIDENTIAL
                 : roll < 0.95 ? schema::TariffCategory::GENERAL
                               : schema::TariffCategory::INDUSTRIAL_SMALL;
    c.name = "Cliente " + c.ci;
    c.phone = "7" + c.ci;
    runs_.push_back(std::move(r));
    return runs_.size() - 1;
  }

  std::string Technician() { return "tec-" + std::to_string(Uniform(1, 8)); }

  // A later case on a connected subscriber (a cut, removal or reconnection), in lo..hi days.
  void LaterService(Kind kind, const std::string& ci, const std::string& subscriber,
                    const std::string& meter, int64_t lo_days, int64_t hi_days) {
    CaseRun s;
    s.kind = kind;
    s.service.ci = ci;
    s.service.subscriber = subscriber;
    s.service.meter = meter;
    runs_.push_back(std::move(s));
    Later(runs_.size() - 1, lo_days * kDay, hi_days * kDay);
  }

  // A return the desk will process this afternoon.
  void Returned(const std::string& order) { returned_.push_back(order); }

  void Step(size_t i);
  void StepConnection(size_t i);
  void StepService(size_t i);
  void DeskRound();

  int64_t& now_;
  std::mt19937_64 rng_;
  GeneratorOptions options_;
  scenarios::SenderDesk desk_;
  std::priority_queue<Item, std::vector<Item>, std::greater<>> queue_;
  uint64_t seq_ = 0;
  uint64_t events_ = 0;
  uint64_t meters_ = 0;
  std::vector<CaseRun> runs_;
  std::vector<std::string> cis_;
  std::vector<std::string> all_orders_;
  // 8.5 work in progress.
  std::vector<std::string> returned_;            // returned since the last desk round
  std::vector<std::string> sent_back_;           // ORTs sent back, to be returned again
  std::map<std::string, std::string> ort_case_;  // ORT -> its case
  std::map<std::string, scenarios::Materials> ort_materials_;  // the visit's detail
  std::set<std::string> dead_orts_;        // returned not executed: never processed
  std::set<std::string> pending_archive_;  // registered ORTs waiting for their case
  std::set<std::string> completed_cases_;
  std::vector<std::string> at_odeco_;  // sent to ODECO, processed next round
  std::map<std::string, std::vector<std::string>> processed_by_month_;
  std::string month_;
};

}  // namespace bitacora::bench

#include "bench/desk_generator_steps.h"

#endif  // BITACORA_BENCH_DESK_GENERATOR_H_
