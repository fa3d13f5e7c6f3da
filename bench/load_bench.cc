// Load benchmark (issue 16): command latency of `bitacora serve` with and without a crowd of idle
// connections and event streams. 64 desk clients (the desk generator's commands, every procedure,
// paced) measure p50/p99 alone; then 200 idle connections and 100 `GET /v1/log/stream` are opened
// and kept open (reopened when the server closes them) and the same clients measure again. Prints
// both, the ratio of the p99s, what the server did with the crowd (accepted, 429, closed) and
// whether /healthz answered. Not a test: it prints figures (docs/reliability.md, "Load").
//
//   load_bench [--clients N] [--rate R] [--seconds S] [--idle I] [--idle-addresses A] [--trickle
//   0|1]
//              [--streams M] [--stream-tokens T] [--dir DIR] [--bitacora PATH] [--serve-arg ARG]...
//
// Every client, idle connection and stream comes from its own loopback address (127.0.x.y,
// bench/raw_http.h), as the desk's PCs would on a LAN, so the server runs with its defaults.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/answer_codec.h"
#include "app/command_codec.h"
#include "bench/desk_generator.h"
#include "bench/http_sender.h"
#include "bench/load_crowd.h"
#include "bench/raw_http.h"
#include "bench/serve_process.h"
#include "bench/soak_record.h"

namespace bitacora::bench {
namespace {

struct Config {
  size_t clients = 64;
  double rate = 1;  // commands a second per client (a busy desk PC; docs/reliability.md, "Load")
  int seconds = 30;  // each measured phase
  size_t idle = 200;
  size_t idle_addresses = 200;
  bool trickle = false;  // the idle connections send a header line every 3 s instead of nothing
  size_t streams = 100;
  size_t stream_tokens = 25;  // supervisors' tokens the streams use in turn
  std::string dir;
  std::string binary = BITACORA_BINARY;
  std::vector<std::string> serve_args;
};

enum Phase { kWarmup, kAlone, kSetup, kLoaded, kDone, kPhases };

struct PhaseStats {
  std::vector<double> ms;  // latency of each command, first send to its 2xx, retries included
  size_t retried = 0;      // commands that needed more than one send
  std::map<int, size_t> retry_status;  // the statuses sent again after (0: no answer)
  size_t health_asked = 0, health_ok = 0;
  double health_max_ms = 0;
};

struct Shared {
  std::atomic<int> phase{kWarmup};
  std::atomic<bool> stop{false};
  std::mutex mu;
  PhaseStats stats[kPhases];          // guarded by mu
  std::vector<std::string> refusals;  // guarded by mu
};

double MsSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// One desk client: its own generator, paced at `rate`, from 127.0.1.(index+1).
void Writer(size_t index, int port, const std::map<schema::Role, std::string>& tokens, double rate,
            Shared& shared) {
  RawClient client(LoopbackAddress(1, static_cast<int>(index) + 1), port);
  const auto period =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / rate));
  Clock::time_point next =
      Clock::now() + std::chrono::milliseconds(50) * static_cast<int64_t>(index % 20);
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch())
                    .count();
  GeneratorOptions options;
  options.ci_base = 6'000'000 + index * 100'000;
  options.command_prefix = "l" + std::to_string(index) + "-";
  options.meter_prefix = "MED-L" + std::to_string(index) + "-";
  options.live = true;
  auto send = [&](const ActorRef& actor,
                  schema::Command::Reader command) -> Result<CommandOutcome> {
    Pace(next, period);
    const std::string id = command.getCommandId();
    const std::string head = "POST /v1/commands/" + CommandNameOf(command.which()) +
                             " HTTP/1.1\r\nAuthorization: Bearer " + tokens.at(actor.role) +
                             "\r\nIdempotency-Key: " + id +
                             "\r\nContent-Type: application/json\r\n";
    const std::string body = app::EncodeCommandJson(command);
    const int phase = shared.phase.load();
    const auto sent = Clock::now();
    std::map<int, size_t> retries;
    for (;;) {
      const RawAnswer answer = client.Request(head, body, std::chrono::seconds(30));
      if (answer.status >= 200 && answer.status < 300) {
        auto outcome = app::OutcomeFromJson(answer.body);
        if (!outcome) break;
        const double ms = MsSince(sent);
        if (shared.phase.load() == phase) {
          std::lock_guard lock(shared.mu);
          PhaseStats& s = shared.stats[phase];
          s.ms.push_back(ms);
          if (!retries.empty()) ++s.retried;
          for (const auto& [status, n] : retries) s.retry_status[status] += n;
        }
        return outcome;
      }
      const bool again = answer.status == 0 || answer.status == 409 || answer.status == 429 ||
                         answer.status >= 500;
      if (!again) {
        std::lock_guard lock(shared.mu);
        shared.refusals.push_back(id + ": " + std::to_string(answer.status) + " " + answer.body);
        break;
      }
      ++retries[answer.status];
      if (shared.stop.load()) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(answer.status == 0 ? 20 : 100));
    }
    throw Stopped{};  // a refusal, or the run is over: this client stops
  };
  DeskGenerator generator(send, now, index + 1, options);
  try {
    generator.RunUntil([&shared] { return shared.stop.load(); }, 2);
  } catch (const Stopped&) {
  }
}

