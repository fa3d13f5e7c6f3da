// Crash consistency of `bitacora serve` (issue 7): many desk clients drive every procedure over
// HTTP while the server is killed with SIGKILL at random moments and restarted on the same data.
// After each kill the ledger is opened embedded and checked (bench/crash_checks.h): every command
// acknowledged with a 2xx is in the log with its positions, nothing is half there, verify passes,
// the views resumed after the crash equal a rebuild. The commands in flight at the kill are sent
// again with the same Idempotency-Key once the server is back: one found in the log must answer
// its first result (duplicate), one not found must be executed. After the last round the clients
// stop, the server is stopped with SIGTERM and everything is checked once more.
//
//   crash_harness [--rounds N] [--clients C] [--min-ms A] [--max-ms B] [--seed S]
//                 [--dir DIR] [--bitacora PATH] [--keep]
//
// Exit status 0 when every check of every round passed. docs/reliability.md has the figures.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/crash_checks.h"
#include "bench/desk_generator.h"
#include "bench/http_sender.h"
#include "bench/serve_process.h"
#include "app/command_codec.h"

namespace bitacora::bench {
namespace {

struct Config {
  int rounds = 50;
  size_t clients = 16;
  int min_ms = 100;  // time the server runs before the kill, drawn uniformly in [min, max]
  int max_ms = 2500;
  uint64_t seed = 7;
  std::string dir;  // default: a fresh folder under /tmp, removed when every check passed
  std::string binary = BITACORA_BINARY;
  bool keep = false;
};

int Usage() {
  std::fprintf(stderr,
               "uso: crash_harness [--rounds N] [--clients C] [--min-ms A] [--max-ms B] [--seed S] [--dir DIR]\n"
               "                   [--bitacora PATH] [--keep]\n");
  return 2;
}

bool Parse(int argc, char** argv, Config& c) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--keep") {
      c.keep = true;
      continue;
    }
    if (i + 1 >= argc) return false;
    const std::string v = argv[++i];
    if (a == "--rounds") c.rounds = std::atoi(v.c_str());
    else if (a == "--clients") c.clients = std::strtoul(v.c_str(), nullptr, 10);
    else if (a == "--min-ms") c.min_ms = std::atoi(v.c_str());
    else if (a == "--max-ms") c.max_ms = std::atoi(v.c_str());
    else if (a == "--seed") c.seed = std::strtoull(v.c_str(), nullptr, 10);
    else if (a == "--dir") c.dir = v;
    else if (a == "--bitacora") c.binary = v;
    else return false;
  }
  return c.rounds > 0 && c.clients > 0 && c.min_ms >= 0 && c.max_ms >= c.min_ms;
}

void PrintFailures(const std::vector<std::string>& failures) {
  for (size_t i = 0; i < failures.size() && i < 20; ++i) std::printf("  FALLA: %s\n", failures[i].c_str());
  if (failures.size() > 20) std::printf("  ... y %zu más\n", failures.size() - 20);
}

// One desk client: its own generator (its own clients, CIs and meters) until the book stops.
void Client(size_t index, int port, const std::map<schema::Role, std::string>& tokens, ClientBook& book,
            uint64_t seed) {
  HttpSender sender(port, tokens, book, index);
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  GeneratorOptions options;
  options.ci_base = 4'000'000 + index * 100'000;
  options.command_prefix = "c" + std::to_string(index) + "-";
  options.meter_prefix = "MED-C" + std::to_string(index) + "-";
  options.live = true;
  options.pace = 0.05;
  DeskGenerator generator(
      [&sender](const ActorRef& actor, schema::Command::Reader command) { return sender.Send(actor, command); }, now,
      seed, options);
  try {
    generator.RunUntil([&book] { return book.stop.load(); }, 2);
  } catch (const Stopped&) {
  }
}

