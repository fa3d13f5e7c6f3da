#include "bench/soak_report.h"

#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <utility>
#include <sstream>

#include "bench/serve_process.h"

namespace bitacora::bench {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;

// The value of the gauge `name` in the exposition `text`, for the label set `labels` ("" for
// none), or 0 when absent.
double GaugeValue(const std::string& text, const std::string& name, const std::string& labels) {
  const std::string prefix = name + labels + " ";
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with(prefix)) return std::strtod(line.c_str() + prefix.size(), nullptr);
  }
  return 0;
}

struct Drift {
  double first = 0, last = 0;
  bool ok = true;
};

Drift P99Drift(const std::vector<double>& first, const std::vector<double>& last, const Thresholds& t) {
  Drift d{Percentile(first, 0.99), Percentile(last, 0.99), true};
  d.ok = d.last <= d.first * t.p99_ratio || d.last <= d.first + t.p99_slack_ms;
  return d;
}

}  // namespace

MemorySample SampleMemory(pid_t pid, int port, const std::string& token, int t) {
  MemorySample m;
  m.t = t;
  m.rss_kib = RssKib(pid);
  httplib::Client client("127.0.0.1", port);
  client.set_read_timeout(10);
  auto res = client.Get("/metrics", httplib::Headers{{"Authorization", "Bearer " + token}});
  if (!res || res->status != 200) return m;
  const std::string& text = res->body;
  const std::string store = "{db=\"store\"}", views = "{db=\"views\"}";
  // The store and the views share one cache in `bitacora serve`: its figures are the store's.
  m.cache_usage = GaugeValue(text, "bitacora_rocksdb_block_cache_usage_bytes", store);
  for (const std::string& db : {store, views}) {
    m.memtables += GaugeValue(text, "bitacora_rocksdb_memtables_bytes", db);
    m.table_readers += GaugeValue(text, "bitacora_rocksdb_table_readers_bytes", db);
  }
  m.cached_records = GaugeValue(text, "bitacora_projection_cached_records", "");
  m.cached_versions = GaugeValue(text, "bitacora_store_cached_versions", "");
  m.version_bytes = GaugeValue(text, "bitacora_store_cached_versions_bytes", "");
  m.answer_bytes = GaugeValue(text, "bitacora_answer_cache_bytes", "");
  m.malloc_in_use = GaugeValue(text, "bitacora_malloc_in_use_bytes", "");
  m.malloc_free = GaugeValue(text, "bitacora_malloc_free_bytes", "");
  return m;
}

bool WriteSamples(const std::string& path, const std::vector<MemorySample>& memory) {
  FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) return false;
  std::fprintf(out, "t_s\trss_mib\tcache_mib\tmemtables_mib\ttable_readers_mib\trecords\tversions\t"
                    "versions_mib\tanswers_mib\tmalloc_in_use_mib\tmalloc_free_mib\n");
  for (const MemorySample& m : memory) {
    std::fprintf(out, "%d\t%.1f\t%.1f\t%.1f\t%.2f\t%.0f\t%.0f\t%.2f\t%.2f\t%.1f\t%.1f\n", m.t,
                 static_cast<double>(m.rss_kib) / 1024, m.cache_usage / kMiB, m.memtables / kMiB,
                 m.table_readers / kMiB, m.cached_records, m.cached_versions, m.version_bytes / kMiB,
                 m.answer_bytes / kMiB, m.malloc_in_use / kMiB, m.malloc_free / kMiB);
  }
  return std::fclose(out) == 0;
}

MemoryTrend JudgeMemory(const std::vector<MemorySample>& memory, int window_s, double max_growth) {
  MemoryTrend r;
  if (memory.empty() || window_s <= 0) return r;
  auto mib = [](const MemorySample& m) { return static_cast<double>(m.rss_kib) / 1024; };
  r.start_mib = mib(memory.front());
  r.end_mib = mib(memory.back());
  // The mean RSS of each window (samples in (w * window_s, (w + 1) * window_s]).
  std::map<int, std::pair<double, int>> sums;
  for (const MemorySample& m : memory) {
    if (m.t <= 0) continue;
    auto& [sum, n] = sums[(m.t - 1) / window_s];
    sum += mib(m);
    ++n;
  }
  if (sums.empty()) return r;
  const int windows = sums.rbegin()->first + 1;
  std::vector<std::pair<double, double>> half;  // (window's middle in s, its mean RSS) from the middle on
  for (const auto& [w, sum_n] : sums) {
    if (2 * (w + 1) <= windows) continue;  // it ends at or before the middle
    half.emplace_back((w + 0.5) * window_s, sum_n.first / sum_n.second);
    r.samples += static_cast<size_t>(sum_n.second);
  }
  r.windows = half.size();
  if (half.size() < 2) return r;
  double mt = 0;
  for (const auto& [t, v] : half) {
    mt += t;
    r.mean_mib += v;
  }
  mt /= static_cast<double>(half.size());
  r.mean_mib /= static_cast<double>(half.size());
  double num = 0, den = 0;
  for (const auto& [t, v] : half) {
    num += (t - mt) * (v - r.mean_mib);
    den += (t - mt) * (t - mt);
  }
  const double per_s = den > 0 ? num / den : 0;
  r.mib_per_min = per_s * 60;
  r.span_s = static_cast<int>(half.size()) * window_s;
  r.growth = r.mean_mib > 0 ? per_s * r.span_s / r.mean_mib : 0;
  r.ok = r.growth <= max_growth;
  return r;
}

