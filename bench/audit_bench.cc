// Audit figures on a large log: inclusion-proof latency and full verify throughput.
//
//   audit_bench [--dir DIR] [--events N] [--keep]
//
// Builds a store of N events (default 10,000,000) by bulk import, unless DIR already holds one
// of that size (--keep leaves it for the next run), then prints a table and JSON lines.
#include <capnp/message.h>

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
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i];
    if (flag == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (flag == "--events" && i + 1 < argc) events = std::stoull(argv[++i]);
    else if (flag == "--keep") keep = true;
    else {
      std::fprintf(stderr, "usage: audit_bench [--dir DIR] [--events N] [--keep]\n");
      return 2;
    }
  }
  auto opened = EventStore::Open(bitacora::StoreOptions{.path = dir, .sync = false});
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
  std::vector<double> micros;
  for (int i = 0; i < 2000; ++i) {
    uint64_t position = 1 + rng() % size;
    auto t0 = Clock::now();
    auto proof = store.InclusionProof(position, size);
    auto t1 = Clock::now();
    if (!proof) return 1;
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

  auto start = Clock::now();
  auto report = store.Verify(0, 0);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  if (!report || !report->ok) {
    std::fprintf(stderr, "verify failed\n");
    return 1;
  }
  double rate = report->checked / secs;
  std::printf("%-26s %14s  %s\n", "benchmark", "figure", "target");
  std::printf("%-26s %11.1f us  < 100 us (p99 %.1f us)\n", "inclusion_proof_p50", p50, p99);
  std::printf("%-26s %12.0f/s  >= 1000000/s (chain + tree, %llu events)\n", "verify", rate,
              static_cast<unsigned long long>(report->checked));
  std::printf("{\"bench\":\"inclusion_proof\",\"events\":%llu,\"p50_us\":%.1f,\"p99_us\":%.1f}\n",
              static_cast<unsigned long long>(size), p50, p99);
  std::printf("{\"bench\":\"verify\",\"events\":%llu,\"events_per_s\":%.0f}\n",
              static_cast<unsigned long long>(report->checked), rate);
  opened->reset();
  if (!keep) std::filesystem::remove_all(dir);
}
