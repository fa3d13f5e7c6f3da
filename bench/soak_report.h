// The soak's figures (bench/soak.cc): the server's memory sampled over the run, the latency
// tables per window and query kind, and the verdict against the thresholds of
// docs/reliability.md ("Soak").
#ifndef BITACORA_BENCH_SOAK_REPORT_H_
#define BITACORA_BENCH_SOAK_REPORT_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "bench/soak_record.h"

namespace bitacora::bench {

// The server's memory at one moment: its RSS and the memory gauges of its /metrics.
struct MemorySample {
  int t = 0;                   // seconds since the start of the soak
  long rss_kib = 0;            // VmRSS
  double cache_usage = 0;      // shared block cache in use, memtable charges included (bytes)
  double memtables = 0;        // memtables of both databases (bytes)
  double table_readers = 0;    // indexes and filters outside the cache, both databases (bytes)
  double cached_records = 0;   // records the projector keeps decoded
  double cached_versions = 0;  // stream versions in the writer's cache
  double version_bytes = 0;    // the heap they hold (estimated by the server)
  double answer_bytes = 0;     // answers from the views the server keeps (bytes)
  double malloc_in_use = 0;    // glibc heap in use (bytes)
  double malloc_free = 0;      // glibc heap free but kept (bytes)
};

// RSS of `pid` and GET /metrics on 127.0.0.1:`port` with `token` (gauges stay 0 when it fails).
MemorySample SampleMemory(pid_t pid, int port, const std::string& token, int t);

// Writes every sample of `memory` to `path`, one a line, tab-separated with a heading line (MiB,
// versions and records as counts). False when the file cannot be written.
bool WriteSamples(const std::string& path, const std::vector<MemorySample>& memory);

// The thresholds of the verdict.
struct Thresholds {
  double rss_last_half = 0.10;  // RSS growth over the second half (JudgeMemory), at most
  double p99_ratio = 2.0;       // p99 of the last window over the first, at most ...
  double p99_slack_ms = 10.0;   // ... unless the last p99 is within this of the first
};

// The memory verdict: RSS over the second half of the run, judged by the least-squares trend of
// its windows' mean RSS. Not the last sample over the first: the heap handed back every minute
// makes RSS saw up and down, and a saw's ramp biases a trend fitted to the samples themselves
// (by about its height over the number of teeth). The mean over a window that holds whole teeth
// does not depend on where the teeth fall, so with windows of a minute (and samples every 5 s)
// the saw of the minutely trim cancels out, and a leak still shows as the windows' trend.
struct MemoryTrend {
  double start_mib = 0, end_mib = 0;  // RSS of the first and last sample
  double mean_mib = 0;                // mean RSS over the second half
  double mib_per_min = 0;             // its trend
  double growth = 0;                  // the trend over the second half's span, over its mean
  int span_s = 0;                     // that span (its windows)
  size_t windows = 0;                 // windows in the second half
  size_t samples = 0;                 // samples in them
  bool ok = false;                    // growth <= the limit (false with fewer than 2 windows)
};

// The trend of `memory` (in time order; t = 0 is the start and belongs to no window) in windows
// of `window_s` seconds, against `max_growth` (e.g. 0.10). The second half: the windows that end
// after the middle of the run (with an odd count, the middle window too). Pure.
MemoryTrend JudgeMemory(const std::vector<MemorySample>& memory, int window_s, double max_growth);

// Prints the memory table (the samples every `print_every_s` seconds, and the last), the windows
// of `window_s` seconds (commands, then p50/p99 per query kind) and the verdict; returns whether
// the verdict is "stable": RSS over the second half (JudgeMemory, every sample) and the p99 of
// the commands and of every query kind but today's control within `thresholds`.
bool PrintReport(Record& record, size_t windows, const std::vector<MemorySample>& memory,
                 const Thresholds& thresholds, int window_s, int print_every_s = 30);

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_SOAK_REPORT_H_
