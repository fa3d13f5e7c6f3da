// Soak (issue 7): `bitacora serve` on loopback under a steady mix of commands (the desk
// generator's, every procedure, through HTTP) and queries (a client's folder, an order, an
// order's history, the day's control), for ten minutes by default. Samples the server's RSS
// (/proc/PID/status) every 30 s and the latency of each kind per window; prints a table, the drift
// (p99 of the last window over the first, RSS at the end over the start) and one JSON line.
//
//   soak [--seconds S] [--window W] [--commands-per-s C] [--queries-per-s Q] [--clients N]
//        [--readers R] [--dir DIR] [--bitacora PATH]
//
// Latency is measured from sending the request to reading the whole answer, on a schedule of
// fixed slots per thread (a thread that falls behind sends at once, it does not burst to catch up).
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "bench/desk_generator.h"
#include "bench/http_sender.h"
#include "bench/serve_process.h"
#include "bench/soak_record.h"
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
  std::string dir;
  std::string binary = BITACORA_BINARY;
};

void Writer(size_t index, int port, const std::map<schema::Role, std::string>& tokens, ClientBook& book,
            Record& record, Clock::duration period) {
  HttpSender sender(port, tokens, book, index);
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  GeneratorOptions options;
  options.ci_base = 5'000'000 + index * 100'000;
  options.command_prefix = "s" + std::to_string(index) + "-";
  options.meter_prefix = "MED-S" + std::to_string(index) + "-";
  options.live = true;
  Clock::time_point next = Clock::now();
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

void Reader(size_t index, int port, const std::map<schema::Role, std::string>& tokens, ClientBook& book,
            Record& record, Clock::duration period) {
  HttpSender sender(port, tokens, book, index);
  std::mt19937_64 rng(index * 7919);
  const int64_t wall = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  const std::string today = domain::FormatDate(domain::ToLocalDate(wall));
  Clock::time_point next = Clock::now();
  while (!book.stop.load()) {
    Pace(next, period);
    const int draw = std::uniform_int_distribution<int>(0, 9)(rng);
    const int kind = draw < 4 ? 0 : draw < 7 ? 1 : draw < 9 ? 2 : 3;
    std::string path;
    if (kind == 0) {
      const std::string ci = record.Pick(true, rng);
      if (!ci.empty()) path = "/v1/clients/" + ci + "/folder";
    } else if (kind == 1) {
      const std::string order = record.Pick(false, rng);
      if (!order.empty()) path = "/v1/orders/" + order;
    } else if (kind == 2) {
      const std::string order = record.Pick(false, rng);
      if (!order.empty()) path = "/v1/orders/" + order + "/history";
    } else {
      path = "/v1/reports/daily-control?date=" + today;
    }
    if (path.empty()) continue;
    const auto sent = Clock::now();
    const int status = sender.Get(path);
    record.Query(sent, kind, status == 200);
  }
}

int Main(int argc, char** argv) {
  Config c;
  if (argc % 2 == 0) {
    std::fprintf(stderr, "soak: cada opción lleva un valor (--seconds S, --window W, ...)\n");
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--seconds") c.seconds = std::atoi(v.c_str());
    else if (a == "--window") c.window = std::atoi(v.c_str());
    else if (a == "--commands-per-s") c.commands_per_s = std::atof(v.c_str());
    else if (a == "--queries-per-s") c.queries_per_s = std::atof(v.c_str());
    else if (a == "--clients") c.clients = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--readers") c.readers = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--dir") c.dir = v;
    else if (a == "--bitacora") c.binary = v;
    else {
      std::fprintf(stderr, "soak: opción desconocida %s\n", a.c_str());
      return 2;
    }
  }
  if (c.seconds <= 0 || c.window <= 0 || c.clients == 0 || c.readers == 0 || c.commands_per_s <= 0 ||
      c.queries_per_s <= 0) {
    std::fprintf(stderr, "soak: valores inválidos\n");
    return 2;
  }
  auto ledger = StartServedLedger(c.binary, c.dir, "bitacora-soak");
  if (!ledger) {
    std::fprintf(stderr, "soak: %s\n", ledger.error().ToString().c_str());
    return 1;
  }
  c.dir = ledger->dir;
  const bool temporary = ledger->temporary;
  const auto& tokens = ledger->tokens;
  const int port = ledger->port;
  ServeProcess& serve = *ledger->serve;
  const size_t windows = static_cast<size_t>((c.seconds + c.window - 1) / c.window);
  const auto start = Clock::now();
  Record record(start, c.window, windows);
  ClientBook book(c.clients + c.readers);
  const auto command_period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(c.clients) / c.commands_per_s));
  const auto query_period = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(static_cast<double>(c.readers) / c.queries_per_s));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < c.clients; ++i) {
    threads.emplace_back(Writer, i, port, std::cref(tokens), std::ref(book), std::ref(record), command_period);
  }
  for (size_t i = 0; i < c.readers; ++i) {
    threads.emplace_back(Reader, c.clients + i, port, std::cref(tokens), std::ref(book), std::ref(record),
                         query_period);
  }
  std::printf("soak: %d s, %.0f comandos/s y %.0f consultas/s, %zu escritores y %zu lectores; RSS cada 30 s\n",
              c.seconds, c.commands_per_s, c.queries_per_s, c.clients, c.readers);
  std::printf("%8s %10s\n", "t (s)", "RSS (MiB)");
  const long rss_start = RssKib(serve.pid());
  std::printf("%8d %10.1f\n", 0, static_cast<double>(rss_start) / 1024);
  long rss_end = rss_start;
  for (int t = 0; t < c.seconds;) {
    const int step = std::min(30, c.seconds - t);
    std::this_thread::sleep_for(std::chrono::seconds(step));
    t += step;
    rss_end = RssKib(serve.pid());
    std::printf("%8d %10.1f\n", t, static_cast<double>(rss_end) / 1024);
    std::fflush(stdout);
  }
  book.stop = true;
  for (std::thread& t : threads) t.join();
  const bool clean = serve.Stop();
  std::printf("\n%8s %9s %9s %9s %9s %9s %9s\n", "ventana", "comandos", "p50 ms", "p99 ms", "consultas", "p50 ms",
              "p99 ms");
  double first_p99 = 0, last_p99 = 0, first_q99 = 0, last_q99 = 0;
  for (size_t w = 0; w < windows; ++w) {
    const auto cm = record.commands(w);
    const auto q = record.queries(w);
    const double c99 = Percentile(cm, 0.99), q99 = Percentile(q, 0.99);
    std::printf("%8zu %9zu %9.2f %9.2f %9zu %9.2f %9.2f\n", w + 1, cm.size(), Percentile(cm, 0.5), c99, q.size(),
                Percentile(q, 0.5), q99);
    if (w == 0) {
      first_p99 = c99;
      first_q99 = q99;
    }
    last_p99 = c99;
    last_q99 = q99;
  }
  std::printf("\np99 de consultas por tipo (ms)\n%8s", "ventana");
  for (const char* name : kQueryNames) std::printf(" %10s", name);
  std::printf("\n");
  for (size_t w = 0; w < windows; ++w) {
    std::printf("%8zu", w + 1);
    for (int k = 0; k < kQueryKinds; ++k) std::printf(" %10.2f", Percentile(record.queries(w, k), 0.99));
    std::printf("\n");
  }
  const auto failures = book.failures();
  std::printf("\nderiva: p99 de comandos última/primera ventana %.2f, de consultas %.2f; RSS %.1f -> %.1f MiB (x%.2f); "
              "comandos confirmados %llu, consultas fallidas %llu, problemas %zu; parada limpia: %s\n",
              first_p99 > 0 ? last_p99 / first_p99 : 0, first_q99 > 0 ? last_q99 / first_q99 : 0,
              static_cast<double>(rss_start) / 1024, static_cast<double>(rss_end) / 1024,
              rss_start > 0 ? static_cast<double>(rss_end) / static_cast<double>(rss_start) : 0,
              static_cast<unsigned long long>(book.acks.load()), static_cast<unsigned long long>(record.query_errors()),
              failures.size(), clean ? "sí" : "no");
  std::printf("{\"bench\":\"soak\",\"seconds\":%d,\"acked\":%llu,\"rss_start_kib\":%ld,\"rss_end_kib\":%ld,"
              "\"command_p99_drift\":%.2f,\"query_p99_drift\":%.2f,\"failures\":%zu}\n",
              c.seconds, static_cast<unsigned long long>(book.acks.load()), rss_start, rss_end,
              first_p99 > 0 ? last_p99 / first_p99 : 0, first_q99 > 0 ? last_q99 / first_q99 : 0, failures.size());
  for (size_t i = 0; i < failures.size() && i < 10; ++i) std::printf("  FALLA: %s\n", failures[i].c_str());
  const bool ok = failures.empty() && record.query_errors() == 0 && clean;
  if (ok && temporary) std::filesystem::remove_all(c.dir);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace bitacora::bench

int main(int argc, char** argv) { return bitacora::bench::Main(argc, argv); }