// GET /healthz twice a second on a new connection from 127.0.4.1, 2 s to answer.
void HealthProbe(int port, Shared& shared) {
  while (!shared.stop.load()) {
    const int phase = shared.phase.load();
    RawClient client(LoopbackAddress(4, 1), port);
    const auto sent = Clock::now();
    const RawAnswer answer = client.Request("GET /healthz HTTP/1.1\r\nConnection: close\r\n", "",
                                            std::chrono::seconds(2));
    const double ms = MsSince(sent);
    {
      std::lock_guard lock(shared.mu);
      PhaseStats& s = shared.stats[phase];
      ++s.health_asked;
      if (answer.status == 200) ++s.health_ok;
      s.health_max_ms = std::max(s.health_max_ms, ms);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
}

bool Parse(int argc, char** argv, Config& c) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--clients")
      c.clients = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--rate")
      c.rate = std::atof(v.c_str());
    else if (a == "--seconds")
      c.seconds = std::atoi(v.c_str());
    else if (a == "--idle")
      c.idle = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--idle-addresses")
      c.idle_addresses = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--trickle")
      c.trickle = v == "1";
    else if (a == "--streams")
      c.streams = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--stream-tokens")
      c.stream_tokens = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--dir")
      c.dir = v;
    else if (a == "--bitacora")
      c.binary = v;
    else if (a == "--serve-arg")
      c.serve_args.push_back(v);
    else
      return false;
  }
  return argc % 2 == 1 && c.clients > 0 && c.clients <= 250 && c.rate > 0 && c.seconds > 0 &&
         c.idle_addresses > 0 && c.idle_addresses <= 250 && c.streams <= 250 && c.stream_tokens > 0;
}

void PrintPhase(const char* label, const PhaseStats& s, int seconds) {
  std::printf("%-22s %9zu %9.0f %9.2f %9.2f %9.2f %10zu %8zu/%zu\n", label, s.ms.size(),
              static_cast<double>(s.ms.size()) / seconds, Percentile(s.ms, 0.50),
              Percentile(s.ms, 0.99), Percentile(s.ms, 1.0), s.retried, s.health_ok,
              s.health_asked);
}

