// Soak (issue 7): `bitacora serve` on loopback under a steady mix of commands (the desk
// generator's, every procedure, through HTTP) and queries, for ten minutes by default. The
// queries' work must not grow with the elapsed time: folders and orders drawn among the first
// ones created, order histories, and the daily control of a day seeded before the server starts
// (bench/soak_seed.h), whose size is fixed. Today's daily control, which lists every order of the
// day and so grows with the soak, is asked by one thread every --today-every seconds (0: never) and
// reported apart, outside the verdict. Samples the server's RSS and the memory gauges of /metrics every
// --sample-every seconds (5); prints them every 30 s, the latency per window and kind, and the
// verdict (bench/soak_report.h), which judges every sample; --memory-out writes every sample.
//
//   soak [--seconds S] [--window W] [--commands-per-s C] [--queries-per-s Q] [--clients N]
//        [--readers R] [--seed-days D] [--seed-clients K] [--today-every T] [--dir DIR]
//        [--bitacora PATH] [--sample-every S] [--memory-out FILE]
//        [--serve-arg ARG]...
//
// Latency is measured from sending the request to reading the whole answer, on a schedule of
// fixed slots per thread (a thread that falls behind sends at once, it does not burst to catch up).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/desk_generator.h"
#include "bench/http_sender.h"
#include "bench/serve_process.h"
#include "bench/soak_record.h"
#include "bench/soak_report.h"
#include "bench/soak_seed.h"
#include "core/domain/ids.h"

