// Audit figures on a large log: inclusion-proof latency and full verify throughput.
//
//   audit_bench [--dir DIR] [--events N] [--keep] [--proofs P]
//
// Builds a store of N events (default 10,000,000) by bulk import, unless DIR already holds one
// of that size (--keep leaves it for the next run), then prints a table and JSON lines. The
// proofs run on a freshly opened store (cold block cache); RocksDB's PerfContext over them is
// printed per proof: how many blocks each proof read from files, and of which kind.
#include <capnp/message.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"
#include "core/store/event_store.h"

namespace {

using bitacora::EventStore;
using Clock = std::chrono::steady_clock;

// CPU time of the calling thread, in microseconds.
double ThreadCpuMicros() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e6 + static_cast<double>(t.tv_nsec) / 1e3;
}

kj::Array<capnp::word> Payload(uint64_t i) {
  capnp::MallocMessageBuilder msg;
  std::string text = "Orden devuelta " + std::to_string(i) + " ";
  text.append(150, 'x');
  msg.initRoot<bitacora::schema::Event>().initCommentRecorded().setText(text);
  return bitacora::EncodePayload(msg);
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = "/tmp/bitacora-audit-bench";
  uint64_t events = 10000000;
  bool keep = false;
  int proofs = 2000;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (flag == "--events" && i + 1 < argc) events = std::stoull(argv[++i]);
    else if (flag == "--keep") keep = true;
    else if (flag == "--proofs" && i + 1 < argc) proofs = std::stoi(argv[++i]);
    else {
      std::fprintf(stderr, "usage: audit_bench [--dir DIR] [--events N] [--keep] [--proofs P]\n");
      return 2;
    }
  }
  const auto open_start = Clock::now();
  auto opened = EventStore::Open(bitacora::StoreOptions{.path = dir, .sync = false});
  const double open_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - open_start).count();
  if (!opened) {
    std::fprintf(stderr, "open: %s\n", opened.error().ToString().c_str());
    return 1;
  }
  EventStore& store = **opened;
  const uint64_t have = store.GetHead().position;
  if (have != events) {
    if (have != 0) {
      std::fprintf(stderr, "%s holds %llu events, not %llu: remove it first\n", dir.c_str(),
                   static_cast<unsigned long long>(have), static_cast<unsigned long long>(events));
      return 1;
    }
    auto start = Clock::now();
    for (uint64_t i = 0; i < events;) {
      bitacora::AppendRequest r;
      r.actor = {"import", bitacora::schema::Role::SYSTEM};
      for (int k = 0; k < 10000 && i < events; ++k, ++i) {
        r.events.push_back({"client-" + std::to_string(i % 100000), Payload(i), 0});
      }
      if (!store.Append(std::move(r))) return 1;
      if (i % 1000000 == 0) std::fprintf(stderr, "\rimported %llu", static_cast<unsigned long long>(i));
    }
    std::fprintf(stderr, "\rimported %llu events in %.1f s\n", static_cast<unsigned long long>(events),
                 std::chrono::duration<double>(Clock::now() - start).count());
  }

  // Inclusion proofs of random events against the whole tree, each verified.
  const uint64_t size = store.GetHead().position;
  auto root = store.MerkleRoot(size);
  if (!root) return 1;
  std::mt19937_64 rng(42);
  std::vector<double> micros, cpu_micros;
  uint64_t blocks = 0, index_blocks = 0, filter_blocks = 0, cache_hits = 0, read_bytes = 0;
  double cpu_us = 0;
  for (int i = 0; i < proofs; ++i) {
    uint64_t position = 1 + rng() % size;
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
    rocksdb::get_perf_context()->Reset();
    const double cpu0 = ThreadCpuMicros();
    auto t0 = Clock::now();
    auto proof = store.InclusionProof(position, size);
    auto t1 = Clock::now();
    cpu_micros.push_back(ThreadCpuMicros() - cpu0);
    cpu_us += cpu_micros.back();
    rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
    const rocksdb::PerfContext& perf = *rocksdb::get_perf_context();
    blocks += perf.block_read_count;
    index_blocks += perf.index_block_read_count;
    filter_blocks += perf.filter_block_read_count;
    cache_hits += perf.block_cache_hit_count;
    read_bytes += perf.block_read_byte;
    if (!proof) {
      std::fprintf(stderr, "proof for %llu: %s\n", static_cast<unsigned long long>(position),
                   proof.error().ToString().c_str());
      return 1;
    }
    auto event = store.ReadLog(position, 1);
    if (!event || !bitacora::VerifyInclusion(bitacora::LeafHash((*event)[0].bytes()), position - 1,
                                             size, *proof, *root)) {
      std::fprintf(stderr, "proof for %llu did not verify\n", static_cast<unsigned long long>(position));
      return 1;
    }
    micros.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::sort(micros.begin(), micros.end());
  double p50 = micros[micros.size() / 2], p99 = micros[micros.size() * 99 / 100];
  // CPU time is not inflated by waiting for a core on a busy machine (it leaves out waits for
  // the disk too: compare with the wall-clock figures).
  std::sort(cpu_micros.begin(), cpu_micros.end());
  const double cpu_p50 = cpu_micros[cpu_micros.size() / 2];
  const double cpu_p99 = cpu_micros[cpu_micros.size() * 99 / 100];
  const double n = static_cast<double>(proofs);
  std::fprintf(stderr,
               "per proof: %.1f blocks read from files (%.1f index, %.1f filter, %.0f bytes), "
               "%.1f block cache hits, %.1f us CPU\n",
               static_cast<double>(blocks) / n, static_cast<double>(index_blocks) / n,
               static_cast<double>(filter_blocks) / n, static_cast<double>(read_bytes) / n,
               static_cast<double>(cache_hits) / n, cpu_us / n);

  auto start = Clock::now();
  auto report = store.Verify(0, 0);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  if (!report || !report->ok) {
    std::fprintf(stderr, "verify failed\n");
    return 1;
  }
  double rate = report->checked / secs;
  std::printf("%-26s %14s  %s\n", "benchmark", "figure", "target");
  std::printf("%-26s %11.1f ms  (opening the store, before any import)\n", "open", open_ms);
  std::printf("%-26s %11.1f us  < 100 us (p99 %.1f us)\n", "inclusion_proof_p50", p50, p99);
  std::printf("%-26s %11.1f us  (p99 %.1f us; thread CPU time)\n", "inclusion_proof_cpu_p50",
              cpu_p50, cpu_p99);
  std::printf("%-26s %12.0f/s  >= 1000000/s (chain + tree, %llu events)\n", "verify", rate,
              static_cast<unsigned long long>(report->checked));
  std::printf("{\"bench\":\"inclusion_proof\",\"events\":%llu,\"p50_us\":%.1f,\"p99_us\":%.1f,"
              "\"cpu_p50_us\":%.1f,\"cpu_p99_us\":%.1f,\"open_ms\":%.1f}\n",
              static_cast<unsigned long long>(size), p50, p99, cpu_p50, cpu_p99, open_ms);
  std::printf("{\"bench\":\"verify\",\"events\":%llu,\"events_per_s\":%.0f}\n",
              static_cast<unsigned long long>(report->checked), rate);
  opened->reset();
  if (!keep) std::filesystem::remove_all(dir);
}
