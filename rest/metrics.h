// What the server counts, rendered in the Prometheus text format for GET /metrics: requests by
// route and status, latency histograms by route, events appended, refusals by code, and the
// projection lag and memory figures (read at render time).
#ifndef BITACORA_REST_METRICS_H_
#define BITACORA_REST_METRICS_H_

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "core/store/rocks_memory.h"

namespace bitacora::shim {

// Where the server's memory is, read when /metrics is asked (docs/operations.md, "Memory").
struct MemoryGauges {
  uint64_t resident_bytes = 0;   // the process's RSS (/proc/self/statm)
  RocksMemory store;             // the event store's RocksDB
  RocksMemory views;             // the views' RocksDB (its cache figures are the store's when shared)
  uint64_t cached_versions = 0;  // stream versions in the store writer's cache
  uint64_t cached_version_bytes = 0;  // the heap they hold, estimated
  uint64_t merkle_nodes = 0;     // bytes of the stored Merkle levels kept in memory
  uint64_t cached_records = 0;   // records the projector keeps decoded
  uint64_t cached_answers = 0;   // answers in the server's AnswerCache
  uint64_t cached_answer_bytes = 0;  // and the bytes they are counted for
  uint64_t malloc_in_use = 0;    // glibc mallinfo2: uordblks + hblkhd
  uint64_t malloc_free = 0;      // glibc mallinfo2: fordblks, free but kept in the arenas
  uint64_t malloc_arenas = 0;    // glibc arenas made so far (MallocArenas)
};

// The gauges of the running process: RSS and glibc's figures; the caller fills in the rest.
MemoryGauges ProcessMemory();

class Metrics {
 public:
  // Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

  // One request answered on `route` (its pattern, e.g. "POST /v1/commands/{name}"). Thread-safe.
  void ObserveRequest(std::string_view route, int status, double seconds);
  // A command appended `events` events. Thread-safe.
  void CountAppend(uint64_t events);
  // A command was refused (or failed) with `code`. Thread-safe.
  void CountRefusal(std::string_view code);

  // The exposition text, with the gauges given. Thread-safe.
  std::string Render(uint64_t head_position, uint64_t projection_position, const MemoryGauges& memory = {}) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;
  std::map<std::string, uint64_t, std::less<>> refusals_;
  uint64_t appended_events_ = 0;
  uint64_t appended_commands_ = 0;
};

}  // namespace bitacora::shim

#endif  // BITACORA_REST_METRICS_H_