namespace bitacora::bench {
namespace {

struct Config {
  int seconds = 600;
  int window = 60;
  double commands_per_s = 200;
  double queries_per_s = 800;
  size_t clients = 16;
  size_t readers = 8;
  uint64_t seed_days = 10;      // desk days seeded before the server starts
  uint64_t seed_clients = 30;   // new clients a seeded day
  int today_every = 15;         // seconds between two asks of today's daily control; 0: never
  int sample_every = 5;         // seconds between two memory samples
  std::string memory_out;       // a file for every memory sample (tab-separated); "": none
  std::string dir;
  std::string binary = BITACORA_BINARY;
  // After `serve`: a budget that this run fills in its first minutes (the default 128 MiB cache
  // would still be filling at the end of ten, and 20,000 records would fall back to none now and
  // then; the soak writes ~75 new streams a second, so 100,000 versions would take 22 minutes and
  // 10,000 fill in two; the readers' answers, folders of several KiB among them, held 8.3 MiB at
  // 270 s, and 32 MiB might not fill in ten minutes, while 4 MiB fill in one),
  // so that the second half shows whether memory stays within it; and the memory-lean 4 malloc
  // arenas (serve's default is glibc's, for latency). More --serve-arg come after these and win.
  std::vector<std::string> serve_args = {"--cache-size",    "64MiB", "--record-cache", "5000",
                                         "--version-cache", "10000", "--answer-cache", "4MiB",
                                         "--malloc-arenas", "4"};
};

int64_t WallNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Writer(size_t index, int port, const std::map<schema::Role, std::string>& tokens, ClientBook& book,
            Record& record, Clock::duration period) {
  HttpSender sender(port, tokens, book, index);
  int64_t now = WallNs();
  GeneratorOptions options;
  options.ci_base = 5'000'000 + index * 100'000;
  options.command_prefix = "s" + std::to_string(index) + "-";
  options.meter_prefix = "MED-S" + std::to_string(index) + "-";
  options.live = true;
  // Writers start 50 ms apart, about one group commit: sent at once, their first commands (the
  // reference data, all on the same streams) conflict with each other and retry one by one (the
  // handler's retry lock; before it, some gave up with conflict_retries_exhausted).
  Clock::time_point next = Clock::now() + std::chrono::milliseconds(50) * static_cast<int64_t>(index);
  DeskGenerator generator(
      [&](const ActorRef& actor, schema::Command::Reader command) {
        Pace(next, period);
        const auto sent = Clock::now();
        auto out = sender.Send(actor, command);
        if (out) record.Command(sent, *out);
        return out;
      },
      now, index + 1, options);
  try {
    generator.RunUntil([&book] { return book.stop.load(); }, 2);
  } catch (const Stopped&) {
  }
}

// One reader: a folder, an order, an order's history or the daily control of `fixed_day` in the
// shares of soak_record.h; or, when `today_only`, today's daily control every `period`.
void Reader(size_t index, int port, const std::map<schema::Role, std::string>& tokens, ClientBook& book,
            Record& record, Clock::duration period, const std::string& fixed_day, bool today_only) {
  HttpSender sender(port, tokens, book, index);
  std::mt19937_64 rng(index * 7919);
  Clock::time_point next = Clock::now();
  while (!book.stop.load()) {
    Pace(next, period);
    if (book.stop.load()) break;
    const int draw = std::uniform_int_distribution<int>(0, 9)(rng);
    const int kind = today_only ? kTodayKind : draw < 4 ? 0 : draw < 7 ? 1 : draw < 9 ? 2 : kFixedDayKind;
    std::string path;
    if (kind == 0) {
      const std::string ci = record.Pick(true, rng);
      if (!ci.empty()) path = "/v1/clients/" + ci + "/folder";
    } else if (kind == 1 || kind == 2) {
      const std::string order = record.Pick(false, rng);
      if (!order.empty()) path = "/v1/orders/" + order + (kind == 2 ? "/history" : "");
    } else {
      const std::string date = kind == kFixedDayKind ? fixed_day : domain::FormatDate(domain::ToLocalDate(WallNs()));
      path = "/v1/reports/daily-control?date=" + date;
    }
    if (path.empty()) continue;
    const auto sent = Clock::now();
    const int status = sender.Get(path);
    record.Query(sent, kind, status, path);
  }
}

bool Parse(int argc, char** argv, Config& c) {
  if (argc % 2 == 0) {
    std::fprintf(stderr, "soak: cada opción lleva un valor (--seconds S, --window W, ...)\n");
    return false;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--seconds") c.seconds = std::atoi(v.c_str());
    else if (a == "--window") c.window = std::atoi(v.c_str());
    else if (a == "--commands-per-s") c.commands_per_s = std::atof(v.c_str());
    else if (a == "--queries-per-s") c.queries_per_s = std::atof(v.c_str());
    else if (a == "--clients") c.clients = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--readers") c.readers = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--seed-days") c.seed_days = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--seed-clients") c.seed_clients = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--today-every") c.today_every = std::atoi(v.c_str());
    else if (a == "--sample-every") c.sample_every = std::atoi(v.c_str());
    else if (a == "--memory-out") c.memory_out = v;
    else if (a == "--dir") c.dir = v;
    else if (a == "--bitacora") c.binary = v;
    else if (a == "--serve-arg") c.serve_args.push_back(v);
    else {
      std::fprintf(stderr, "soak: opción desconocida %s\n", a.c_str());
      return false;
    }
  }
  if (c.seconds <= 0 || c.window <= 0 || c.clients == 0 || c.readers == 0 || c.commands_per_s <= 0 ||
      c.queries_per_s <= 0 || c.seed_days == 0 || c.seed_clients == 0 || c.today_every < 0 ||
      c.sample_every <= 0) {
    std::fprintf(stderr, "soak: valores inválidos\n");
    return false;
  }
  return true;
}

