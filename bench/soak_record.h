// The soak's bookkeeping (bench/soak.cc): latencies per window and kind, the ids seen so far for
// the queries to draw from, percentiles and the pacing of a thread's requests.
#ifndef BITACORA_BENCH_SOAK_RECORD_H_
#define BITACORA_BENCH_SOAK_RECORD_H_

#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <iterator>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "core/handler/command_handler.h"

namespace bitacora::bench {

using Clock = std::chrono::steady_clock;

// The queries, by kind. The readers draw 40 % folders, 30 % orders, 20 % order histories and
// 10 % the daily control of the seeded day, whose size is fixed; one more thread asks for today's
// daily control now and then, which grows with the day (bench/soak.cc).
inline constexpr int kQueryKinds = 5;
inline constexpr int kFixedDayKind = 3;
inline constexpr int kTodayKind = 4;
inline constexpr const char* kQueryNames[kQueryKinds] = {"carpeta", "orden", "historial", "control-fijo",
                                                         "control-hoy"};

// Latencies per window and kind; the ids seen so far, for the queries. Thread-safe.
class Record {
 public:
  Record(Clock::time_point start, int window, size_t windows)
      : start_(start), window_(window), commands_(windows), queries_(windows), by_kind_(windows) {}

  void Command(Clock::time_point sent, const CommandOutcome& outcome) {
    const double ms = Ms(sent);
    std::lock_guard lock(mu_);
    if (auto w = Window(sent)) commands_[*w].push_back(ms);
    for (const std::string& s : outcome.streams) {
      if (s.starts_with("client-") || s.starts_with("order-")) fresh_.emplace_back(Clock::now(), s);
    }
  }
  // A query answered with `status` (0: no answer); anything but 200 is a failure, the first ten
  // kept with their path.
  void Query(Clock::time_point sent, int kind, int status, const std::string& path) {
    const double ms = Ms(sent);
    std::lock_guard lock(mu_);
    if (auto w = Window(sent)) {
      queries_[*w].push_back(ms);
      by_kind_[*w][static_cast<size_t>(kind)].push_back(ms);
    }
    if (status != 200) {
      ++query_errors_;
      if (failed_.size() < 10) failed_.push_back(std::to_string(status) + " GET " + path);
    }
  }
  std::vector<std::string> failed_queries() {
    std::lock_guard lock(mu_);
    return failed_;
  }
  // A known client CI or order number at random ("" when none yet), among those acknowledged
  // at least kSettle ago: the views follow the log a little behind, and a query must not ask
  // for what they cannot hold yet.
  std::string Pick(bool ci, std::mt19937_64& rng) {
    std::lock_guard lock(mu_);
    const auto settled = Clock::now() - kSettle;
    while (!fresh_.empty() && fresh_.front().first <= settled) {
      const std::string& s = fresh_.front().second;
      if (s.starts_with("client-") && cis_.size() < 100000) cis_.insert(s.substr(7));
      if (s.starts_with("order-") && orders_.size() < 100000) orders_.insert(s.substr(6));
      fresh_.pop_front();
    }
    auto& pool = ci ? cis_ : orders_;
    if (pool.empty()) return "";
    auto it = pool.begin();
    std::advance(it, static_cast<long>(std::uniform_int_distribution<size_t>(0, std::min<size_t>(pool.size(), 200) - 1)(rng)));
    return *it;
  }
  std::vector<double> commands(size_t w) {
    std::lock_guard lock(mu_);
    return commands_[w];
  }
  std::vector<double> queries(size_t w) {
    std::lock_guard lock(mu_);
    return queries_[w];
  }
  std::vector<double> queries(size_t w, int kind) {
    std::lock_guard lock(mu_);
    return by_kind_[w][static_cast<size_t>(kind)];
  }
  uint64_t query_errors() {
    std::lock_guard lock(mu_);
    return query_errors_;
  }

 private:
  static double Ms(Clock::time_point sent) { return std::chrono::duration<double, std::milli>(Clock::now() - sent).count(); }
  std::optional<size_t> Window(Clock::time_point t) const {
    const auto s = std::chrono::duration_cast<std::chrono::seconds>(t - start_).count() / window_;
    if (s < 0 || static_cast<size_t>(s) >= commands_.size()) return std::nullopt;
    return static_cast<size_t>(s);
  }
  std::mutex mu_;
  Clock::time_point start_;
  int window_;
  std::vector<std::vector<double>> commands_, queries_;
  std::vector<std::array<std::vector<double>, kQueryKinds>> by_kind_;
  static constexpr auto kSettle = std::chrono::seconds(5);
  std::deque<std::pair<Clock::time_point, std::string>> fresh_;  // streams acknowledged, not yet settled
  std::set<std::string> cis_, orders_;  // ordered sets: Pick draws among the first 200 (older ones)
  uint64_t query_errors_ = 0;
  std::vector<std::string> failed_;
};

inline double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

// Sleeps until the thread's next slot; a thread behind schedule goes at once and re-bases.
inline void Pace(Clock::time_point& next, Clock::duration period) {
  const auto now = Clock::now();
  if (next > now) std::this_thread::sleep_until(next);
  next = std::max(next, now) + period;
}

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_SOAK_RECORD_H_