int Main(int argc, char** argv) {
  Config c;
  if (!Parse(argc, argv, c)) {
    std::fprintf(stderr,
                 "load_bench: opciones inválidas (ver el comentario de bench/load_bench.cc)\n");
    return 2;
  }
  std::vector<std::string> stream_tokens;
  auto ledger = StartServedLedger(
      c.binary, c.dir, "bitacora-load",
      [&](const std::string& data) {
        return CreateTokensOfRole(c.binary, data, schema::Role::SUPERVISOR, "sup-load-",
                                  c.stream_tokens, stream_tokens);
      },
      c.serve_args);
  if (!ledger) {
    std::fprintf(stderr, "load_bench: %s\n", ledger.error().ToString().c_str());
    return 1;
  }
  std::string args;
  for (const std::string& a : c.serve_args) args += " " + a;
  std::printf(
      "load_bench: bitacora serve%s; %zu clientes a %.0f comandos/s cada uno, %d s por fase; %zu "
      "conexiones "
      "ociosas (%s) desde %zu direcciones, %zu streams con %zu tokens de supervisor\n",
      args.c_str(), c.clients, c.rate, c.seconds, c.idle,
      c.trickle ? "una línea cada 3 s" : "mudas", c.idle_addresses, c.streams, c.stream_tokens);
  std::fflush(stdout);
  Shared shared;
  std::vector<std::thread> threads;
  for (size_t i = 0; i < c.clients; ++i) {
    threads.emplace_back(Writer, i, ledger->port, std::cref(ledger->tokens), c.rate,
                         std::ref(shared));
  }
  threads.emplace_back(HealthProbe, ledger->port, std::ref(shared));
  std::vector<std::string> idle_from, stream_from;
  for (size_t i = 0; i < c.idle; ++i)
    idle_from.push_back(LoopbackAddress(3, static_cast<int>(i % c.idle_addresses) + 1));
  for (size_t i = 0; i < c.streams; ++i)
    stream_from.push_back(LoopbackAddress(2, static_cast<int>(i) + 1));
  Crowd idle(c.trickle ? Crowd::Kind::kTrickle : Crowd::Kind::kSilent, ledger->port, idle_from);
  Crowd streams(Crowd::Kind::kStream, ledger->port, stream_from, stream_tokens);
  const auto phase = [&](Phase p, int seconds) {
    shared.phase = p;
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
  };
  phase(kWarmup, 5);
  phase(kAlone, c.seconds);
  idle.Start();
  streams.Start();
  phase(kSetup, 5);
  phase(kLoaded, c.seconds);
  const CrowdCounts idle_counts = idle.counts(), stream_counts = streams.counts();
  shared.phase = kDone;
  shared.stop = true;
  for (std::thread& t : threads) t.join();
  idle.Stop();
  streams.Stop();
  const bool clean = ledger->serve->Stop();
  std::lock_guard lock(shared.mu);
  std::printf("\n%-22s %9s %9s %9s %9s %9s %10s %10s\n", "fase", "comandos", "por s", "p50 ms",
              "p99 ms", "máx ms", "reintentos", "healthz");
  PrintPhase("sin carga", shared.stats[kAlone], c.seconds);
  PrintPhase("ociosas + streams", shared.stats[kLoaded], c.seconds);
  const double p99_alone = Percentile(shared.stats[kAlone].ms, 0.99);
  const double p99_loaded = Percentile(shared.stats[kLoaded].ms, 0.99);
  const double ratio = p99_alone > 0 ? p99_loaded / p99_alone : 0;
  std::printf("p99 con carga / sin carga: %.2f (objetivo ≤ 2)\n", ratio);
  for (const auto& [status, n] : shared.stats[kLoaded].retry_status) {
    std::printf("  reenvíos con carga tras %d: %zu\n", status, n);
  }
  PrintCounts("conexiones ociosas", idle_counts);
  PrintCounts("streams", stream_counts);
  std::printf("rechazos: %zu; parada limpia: %s\n", shared.refusals.size(), clean ? "sí" : "no");
  for (size_t i = 0; i < shared.refusals.size() && i < 5; ++i)
    std::printf("  RECHAZO: %s\n", shared.refusals[i].c_str());
  const PhaseStats& a = shared.stats[kAlone];
  const PhaseStats& l = shared.stats[kLoaded];
  std::printf(
      "{\"bench\":\"load\",\"clients\":%zu,\"rate\":%.1f,\"seconds\":%d,\"alone_p50_ms\":%.3f,"
      "\"alone_p99_ms\":%.3f,\"loaded_p50_ms\":%.3f,\"loaded_p99_ms\":%.3f,\"ratio_p99\":%.3f,"
      "\"idle_open\":%zu,\"streams_open\":%zu,\"healthz_loaded\":\"%zu/%zu\",\"refusals\":%zu}\n",
      c.clients, c.rate, c.seconds, Percentile(a.ms, 0.5), p99_alone, Percentile(l.ms, 0.5),
      p99_loaded, ratio, idle_counts.open_now, stream_counts.streaming_now, l.health_ok,
      l.health_asked, shared.refusals.size());
  if (ledger->temporary) std::filesystem::remove_all(ledger->dir);
  return shared.refusals.empty() && clean ? 0 : 1;
}

}  // namespace
}  // namespace bitacora::bench

int main(int argc, char** argv) { return bitacora::bench::Main(argc, argv); }
