#include "bench/serve_process.h"
#include "bench/harness_error.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/command_codec.h"

namespace bitacora::bench {

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

Result<std::map<schema::Role, std::string>> CreateTokens(const std::string& binary, const std::string& data_dir) {
  std::map<schema::Role, std::string> tokens;
  for (auto role : {schema::Role::PLATFORM, schema::Role::TECHNICIAN, schema::Role::CASHIER, schema::Role::WAREHOUSE,
                    schema::Role::ODECO, schema::Role::CPD, schema::Role::SUPERVISOR, schema::Role::AUDITOR}) {
    const std::string name = app::RoleName(role);
    const std::string command =
        binary + " --data '" + data_dir + "' token create --actor crash-" + name + " --role " + name + " 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return Fail(ErrorKind::kInternal, "popen_failed", command);
    std::string out;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    pclose(pipe);
    // The token is the line starting with btk_ (the note on stderr comes with it).
    const size_t at = out.find("btk_");
    if (at == std::string::npos) return Fail(ErrorKind::kInternal, "no_token", command + ": " + out);
    size_t end = at;
    while (end < out.size() && out[end] != '\n' && out[end] != '\r') ++end;
    tokens[role] = out.substr(at, end - at);
  }
  return tokens;
}

Status CreateTokensOfRole(const std::string& binary, const std::string& data_dir, schema::Role role,
                          const std::string& prefix, size_t count, std::vector<std::string>& out) {
  for (size_t i = 0; i < count; ++i) {
    const std::string command = binary + " --data '" + data_dir + "' token create --actor " + prefix +
                                std::to_string(i) + " --role " + app::RoleName(role) + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return Fail(ErrorKind::kInternal, "popen_failed", command);
    char buf[512] = "";
    const size_t got = fread(buf, 1, sizeof buf - 1, pipe);
    pclose(pipe);
    std::string token(buf, got);
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
    if (!token.starts_with("btk_")) return Fail(ErrorKind::kInternal, "no_token", command);
    out.push_back(std::move(token));
  }
  return Ok();
}

Result<ServedLedger> StartServedLedger(const std::string& binary, std::string dir, const std::string& name,
                                       const std::function<Status(const std::string&)>& prepare,
                                       const std::vector<std::string>& extra) {
  ServedLedger ledger;
  ledger.temporary = dir.empty();
  if (ledger.temporary) {
    dir = (std::filesystem::temp_directory_path() / (name + "-" + std::to_string(getpid()))).string();
  }
  ledger.dir = dir;
  ledger.data = dir + "/data";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(ledger.data);
  // Private, as `bitacora serve` requires of a data folder (docs/operations.md, "Permisos").
  std::filesystem::permissions(ledger.data, std::filesystem::perms::owner_all);
  if (prepare) {
    if (Status s = prepare(ledger.data); !s) return Fail(s.error());
  }
  auto tokens = CreateTokens(binary, ledger.data);
  if (!tokens) return Fail(tokens.error());
  ledger.tokens = std::move(*tokens);
  ledger.port = FreeLoopbackPort();
  std::vector<std::string> args{"--reconnection-window-minutes", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  ledger.serve = std::make_unique<ServeProcess>(binary, ledger.data, dir + "/serve.log", ledger.port,
                                                std::move(args));
  if (Status s = ledger.serve->Start(); !s) return Fail(s.error());
  return ledger;
}

ServeProcess::ServeProcess(std::string binary, std::string data_dir, std::string log_path, int port,
                           std::vector<std::string> extra)
    : binary_(std::move(binary)),
      data_dir_(std::move(data_dir)),
      log_path_(std::move(log_path)),
      port_(port),
      extra_(std::move(extra)) {}

ServeProcess::~ServeProcess() { Kill(); }

Status ServeProcess::Start(int timeout_ms) {
  std::vector<std::string> args = {binary_, "--data", data_dir_, "--keys", data_dir_ + "/../keys", "serve",
                                   "--listen", "127.0.0.1:" + std::to_string(port_), "--quiet"};
  args.insert(args.end(), extra_.begin(), extra_.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_ = fork();
  if (pid_ < 0) return Fail(ErrorKind::kInternal, "fork_failed", "fork failed");
  if (pid_ == 0) {
    const int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      dup2(fd, 1);
      dup2(fd, 2);
      close(fd);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  httplib::Client client("127.0.0.1", port_);
  client.set_connection_timeout(1);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return Fail(ErrorKind::kUnavailable, "serve_exited",
                  "bitacora serve exited (status " + std::to_string(status) + "); see " + log_path_);
    }
    if (auto res = client.Get("/healthz"); res && res->status == 200) return Ok();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Kill();
  return Fail(ErrorKind::kUnavailable, "serve_timeout", "bitacora serve did not answer /healthz; see " + log_path_);
}

void ServeProcess::Kill() {
  if (pid_ <= 0) return;
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

bool ServeProcess::Stop() {
  if (pid_ <= 0) return false;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

long RssKib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmRSS:")) return std::atol(line.c_str() + 6);
  }
  return 0;
}

}  // namespace bitacora::bench
