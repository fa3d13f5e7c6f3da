// `bitacora serve` as a child process for the crash harness and the soak: tokens made with the
// CLI before it starts, a fixed loopback port kept across restarts, SIGKILL or SIGTERM.
#ifndef BITACORA_BENCH_SERVE_PROCESS_H_
#define BITACORA_BENCH_SERVE_PROCESS_H_

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "events/envelope.capnp.h"

namespace bitacora::bench {

// A free TCP port on 127.0.0.1 (bound to port 0, then released). 0 if none.
int FreeLoopbackPort();

// `bitacora --data DATA token create` for every role but system (actor "crash-<role>"). The store
// must not be held by a server. kInternal when the CLI does not print a token.
[[nodiscard]] Result<std::map<schema::Role, std::string>> CreateTokens(const std::string& binary,
                                                                       const std::string& data_dir);

// `count` more tokens of `role` (actors prefix0, prefix1, ...) with the CLI, appended to `out`.
// The store must not be held by a server. kInternal when the CLI does not print a token.
[[nodiscard]] Status CreateTokensOfRole(const std::string& binary, const std::string& data_dir, schema::Role role,
                                        const std::string& prefix, size_t count, std::vector<std::string>& out);

class ServeProcess {
 public:
  // Nothing runs until Start(). `extra`: more arguments after `serve` (e.g. --threads).
  ServeProcess(std::string binary, std::string data_dir, std::string log_path, int port,
               std::vector<std::string> extra = {});
  ~ServeProcess();  // SIGKILL if still running
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  // Starts it and waits until GET /healthz answers 200 (kUnavailable after `timeout_ms`, or when
  // the process exits first, its status in the message).
  [[nodiscard]] Status Start(int timeout_ms = 30000);
  // SIGKILL, then reaps it. No-op when not running.
  void Kill();
  // SIGTERM, then reaps it; true when it exited with status 0.
  bool Stop();
  pid_t pid() const { return pid_; }

 private:
  std::string binary_, data_dir_, log_path_;
  int port_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
};

// A scratch ledger served on loopback: what the crash harness and the soak both start from.
struct ServedLedger {
  std::string dir;                              // the scratch folder
  std::string data;                             // dir + "/data", the store
  bool temporary = false;                       // dir was made up here (remove it when done)
  std::map<schema::Role, std::string> tokens;   // one per role but system
  int port = 0;
  std::unique_ptr<ServeProcess> serve;          // started, with --reconnection-window-minutes 0
};

// Empties `dir` (a fresh "<name>-<pid>" under the temp folder when empty), runs `prepare` (if
// set) on the empty store folder, creates the store's tokens with the CLI `binary`, and starts
// `bitacora serve` on a free loopback port (log in dir/serve.log) with `extra` arguments after
// `serve`. 8.2's ten-minute reconnection window is off, so that reconnecting clients need not
// wait. Errors from `prepare`, CreateTokens and ServeProcess::Start.
[[nodiscard]] Result<ServedLedger> StartServedLedger(const std::string& binary, std::string dir,
                                                     const std::string& name,
                                                     const std::function<Status(const std::string&)>& prepare = {},
                                                     const std::vector<std::string>& extra = {});

// Resident set size of `pid` in KiB (VmRSS in /proc/PID/status); 0 when unreadable.
long RssKib(pid_t pid);

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_SERVE_PROCESS_H_
