// Event store throughput against raw RocksDB on the same bytes, and with the Merkle tree against
// without it, measured in the same run.
//
//   store_bench [--dir DIR] [--seconds S] [--rounds R] [--bulk N] [--size BYTES] [--only bulk]
//
// --only bulk (or --rounds 0) skips the durable-append rounds: the two bulk imports and verify.
//
// Prints a table (events/s and ratios against the raw baselines) and one JSON object per line.
#include <capnp/message.h>
#include <rocksdb/db.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/store/event_store.h"

namespace bitacora {
namespace {

using Clock = std::chrono::steady_clock;

struct Config {
  std::string dir = "/tmp/bitacora-bench";
  double seconds = 1;
  int rounds = 3;
  size_t bulk = 1000000;
  size_t batch = 10000;
  size_t size = 400;  // bytes of each stored event, roughly
};

struct Figure {
  std::string name;
  double events_per_s;
  uint64_t events;
  double cpu_us_per_event = 0;  // process CPU time (all threads, RocksDB's included), when measured
};

// CPU time of the whole process so far (user + system, every thread), in microseconds.
double ProcessCpuMicros() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e6 +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// A comment payload whose stored envelope comes to about `size` bytes.
kj::Array<capnp::word> Payload(size_t size, uint64_t i) {
  capnp::MallocMessageBuilder msg(static_cast<unsigned>(size / sizeof(capnp::word)));
  std::string text = "Orden ORT-2026-" + std::to_string(i) + " devuelta; ";
  const size_t envelope_overhead = 250;
  if (size > envelope_overhead + text.size()) text.append(size - envelope_overhead - text.size(), 'x');
  msg.initRoot<schema::Event>().initCommentRecorded().setText(text);
  return EncodePayload(msg);
}

AppendRequest Request(const Config& c, const std::string& stream, uint64_t i) {
  AppendRequest r;
  r.actor = {"bench", schema::Role::PLATFORM};
  r.events.push_back({stream, Payload(c.size, i), 0});
  return r;
}

std::unique_ptr<EventStore> FreshStore(const std::string& path, bool sync, bool merkle = true) {
  std::filesystem::remove_all(path);
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = sync, .merkle = merkle});
  if (!s) {
    std::fprintf(stderr, "open: %s\n", s.error().ToString().c_str());
    std::exit(1);
  }
  return std::move(*s);
}

