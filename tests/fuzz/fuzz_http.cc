// Fuzzes the REST path from raw request bytes to the command handler: the input is written as
// one HTTP request (or several) on a fresh loopback connection to an in-process `bitacora serve`
// (rest/server.h) over a scratch store, and the answer is read to the end. The server must
// answer without a 500 (an exception or an internal error on hostile input) and
// without crashing. Before sending, "@LEN@" becomes the length of the bytes after the first
// blank line, and "@PLATFORM@", "@SUPERVISOR@", ... (any role, upper case) a valid token of that
// role, so that seeds (corpus/http) reach the command handler.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/command_codec.h"
#include "rest/metrics.h"
#include "rest/server.h"
#include "app/tokens.h"
#include "core/handler/command_handler.h"
#include "core/store/event_store.h"
#include "projections/projection_service.h"

namespace {

using namespace bitacora;

// The server and what it serves, started once per process and never destroyed (libFuzzer ends
// the process with exit(); only the scratch folder is removed then).
struct Ledger {
  std::string dir;
  std::unique_ptr<EventStore> store;
  std::unique_ptr<projections::ProjectionService> views;
  std::unique_ptr<CommandHandler> handler;
  shim::Metrics metrics;
  std::unique_ptr<shim::RestServer> server;
  std::vector<std::pair<std::string, std::string>> tokens;  // "@PLATFORM@" -> token
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz_http: %s\n", what.c_str());
  std::abort();
}

Ledger& TheLedger() {
  static Ledger* ledger = [] {
    auto* l = new Ledger();
    std::string pattern = (std::filesystem::temp_directory_path() / "bitacora-fuzz-http-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) Die("mkdtemp failed");
    l->dir = pattern;
    std::atexit([] { std::filesystem::remove_all(TheLedger().dir); });
    auto store = EventStore::Open(StoreOptions{.path = l->dir + "/store", .sync = false});
    if (!store) Die(store.error().ToString());
    l->store = std::move(*store);
    projections::ServiceOptions view_options;
    view_options.dir = l->dir + "/views";
    auto views = projections::ProjectionService::Open(*l->store, std::move(view_options));
    if (!views) Die(views.error().ToString());
    l->views = std::move(*views);
    l->views->Start();
    l->handler = std::make_unique<CommandHandler>(*l->store, HandlerOptions{});
    for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
      const auto role = static_cast<schema::Role>(e.getOrdinal());
      if (role == schema::Role::SYSTEM) continue;  // no credential is issued for the ledger's own role
      std::string name = app::RoleName(role);
      auto token = app::IssueToken(*l->handler, ActorRef{"fuzz", schema::Role::SUPERVISOR},
                                    ActorRef{"fuzz-" + name, role}, "fuzz_http");
      if (!token) Die(token.error().ToString());
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      l->tokens.emplace_back("@" + name + "@", *token);
    }
    shim::ServerDeps deps;
    deps.store = l->store.get();
    deps.handle = [l](const ActorRef& actor, schema::Command::Reader command) {
      return l->handler->Handle(actor, command);
    };
    deps.views = l->views.get();
    deps.metrics = &l->metrics;
    shim::ServerOptions options;
    options.port = 0;
    options.threads = 4;
    auto server = shim::RestServer::Start(deps, options);
    if (!server) Die(server.error().ToString());
    l->server = std::move(*server);
    return l;
  }();
  return *ledger;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// Sends `request` on a new connection, closes the sending side and returns all that came back
// (of an event stream, its first bytes).
std::string Exchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) Die("socket failed");
  timeval timeout{.tv_sec = 10, .tv_usec = 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  linger no_time_wait{.l_onoff = 1, .l_linger = 0};  // thousands of connections a second
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &no_time_wait, sizeof no_time_wait);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // Under load the listen queue can be full for a moment: retry before calling it a failure.
  int attempts = 0;
  while (connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    if (++attempts == 50) Die(std::string("connect failed: ") + std::strerror(errno));
    usleep(100'000);
  }
  for (size_t sent = 0; sent < request.size();) {
    const ssize_t n = send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may stop reading early (413, a bad request line)
    sent += static_cast<size_t>(n);
  }
  shutdown(fd, SHUT_WR);
  std::string answer;
  char buffer[16384];
  for (ssize_t n; (n = recv(fd, buffer, sizeof buffer, 0)) > 0;) {
    answer.append(buffer, static_cast<size_t>(n));
    // GET /v1/log/stream never ends by itself: its start is enough.
    if (answer.find("Content-Type: text/event-stream") != std::string::npos) break;
  }
  close(fd);
  return answer;
}

}  // namespace

// libFuzzer checks for leaks after each input while the server's threads are still running:
// glibc's record of a thread_local destructor (32 bytes from __cxa_thread_atexit_impl, freed
// when that thread ends) is then reported as lost. It is not a leak of ours.
extern "C" const char* __lsan_default_suppressions() { return "leak:__cxa_thread_atexit_impl\n"; }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Ledger& ledger = TheLedger();
  std::string request(reinterpret_cast<const char*>(data), size);
  for (const auto& [placeholder, token] : ledger.tokens) ReplaceAll(request, placeholder, token);
  if (const size_t blank = request.find("\r\n\r\n"); blank != std::string::npos) {
    ReplaceAll(request, "@LEN@", std::to_string(request.size() - blank - 4));
  }
  const std::string answer = Exchange(ledger.server->port(), request);
  // The first answer's status (later ones, for pipelined requests, are not told from bodies).
  if (answer.starts_with("HTTP/1.1 5") && !answer.starts_with("HTTP/1.1 503")) {
    Die("answered 5xx:\n" + answer + "\nto:\n" + request);
  }
  return 0;
}