int Main(int argc, char** argv) {
  Config c;
  if (!Parse(argc, argv, c)) return Usage();
  const auto start = std::chrono::steady_clock::now();
  auto ledger = StartServedLedger(c.binary, c.dir, "bitacora-crash");
  if (!ledger) {
    std::fprintf(stderr, "crash_harness: %s\n", ledger.error().ToString().c_str());
    return 1;
  }
  c.dir = ledger->dir;
  const bool temporary = ledger->temporary;
  const std::string& data = ledger->data;
  const auto& tokens = ledger->tokens;
  const int port = ledger->port;
  ServeProcess& serve = *ledger->serve;
  std::printf("crash_harness: %d rondas, %zu clientes, kill tras %d..%d ms, datos en %s\n", c.rounds, c.clients,
              c.min_ms, c.max_ms, c.dir.c_str());
  ClientBook book(c.clients);
  std::vector<std::thread> clients;
  for (size_t i = 0; i < c.clients; ++i) {
    clients.emplace_back(Client, i, port, std::cref(tokens), std::ref(book), c.seed * 1000 + i);
  }
  std::mt19937_64 rng(c.seed);
  std::vector<std::string> failures;
  uint64_t in_flight_total = 0, in_flight_committed = 0;
  for (int round = 1; round <= c.rounds && failures.empty(); ++round) {
    const int delay = std::uniform_int_distribution<int>(c.min_ms, c.max_ms)(rng);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    serve.Kill();
    LedgerCheck check = CheckLedger(data, c.dir + "/rebuild", book);
    in_flight_total += check.in_flight;
    in_flight_committed += check.in_flight_committed;
    std::printf("ronda %d/%d: kill a los %d ms; log %llu eventos, %llu comandos; %llu confirmados en su lugar; "
                "en vuelo %llu (%llu en el log); vistas %llu claves; %s\n",
                round, c.rounds, delay, static_cast<unsigned long long>(check.head),
                static_cast<unsigned long long>(check.commands), static_cast<unsigned long long>(check.acked_checked),
                static_cast<unsigned long long>(check.in_flight),
                static_cast<unsigned long long>(check.in_flight_committed),
                static_cast<unsigned long long>(check.view_keys),
                check.failures.empty() ? "todo bien" : "PROBLEMAS");
    std::fflush(stdout);
    failures.insert(failures.end(), check.failures.begin(), check.failures.end());
    if (Status s = serve.Start(); !s) failures.push_back("restart: " + s.error().ToString());
  }
  // The last round: the clients finish what they were sending against the restarted server.
  book.stop = true;
  for (std::thread& t : clients) t.join();
  const bool clean = serve.Stop();
  if (!clean) failures.push_back("bitacora serve did not stop cleanly on SIGTERM");
  LedgerCheck last = CheckLedger(data, c.dir + "/rebuild", book);
  failures.insert(failures.end(), last.failures.begin(), last.failures.end());
  for (const std::string& f : book.failures()) failures.push_back(f);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\nresumen: %d kills; %llu comandos confirmados (2xx), %llu comprobados en el log final de %llu eventos "
              "y %llu comandos; en vuelo al kill: %llu (%llu ya en el log: su reintento respondió el primer "
              "resultado %llu veces; %llu ejecutados al reintentar); rechazos %llu, errores 5xx %llu, fallos de "
              "conexión %llu; %.1f s\n",
              c.rounds, static_cast<unsigned long long>(book.acks.load()),
              static_cast<unsigned long long>(last.acked_checked), static_cast<unsigned long long>(last.head),
              static_cast<unsigned long long>(last.commands), static_cast<unsigned long long>(in_flight_total),
              static_cast<unsigned long long>(in_flight_committed),
              static_cast<unsigned long long>(book.retries_found_committed.load()),
              static_cast<unsigned long long>(book.retries_executed.load()),
              static_cast<unsigned long long>(book.refusals.load()),
              static_cast<unsigned long long>(book.server_errors.load()),
              static_cast<unsigned long long>(book.transport_failures.load()), seconds);
  const auto kinds = book.kinds();
  std::printf("comandos confirmados por tipo (%zu de %zu tipos):", kinds.size(), app::CommandKinds().size());
  for (const auto& [name, n] : kinds) std::printf(" %s %llu", name.c_str(), static_cast<unsigned long long>(n));
  std::printf("\n");
  std::printf("{\"bench\":\"crash\",\"rounds\":%d,\"clients\":%zu,\"acked\":%llu,\"events\":%llu,\"in_flight\":%llu,"
              "\"in_flight_committed\":%llu,\"failures\":%zu,\"seconds\":%.1f}\n",
              c.rounds, c.clients, static_cast<unsigned long long>(book.acks.load()),
              static_cast<unsigned long long>(last.head), static_cast<unsigned long long>(in_flight_total),
              static_cast<unsigned long long>(in_flight_committed), failures.size(), seconds);
  if (!failures.empty()) {
    std::printf("FALLÓ: %zu problemas; datos conservados en %s\n", failures.size(), c.dir.c_str());
    PrintFailures(failures);
    return 1;
  }
  std::printf("OK: ningún problema\n");
  if (temporary && !c.keep) std::filesystem::remove_all(c.dir);
  return 0;
}

}  // namespace
}  // namespace bitacora::bench

int main(int argc, char** argv) { return bitacora::bench::Main(argc, argv); }