// Durable single-event appends from `writers` threads for c.seconds.
Figure StoreAppends(const Config& c, int writers, bool merkle = true) {
  auto store = FreshStore(c.dir + "/store-" + std::to_string(writers), true, merkle);
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> done{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&, t] {
      std::string stream = "case-" + std::to_string(t);
      for (uint64_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        if (!store->Append(Request(c, stream, i))) std::abort();
        done.fetch_add(1, std::memory_order_relaxed);
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(c.seconds));
  stop = true;
  for (auto& th : threads) th.join();
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  return {"store_append_" + std::to_string(writers) + "w" + (merkle ? "" : "_notree"),
          done / secs, done.load()};
}

// The baseline: one synced Put per event of the same size, from `writers` threads.
Figure RawPuts(const Config& c, int writers) {
  std::string path = c.dir + "/raw-" + std::to_string(writers);
  std::filesystem::remove_all(path);
  rocksdb::Options o;
  o.create_if_missing = true;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(o, path, &raw).ok()) std::abort();
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value(c.size, 'x');
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> next{0};
  std::vector<std::thread> threads;
  auto start = Clock::now();
  for (int t = 0; t < writers; ++t) {
    threads.emplace_back([&] {
      rocksdb::WriteOptions wo;
      wo.sync = true;
      while (!stop.load(std::memory_order_relaxed)) {
        uint64_t i = next.fetch_add(1);
        char key[8];
        for (int b = 0; b < 8; ++b) key[b] = static_cast<char>(i >> (56 - 8 * b));
        if (!db->Put(wo, rocksdb::Slice(key, 8), value).ok()) std::abort();
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(c.seconds));
  stop = true;
  for (auto& th : threads) th.join();
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  return {"raw_put_" + std::to_string(writers) + "w", next / secs, next.load()};
}

// Bulk import: appends of c.batch events each (one fsync per batch), c.bulk events in all.
// Leaves the store at c.dir/bulk for the verify run.
// Two importer threads prepare batches of c.batch events on their own halves of the input while
// the writer commits the other's batch, as an import tool would; each append is one fsync.
Figure BulkImport(const Config& c, bool merkle = true) {
  auto store = FreshStore(c.dir + (merkle ? "/bulk" : "/bulk-notree"), true, merkle);
  const double cpu_start = ProcessCpuMicros();
  auto start = Clock::now();
  std::vector<std::thread> importers;
  for (uint64_t part = 0; part < 2; ++part) {
    importers.emplace_back([&, part] {
      for (uint64_t i = part * c.batch; i < c.bulk; i += c.batch) {
        AppendRequest r;
        r.actor = {"import", schema::Role::SYSTEM};
        for (uint64_t k = i; k < std::min<uint64_t>(i + c.batch, c.bulk); ++k) {
          r.events.push_back({"client-" + std::to_string(k % 5000), Payload(c.size, k), 0});
        }
        if (!store->Append(std::move(r))) std::abort();
        i += c.batch;  // the other importer takes the next batch
      }
    });
  }
  for (auto& t : importers) t.join();
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  // Closing waits for background work (flushes, compactions) that the import started: its CPU
  // time belongs to the import.
  store.reset();
  const double cpu = ProcessCpuMicros() - cpu_start;
  return {merkle ? "bulk_import" : "bulk_import_notree", c.bulk / secs, c.bulk,
          cpu / static_cast<double>(c.bulk)};
}

Figure FullVerify(const Config& c) {
  auto s = EventStore::Open(StoreOptions{.path = c.dir + "/bulk"});
  if (!s) std::abort();
  auto start = Clock::now();
  auto report = (*s)->Verify(0, 0);
  double secs = std::chrono::duration<double>(Clock::now() - start).count();
  if (!report || !report->ok) {
    std::fprintf(stderr, "verify failed\n");
    std::exit(1);
  }
  return {"verify", report->checked / secs, report->checked};
}

void Print(const std::vector<Figure>& figs) {
  auto rate = [&](const std::string& name) {
    for (auto& f : figs) {
      if (f.name == name) return f.events_per_s;
    }
    return 0.0;
  };
  std::printf("%-20s %14s %12s  %s\n", "benchmark", "events/s", "events", "ratio / target");
  for (const auto& f : figs) {
    std::string note;
    char buf[160];
    if (f.name == "store_append_1w") {
      std::snprintf(buf, sizeof buf, "%.2fx raw_put_1w (target >= 0.9x)",
                    f.events_per_s / rate("raw_put_1w"));
      note = buf;
    } else if (f.name == "store_append_8w") {
      std::snprintf(buf, sizeof buf, "%.2fx raw_put_8w", f.events_per_s / rate("raw_put_8w"));
      note = buf;
    } else if (f.name == "store_append_64w") {
      std::snprintf(buf, sizeof buf, "%.2fx raw_put_8w (target >= 3x)",
                    f.events_per_s / rate("raw_put_8w"));
      note = buf;
    } else if (f.name == "bulk_import") {
      double notree_cpu = 0;
      for (const auto& g : figs) {
        if (g.name == "bulk_import_notree") notree_cpu = g.cpu_us_per_event;
      }
      std::snprintf(buf, sizeof buf,
                    "target >= 150000/s; %.2fx bulk_import_notree (>= 0.9x); CPU %.2f us/event "
                    "(%.2fx without tree)",
                    f.events_per_s / rate("bulk_import_notree"), f.cpu_us_per_event,
                    f.cpu_us_per_event / notree_cpu);
      note = buf;
    } else if (f.name == "bulk_import_notree") {
      std::snprintf(buf, sizeof buf, "CPU %.2f us/event", f.cpu_us_per_event);
      note = buf;
    } else if (f.name == "store_append_64w_notree") {
      std::snprintf(buf, sizeof buf, "with tree: %.2fx of this (target >= 0.9x)",
                    rate("store_append_64w") / f.events_per_s);
      note = buf;
    } else if (f.name == "verify") {
      note = "target >= 1000000/s";
    }
    std::printf("%-20s %14.0f %12llu  %s\n", f.name.c_str(), f.events_per_s,
                static_cast<unsigned long long>(f.events), note.c_str());
  }
  for (const auto& f : figs) {
    std::printf("{\"bench\":\"%s\",\"events_per_s\":%.0f,\"events\":%llu", f.name.c_str(),
                f.events_per_s, static_cast<unsigned long long>(f.events));
    if (f.cpu_us_per_event > 0) std::printf(",\"cpu_us_per_event\":%.3f", f.cpu_us_per_event);
    std::printf("}\n");
  }
}

}  // namespace
}  // namespace bitacora

int main(int argc, char** argv) {
  bitacora::Config c;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--dir") c.dir = argv[i + 1];
    else if (flag == "--seconds") c.seconds = std::stod(argv[i + 1]);
    else if (flag == "--bulk") c.bulk = std::stoull(argv[i + 1]);
    else if (flag == "--size") c.size = std::stoull(argv[i + 1]);
    else if (flag == "--rounds") c.rounds = std::stoi(argv[i + 1]);
    else if (flag == "--only" && std::string(argv[i + 1]) == "bulk") c.rounds = 0;
    else {
      std::fprintf(stderr, "usage: store_bench [--dir D] [--seconds S] [--rounds R] [--bulk N] "
                           "[--size B] [--only bulk]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(c.dir);
  std::vector<bitacora::Figure> figs;
  // fsync latency on a shared machine drifts with other disk traffic, so each comparison is run
  // as interleaved rounds and the median of each side is kept.
  auto median = [](std::vector<bitacora::Figure> runs) {
    std::sort(runs.begin(), runs.end(),
              [](auto& a, auto& b) { return a.events_per_s < b.events_per_s; });
    return runs[runs.size() / 2];
  };
  std::vector<bitacora::Figure> raw1, raw8, store1, store8, store64, store64_notree;
  for (int round = 0; round < c.rounds; ++round) {
    raw1.push_back(bitacora::RawPuts(c, 1));
    store1.push_back(bitacora::StoreAppends(c, 1));
    raw8.push_back(bitacora::RawPuts(c, 8));
    store8.push_back(bitacora::StoreAppends(c, 8));
    store64.push_back(bitacora::StoreAppends(c, 64));
    store64_notree.push_back(bitacora::StoreAppends(c, 64, false));
  }
  for (auto* runs : {&raw1, &raw8, &store1, &store8, &store64, &store64_notree}) {
    if (!runs->empty()) figs.push_back(median(*runs));
  }
  figs.push_back(bitacora::BulkImport(c, false));
  figs.push_back(bitacora::BulkImport(c));
  figs.push_back(bitacora::FullVerify(c));
  bitacora::Print(figs);
  std::filesystem::remove_all(c.dir);
}
