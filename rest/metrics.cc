#include "rest/metrics.h"

#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <vector>

#include "app/malloc_tuning.h"

namespace bitacora::shim {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

void Gauge(std::string& out, const std::string& name, const std::string& help,
           const std::vector<std::pair<std::string, uint64_t>>& values) {
  out += "# HELP " + name + " " + help + "\n";
  out += "# TYPE " + name + " gauge\n";
  for (const auto& [labels, v] : values) out += name + labels + " " + std::to_string(v) + "\n";
}

}  // namespace

MemoryGauges ProcessMemory() {
  MemoryGauges m;
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (statm >> size >> resident) m.resident_bytes = resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  const struct mallinfo2 info = mallinfo2();
  m.malloc_in_use = info.uordblks + info.hblkhd;
  m.malloc_free = info.fordblks;
  m.malloc_arenas = app::MallocArenas();
  return m;
}

void Metrics::ObserveRequest(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), status}];
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
  Histogram& h = it->second;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::CountAppend(uint64_t events) {
  std::lock_guard lock(mu_);
  appended_events_ += events;
  ++appended_commands_;
}

void Metrics::CountRefusal(std::string_view code) {
  std::lock_guard lock(mu_);
  auto it = refusals_.find(code);
  if (it == refusals_.end()) it = refusals_.emplace(std::string(code), 0).first;
  ++it->second;
}

std::string Metrics::Render(uint64_t head_position, uint64_t projection_position,
                            const MemoryGauges& memory) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP bitacora_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE bitacora_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "bitacora_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP bitacora_http_request_duration_seconds Time to answer, by route.\n";
  out += "# TYPE bitacora_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + route + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += "bitacora_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             Number(kBuckets[i]) + "\"} " + std::to_string(h.counts[i]) + "\n";
    }
    out += "bitacora_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "bitacora_http_request_duration_seconds_sum{" + label + "} " + Number(h.sum) + "\n";
    out += "bitacora_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
  }
  out += "# HELP bitacora_commands_appended_total Commands that appended events.\n";
  out += "# TYPE bitacora_commands_appended_total counter\n";
  out += "bitacora_commands_appended_total " + std::to_string(appended_commands_) + "\n";
  out += "# HELP bitacora_events_appended_total Events appended through the API.\n";
  out += "# TYPE bitacora_events_appended_total counter\n";
  out += "bitacora_events_appended_total " + std::to_string(appended_events_) + "\n";
  out += "# HELP bitacora_command_refusals_total Commands refused or failed, by code.\n";
  out += "# TYPE bitacora_command_refusals_total counter\n";
  for (const auto& [code, n] : refusals_) {
    out += "bitacora_command_refusals_total{code=\"" + code + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP bitacora_log_head_position Position of the last event in the log.\n";
  out += "# TYPE bitacora_log_head_position gauge\n";
  out += "bitacora_log_head_position " + std::to_string(head_position) + "\n";
  out += "# HELP bitacora_projection_position Position the views reflect.\n";
  out += "# TYPE bitacora_projection_position gauge\n";
  out += "bitacora_projection_position " + std::to_string(projection_position) + "\n";
  out += "# HELP bitacora_projection_lag_events Events in the log not yet in the views.\n";
  out += "# TYPE bitacora_projection_lag_events gauge\n";
  const uint64_t lag = head_position > projection_position ? head_position - projection_position : 0;
  out += "bitacora_projection_lag_events " + std::to_string(lag) + "\n";
  Gauge(out, "bitacora_resident_memory_bytes", "Resident set size of the server process.",
        {{"", memory.resident_bytes}});
  const std::string store = "{db=\"store\"}", views = "{db=\"views\"}";
  Gauge(out, "bitacora_rocksdb_block_cache_capacity_bytes", "Capacity of the database's block cache (shared: the same).",
        {{store, memory.store.cache_capacity}, {views, memory.views.cache_capacity}});
  Gauge(out, "bitacora_rocksdb_block_cache_usage_bytes", "Block cache in use, memtable charges included.",
        {{store, memory.store.cache_usage}, {views, memory.views.cache_usage}});
  Gauge(out, "bitacora_rocksdb_block_cache_pinned_bytes", "Block cache entries in use, not evictable.",
        {{store, memory.store.cache_pinned}, {views, memory.views.cache_pinned}});
  Gauge(out, "bitacora_rocksdb_memtables_bytes", "Memtables of all column families.",
        {{store, memory.store.memtables}, {views, memory.views.memtables}});
  Gauge(out, "bitacora_rocksdb_table_readers_bytes", "Indexes and filters held outside the block cache.",
        {{store, memory.store.table_readers}, {views, memory.views.table_readers}});
  Gauge(out, "bitacora_store_cached_versions", "Stream versions in the store writer's cache.",
        {{"", memory.cached_versions}});
  Gauge(out, "bitacora_store_cached_versions_bytes", "Heap held by the store writer's version cache (estimated).",
        {{"", memory.cached_version_bytes}});
  Gauge(out, "bitacora_store_merkle_nodes_bytes",
        "Stored Merkle levels (4 and up) the store keeps in memory for proofs.",
        {{"", memory.merkle_nodes}});
  Gauge(out, "bitacora_projection_cached_records", "Records the projector keeps decoded.",
        {{"", memory.cached_records}});
  Gauge(out, "bitacora_answer_cache_entries", "Answers from the views the server keeps.", {{"", memory.cached_answers}});
  Gauge(out, "bitacora_answer_cache_bytes", "Bytes of the answers the server keeps (bodies, targets, 128 each).",
        {{"", memory.cached_answer_bytes}});
  Gauge(out, "bitacora_malloc_in_use_bytes", "Heap in use by glibc malloc (mallinfo2 uordblks + hblkhd).",
        {{"", memory.malloc_in_use}});
  Gauge(out, "bitacora_malloc_free_bytes", "Heap free but kept by glibc malloc's arenas (mallinfo2 fordblks).",
        {{"", memory.malloc_free}});
  Gauge(out, "bitacora_malloc_arenas", "glibc malloc arenas (--malloc-arenas caps them).", {{"", memory.malloc_arenas}});
  return out;
}

}  // namespace bitacora::shim
