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
  double malloc_in_use = 0;    // glibc heap in use (bytes)
  double malloc_free = 0;      // glibc heap free but kept (bytes)
};

// RSS of `pid` and GET /metrics on 127.0.0.1:`port` with `token` (gauges stay 0 when it fails).
MemorySample SampleMemory(pid_t pid, int port, const std::string& token, int t);

// The thresholds of the verdict.
struct Thresholds {
  double rss_last_half = 0.10;  // RSS growth over the second half (least-squares trend), at most
  double p99_ratio = 2.0;       // p99 of the last window over the first, at most ...
  double p99_slack_ms = 10.0;   // ... unless the last p99 is within this of the first
};

// Prints the memory table, the windows (commands, then p50/p99 per query kind) and the verdict;
// returns whether the verdict is "stable": RSS over the last half and the p99 of the commands
// and of every query kind but today's control within `thresholds`.
bool PrintReport(Record& record, size_t windows, const std::vector<MemorySample>& memory,
                 const Thresholds& thresholds);

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_SOAK_REPORT_H_
