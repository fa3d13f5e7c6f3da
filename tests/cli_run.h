// Running the bitacora binary (or any command line) from a test, as a person at a terminal would,
// capturing what it prints. One helper for every test that drives the CLI as a process.
#ifndef BITACORA_TESTS_CLI_RUN_H_
#define BITACORA_TESTS_CLI_RUN_H_

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace bitacora::testing {

struct CliRun {
  int code = -1;    // the exit status; -1 when the process did not exit normally
  std::string out;  // what it printed on stdout (and stderr, when merged)
};

// Runs `command_line` with /bin/sh, capturing its stdout.
inline CliRun RunShell(const std::string& command_line) {
  CliRun run;
  FILE* p = popen(command_line.c_str(), "r");
  if (p == nullptr) return run;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) run.out.append(buf.data(), n);
  const int status = pclose(p);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

enum class Stderr { kDiscard, kMerge };

// Runs the bitacora binary (BITACORA_BINARY, set by tests/CMakeLists.txt) with `args`; stderr
// discarded, or merged into `out`. `prefix` goes before the binary (e.g. "umask 022; ").
inline CliRun RunBitacora(const std::string& args, Stderr err = Stderr::kDiscard, const std::string& prefix = "") {
  return RunShell(prefix + BITACORA_BINARY + " " + args + (err == Stderr::kMerge ? " 2>&1" : " 2>/dev/null"));
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_CLI_RUN_H_
