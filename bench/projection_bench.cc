// Projections benchmark on a synthetic ledger of the desk (bench/desk_generator.h): rebuilding
// every view from scratch, folder and order-history queries, a month's statistics and a day's
// control.
//
//   projection_bench [--dir DIR] [--events N] [--clients-per-day K] [--queries Q]
//
// The ledger is generated once into DIR/store through the real command handler and reused when it
// already holds N events. Prints a table, then one JSON object per line.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench/desk_generator.h"
#include "projections/history.h"
#include "projections/projection_service.h"
#include "projections/report/daily_control.h"
#include "projections/report/monthly_stats.h"
#include "projections/views.h"

namespace bitacora {
namespace {

using Clock = std::chrono::steady_clock;
namespace keys = projections::keys;

struct Config {
  std::string dir = "/tmp/bitacora-projection-bench";
  uint64_t events = 1'000'000;
  uint64_t clients_per_day = 100;
  size_t queries = 20000;
};

// CPU seconds used by the whole process (every thread) so far.
double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

struct Latency {
  double p50_us = 0, p99_us = 0, max_us = 0;
};

Latency Percentiles(std::vector<double> us) {
  std::sort(us.begin(), us.end());
  auto at = [&](double p) { return us[std::min(us.size() - 1, static_cast<size_t>(p * static_cast<double>(us.size())))]; };
  return {at(0.50), at(0.99), us.back()};
}

void Die(const std::string& what, const Error& e) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), e.ToString().c_str());
  std::exit(1);
}

// Ids under a record prefix ("client-", "order-"), from the views.
std::vector<std::string> Ids(const projections::ViewDb& db, const std::string& kind) {
  std::vector<std::string> ids;
  const std::string prefix = std::string(keys::kRecord) + kind;
  Status s = db.Scan(prefix, [&](std::string_view key, std::string_view) {
    ids.emplace_back(key.substr(prefix.size()));
    return true;
  });
  if (!s) Die("scan", s.error());
  return ids;
}