bool PrintReport(Record& record, size_t windows, const std::vector<MemorySample>& memory,
                 const Thresholds& thresholds, int window_s, int print_every_s) {
  std::printf("\nmemoria del servidor (MiB; registros y versiones en miles)\n");
  std::printf("%6s %8s %8s %9s %8s %9s %9s %9s %10s %9s %9s\n", "t (s)", "RSS", "caché", "memtables", "índices",
              "registros", "versiones", "vers. MiB", "respuestas", "malloc", "libre");
  for (size_t i = 0; i < memory.size(); ++i) {
    const MemorySample& m = memory[i];
    if (print_every_s > 0 && m.t % print_every_s != 0 && i + 1 != memory.size()) continue;
    std::printf("%6d %8.1f %8.1f %9.1f %8.1f %9.1f %9.1f %9.1f %10.1f %9.1f %9.1f\n", m.t,
                static_cast<double>(m.rss_kib) / 1024, m.cache_usage / kMiB, m.memtables / kMiB,
                m.table_readers / kMiB, m.cached_records / 1000, m.cached_versions / 1000, m.version_bytes / kMiB,
                m.answer_bytes / kMiB, m.malloc_in_use / kMiB, m.malloc_free / kMiB);
  }
  std::printf("\n%7s %9s %8s %8s", "ventana", "comandos", "p50", "p99");
  for (const char* name : kQueryNames) std::printf(" %21s", name);
  std::printf("\n%7s %9s %8s %8s", "", "", "ms", "ms");
  for (int k = 0; k < kQueryKinds; ++k) std::printf(" %6s %7s %6s", "n", "p50", "p99");
  std::printf("\n");
  for (size_t w = 0; w < windows; ++w) {
    const auto cm = record.commands(w);
    std::printf("%7zu %9zu %8.1f %8.1f", w + 1, cm.size(), Percentile(cm, 0.5), Percentile(cm, 0.99));
    for (int k = 0; k < kQueryKinds; ++k) {
      const auto q = record.queries(w, k);
      std::printf(" %6zu %7.2f %6.1f", q.size(), Percentile(q, 0.5), Percentile(q, 0.99));
    }
    std::printf("\n");
  }
  bool stable = true;
  std::printf("\nveredicto (umbrales: RSS +%.0f %% en la segunda mitad; p99 última/primera ventana <= %.1f "
              "o a menos de %.0f ms)\n",
              thresholds.rss_last_half * 100, thresholds.p99_ratio, thresholds.p99_slack_ms);
  if (memory.size() >= 3) {
    const MemoryTrend m = JudgeMemory(memory, window_s, thresholds.rss_last_half);
    stable = stable && m.ok;
    std::printf("  RSS %.1f MiB al inicio, %.1f al final; segunda mitad (%zu ventanas, %zu muestras): media %.1f "
                "MiB, tendencia %+.2f MiB/min, %+.1f %% en %d s  %s\n",
                m.start_mib, m.end_mib, m.windows, m.samples, m.mean_mib, m.mib_per_min, m.growth * 100, m.span_s,
                m.ok ? "ok" : "CRECE");
  }
  if (windows >= 2) {
    const Drift c = P99Drift(record.commands(0), record.commands(windows - 1), thresholds);
    stable = stable && c.ok;
    std::printf("  %-10s p99 %8.1f -> %8.1f ms  %s\n", "comandos", c.first, c.last, c.ok ? "ok" : "DERIVA");
    for (int k = 0; k < kQueryKinds; ++k) {
      const Drift d = P99Drift(record.queries(0, k), record.queries(windows - 1, k), thresholds);
      const bool counted = k != kTodayKind;
      if (counted) stable = stable && d.ok;
      std::printf("  %-10s p99 %8.1f -> %8.1f ms  %s\n", kQueryNames[k], d.first, d.last,
                  !counted ? "(fuera del veredicto: crece con el día)" : d.ok ? "ok" : "DERIVA");
    }
  }
  std::printf("  %s\n", stable ? "ESTABLE" : "NO ESTABLE");
  return stable;
}

}  // namespace bitacora::bench