int Main(int argc, char** argv) {
  Config c;
  if (!Parse(argc, argv, c)) return 2;
  SeededDay seeded;
  auto ledger = StartServedLedger(
      c.binary, c.dir, "bitacora-soak",
      [&](const std::string& data) -> Status {
        auto day = SeedPastDays(data, c.seed_days, c.seed_clients, WallNs());
        if (!day) return Fail(day.error());
        seeded = *day;
        return Ok();
      },
      c.serve_args);
  if (!ledger) {
    std::fprintf(stderr, "soak: %s\n", ledger.error().ToString().c_str());
    return 1;
  }
  c.dir = ledger->dir;
  const auto& tokens = ledger->tokens;
  const std::string& metrics_token = tokens.at(schema::Role::AUDITOR);
  ServeProcess& serve = *ledger->serve;
  const size_t windows = static_cast<size_t>((c.seconds + c.window - 1) / c.window);
  const auto start = Clock::now();
  Record record(start, c.window, windows);
  ClientBook book(c.clients + c.readers + 1);
  auto period_of = [](double per_s) {
    return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_s));
  };
  std::vector<std::thread> threads;
  for (size_t i = 0; i < c.clients; ++i) {
    threads.emplace_back(Writer, i, ledger->port, std::cref(tokens), std::ref(book), std::ref(record),
                         period_of(c.commands_per_s / static_cast<double>(c.clients)));
  }
  for (size_t i = 0; i < c.readers + (c.today_every > 0 ? 1 : 0); ++i) {
    const bool today = i == c.readers;  // the last reader asks for today's control only
    threads.emplace_back(Reader, c.clients + i, ledger->port, std::cref(tokens), std::ref(book), std::ref(record),
                         today ? period_of(1.0 / static_cast<double>(c.today_every))
                               : period_of(c.queries_per_s / static_cast<double>(c.readers)),
                         seeded.date, today);
  }
  std::string args;
  for (const std::string& a : c.serve_args) args += " " + a;
  std::printf("soak: bitacora serve%s\n", args.c_str());
  std::printf("soak: %d s, %.0f comandos/s de %zu escritores, %.0f consultas/s de %zu lectores, control de hoy "
              "cada %d s; día fijo %s (%llu comandos sembrados en %llu días de %llu clientes)\n",
              c.seconds, c.commands_per_s, c.clients, c.queries_per_s, c.readers, c.today_every, seeded.date.c_str(),
              static_cast<unsigned long long>(seeded.commands), static_cast<unsigned long long>(c.seed_days),
              static_cast<unsigned long long>(c.seed_clients));
  std::vector<MemorySample> memory{SampleMemory(serve.pid(), ledger->port, metrics_token, 0)};
  std::printf("%8s %10s\n%8d %10.1f\n", "t (s)", "RSS (MiB)", 0, static_cast<double>(memory[0].rss_kib) / 1024);
  for (int t = 0; t < c.seconds;) {
    const int step = std::min(c.sample_every, c.seconds - t);
    std::this_thread::sleep_until(start + std::chrono::seconds(t + step));
    t += step;
    memory.push_back(SampleMemory(serve.pid(), ledger->port, metrics_token, t));
    if (t % 30 == 0 || t == c.seconds) {
      std::printf("%8d %10.1f\n", t, static_cast<double>(memory.back().rss_kib) / 1024);
      std::fflush(stdout);
    }
  }
  if (!c.memory_out.empty() && !WriteSamples(c.memory_out, memory)) {
    std::fprintf(stderr, "soak: no se pudo escribir %s\n", c.memory_out.c_str());
  }
  book.stop = true;
  for (std::thread& t : threads) t.join();
  const bool clean = serve.Stop();
  const bool stable = PrintReport(record, windows, memory, Thresholds{}, c.window);
  const auto failures = book.failures();
  std::printf("\ncomandos confirmados %llu, consultas fallidas %llu, problemas %zu; parada limpia: %s\n",
              static_cast<unsigned long long>(book.acks.load()), static_cast<unsigned long long>(record.query_errors()),
              failures.size(), clean ? "sí" : "no");
  std::printf("{\"bench\":\"soak\",\"seconds\":%d,\"acked\":%llu,\"rss_start_kib\":%ld,\"rss_end_kib\":%ld,"
              "\"stable\":%s,\"failures\":%zu}\n",
              c.seconds, static_cast<unsigned long long>(book.acks.load()), memory.front().rss_kib,
              memory.back().rss_kib, stable ? "true" : "false", failures.size());
  for (size_t i = 0; i < failures.size() && i < 10; ++i) std::printf("  FALLA: %s\n", failures[i].c_str());
  for (const std::string& q : record.failed_queries()) std::printf("  CONSULTA FALLIDA: %s\n", q.c_str());
  const bool ok = failures.empty() && record.query_errors() == 0 && clean;
  if (ok && ledger->temporary) std::filesystem::remove_all(c.dir);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace bitacora::bench

int main(int argc, char** argv) { return bitacora::bench::Main(argc, argv); }
