// What every CLI command shares: where the store and the keys are, how results become exit codes.
#ifndef BITACORA_CLI_CLI_CONTEXT_H_
#define BITACORA_CLI_CLI_CONTEXT_H_

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora {

class CliContext {
 public:
  std::string data_dir = "./bitacora-data";  // --data, env BITACORA_DATA
  std::string keys_dir = "./bitacora-keys";  // --keys, env BITACORA_KEYS
  bool json = false;                         // --json: machine-readable output
  // --min-free-space, env BITACORA_MIN_FREE_SPACE: appends are refused below this many free
  // bytes on the data folder's filesystem (StoreOptions::min_free_bytes; 0: no floor).
  uint64_t min_free_bytes = uint64_t{256} << 20;
  // The block cache and write buffers the store shares (set by `serve` before Store(); empty:
  // the store's own defaults, StoreOptions::rocks).
  RocksSharing rocks;
  // Stream versions the store's writer keeps (StoreOptions::version_cache_streams; `serve
  // --version-cache`).
  size_t version_cache_streams = StoreOptions{}.version_cache_streams;
  // The wall clock when main started (UTC ns): "today" for the commands that need one (the
  // demo's last weeks). main reads the system clock; nothing else does.
  int64_t started_ns = 0;

  // The embedded store, opened on first use. Not thread-safe; lives as long as the context.
  [[nodiscard]] Result<EventStore*> Store();

  // The action chosen by the parsed subcommand; returns the exit code.
  std::function<int()> run;

 private:
  std::unique_ptr<EventStore> store_;
};

// The exit code of `error`: its row's in the one error table (core/errors/error_codes.h), or the
// kind's for a code this build does not know (an error sent by another version of the server).
int ExitCode(const Error& error);

// A byte count as an operator writes it: "268435456", "256MiB", "1GiB", "500MB", "64k" (k, M, G,
// T with an optional "B" are powers of 1000; "KiB", "MiB", "GiB", "TiB" powers of 1024).
// kInvalidArgument "bad_size" otherwise.
[[nodiscard]] Result<uint64_t> ParseByteSize(const std::string& text);

// Prints "bitacora: code: message" to stderr and returns the exit code for `error`.
int ReportError(const Error& error);

// Registers the subcommands of one area on `app`; each sets ctx.run when chosen.
void AddStoreCommands(CLI::App& app, CliContext& ctx);
void AddAuditCommands(CLI::App& app, CliContext& ctx);

}  // namespace bitacora

#endif  // BITACORA_CLI_CLI_CONTEXT_H_