int Main(int argc, char** argv) {
  Config c;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--dir") c.dir = argv[i + 1];
    else if (flag == "--events") c.events = std::stoull(argv[i + 1]);
    else if (flag == "--clients-per-day") c.clients_per_day = std::stoull(argv[i + 1]);
    else if (flag == "--queries") c.queries = std::stoull(argv[i + 1]);
    else {
      std::fprintf(stderr, "unknown flag %s\n", flag.c_str());
      return 2;
    }
  }
  const std::string store_path = c.dir + "/store";
  std::filesystem::create_directories(c.dir);
  int64_t now = 1'767'268'800LL * bench::kSec;  // 2026-01-01 08:00 La Paz
  double generate_s = 0;
  uint64_t commands = 0;
  {
    // Reuse the ledger if it is there and big enough.
    auto probe = EventStore::Open(StoreOptions{.path = store_path, .sync = false, .merkle = false});
    if (!probe) Die("open store", probe.error());
    const bool reuse = (*probe)->GetHead().position >= c.events;
    probe->reset();
    if (!reuse) {
      std::filesystem::remove_all(store_path);
      StoreOptions options{.path = store_path, .sync = false, .merkle = false};
      options.clock = [&now] { return now; };
      auto store = EventStore::Open(std::move(options));
      if (!store) Die("open store", store.error());
      HandlerOptions h;
      h.clock = [&now] { return now; };
      CommandHandler handler(**store, h);
      bench::DeskGenerator generator(handler, now, 20261127);
      const auto t0 = Clock::now();
      generator.Run(c.events, c.clients_per_day);
      generate_s = Seconds(t0);
      commands = generator.commands();
    }
  }
  auto store = EventStore::Open(StoreOptions{.path = store_path, .sync = false, .merkle = false});
  if (!store) Die("open store", store.error());
  const uint64_t head = (*store)->GetHead().position;

  // Reading the log alone, for scale: the floor under any rebuild.
  const auto t_scan = Clock::now();
  uint64_t scanned_bytes = 0;
  Status scan_status = (*store)->ScanLog(1, head, [&](uint64_t, std::string_view bytes) {
    scanned_bytes += bytes.size();
    return true;
  });
  if (!scan_status) Die("scan log", scan_status.error());
  const double scan_s = Seconds(t_scan);

  // Rebuild every view from position 0 into a fresh generation.
  std::filesystem::remove_all(c.dir + "/views");
  projections::ServiceOptions view_options;
  view_options.dir = c.dir + "/views";
  auto service = projections::ProjectionService::Open(**store, view_options);
  if (!service) Die("open views", service.error());
  const auto t_rebuild = Clock::now();
  const double cpu_before = CpuSeconds();
  if (Status s = (*service)->Rebuild(); !s) Die("rebuild", s.error());
  const double rebuild_s = Seconds(t_rebuild);
  const double rebuild_cpu_s = CpuSeconds() - cpu_before;
  auto db = (*service)->Current();

  const auto clients = Ids(*db, "client-");
  const auto orders = Ids(*db, "order-");
  std::mt19937_64 rng(7);
  std::vector<double> folder_us, history_us;
  size_t folder_entries = 0, history_entries = 0;
  for (size_t q = 0; q < c.queries; ++q) {
    const std::string& ci = clients[rng() % clients.size()];
    const auto t = Clock::now();
    projections::ViewReader reader(db);
    auto folder = reader.Folder(ci);
    folder_us.push_back(Seconds(t) * 1e6);
    if (!folder) Die("folder " + ci, folder.error());
    folder_entries += folder->size();
  }
  for (size_t q = 0; q < c.queries; ++q) {
    const std::string& n = orders[rng() % orders.size()];
    const auto t = Clock::now();
    auto history = projections::History(**store, projections::Entity::kOrder, n);
    history_us.push_back(Seconds(t) * 1e6);
    if (!history) Die("history " + n, history.error());
    history_entries += history->size();
  }
  const Latency folder = Percentiles(folder_us);
  const Latency history = Percentiles(history_us);

  // The busiest month and day.
  std::map<std::string, size_t> per_month, per_day;
  Status scanned = db->Scan(keys::kIssued, [&](std::string_view key, std::string_view) {
    ++per_month[std::string(key.substr(keys::kIssued.size(), 7))];
    return true;
  });
  if (!scanned) Die("scan", scanned.error());
  scanned = db->Scan(keys::kReturned, [&](std::string_view key, std::string_view) {
    ++per_day[std::string(key.substr(keys::kReturned.size(), 10))];
    return true;
  });
  if (!scanned) Die("scan", scanned.error());
  auto busiest = [](const std::map<std::string, size_t>& m) {
    return std::max_element(m.begin(), m.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  };
  const std::string month = busiest(per_month);
  const std::string day = busiest(per_day);
  projections::ViewReader reader(db);
  const auto t_stats = Clock::now();
  auto stats = projections::BuildMonthlyStatistics(reader, month, now);
  const double stats_s = Seconds(t_stats);
  if (!stats) Die("statistics", stats.error());
  uint64_t month_issued = 0;
  for (const auto& [type, n] : stats->issued) month_issued += n;
  const auto t_daily = Clock::now();
  auto daily = projections::BuildDailyControl(reader, day, now);
  const double daily_s = Seconds(t_daily);
  if (!daily) Die("daily control", daily.error());

  const double rate = static_cast<double>(head) / rebuild_s;
  std::printf("ledger: %llu events, %zu clients, %zu orders%s\n", static_cast<unsigned long long>(head),
              clients.size(), orders.size(),
              generate_s > 0 ? (", generated in " + std::to_string(generate_s) + " s through " +
                                std::to_string(commands) + " commands").c_str()
                             : " (reused)");
  std::printf("%-36s %14s %10s\n", "figure", "value", "target");
  std::printf("%-36s %14.0f %10s\n", "rebuild all views (events/s)", rate, ">= 500000");
  std::printf("%-36s %14.3f %10s\n", "rebuild all views (s)", rebuild_s, "");
  std::printf("%-36s %14.3f %10s\n", "rebuild CPU, all threads (s)", rebuild_cpu_s, "");
  std::printf("%-36s %14.0f %10s\n", "log scan alone (events/s)", static_cast<double>(head) / scan_s, "");
  std::printf("%-36s %14.1f %10s\n", "folder query p50 (us)", folder.p50_us, "");
  std::printf("%-36s %14.1f %10s\n", "folder query p99 (us)", folder.p99_us, "< 1000");
  std::printf("%-36s %14.1f %10s\n", "order history p50 (us)", history.p50_us, "");
  std::printf("%-36s %14.1f %10s\n", "order history p99 (us)", history.p99_us, "< 1000");
  std::printf("%-36s %14.3f %10s\n", ("month statistics " + month + " (s)").c_str(), stats_s, "< 1");
  std::printf("%-36s %14.3f %10s\n", ("daily control " + day + " (s)").c_str(), daily_s, "");
  std::printf("  folder entries/query %.1f, history events/query %.1f, orders issued in %s: %llu, "
              "daily control rows: %zu\n",
              static_cast<double>(folder_entries) / static_cast<double>(c.queries),
              static_cast<double>(history_entries) / static_cast<double>(c.queries), month.c_str(),
              static_cast<unsigned long long>(month_issued), daily->rows.size());
  std::printf("{\"bench\":\"projection\",\"figure\":\"rebuild\",\"events\":%llu,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"events_per_s\":%.0f}\n",
              static_cast<unsigned long long>(head), rebuild_s, rebuild_cpu_s, rate);
  std::printf("{\"bench\":\"projection\",\"figure\":\"log_scan\",\"events\":%llu,\"bytes\":%llu,\"seconds\":%.3f}\n",
              static_cast<unsigned long long>(head), static_cast<unsigned long long>(scanned_bytes), scan_s);
  std::printf("{\"bench\":\"projection\",\"figure\":\"folder_query\",\"queries\":%zu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
              c.queries, folder.p50_us, folder.p99_us, folder.max_us);
  std::printf("{\"bench\":\"projection\",\"figure\":\"order_history\",\"queries\":%zu,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f}\n",
              c.queries, history.p50_us, history.p99_us, history.max_us);
  std::printf("{\"bench\":\"projection\",\"figure\":\"month_statistics\",\"month\":\"%s\",\"orders_issued\":%llu,\"seconds\":%.3f}\n",
              month.c_str(), static_cast<unsigned long long>(month_issued), stats_s);
  std::printf("{\"bench\":\"projection\",\"figure\":\"daily_control\",\"date\":\"%s\",\"rows\":%zu,\"seconds\":%.4f}\n",
              day.c_str(), daily->rows.size(), daily_s);
  return 0;
}

}  // namespace
}  // namespace bitacora

int main(int argc, char** argv) { return bitacora::Main(argc, argv); }
