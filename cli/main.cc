// bitacora: the command-line shim. main wires everything; no globals.
// GCC 12 reports -Wnull-dereference falsely inside CLI11's string splitting, inlined here.
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>

#include "cli/cli_context.h"
#include "cli/commands/shim.h"
#include "core/store/private_files.h"

int main(int argc, char** argv) {
  // Whatever the umask: every folder and file Bitácora creates is the operator's alone (0700/0600).
  bitacora::KeepNewFilesPrivate();
  spdlog::set_level(spdlog::level::warn);
  bitacora::CliContext ctx;
  ctx.started_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  if (const char* env = std::getenv("BITACORA_DATA")) ctx.data_dir = env;
  if (const char* env = std::getenv("BITACORA_KEYS")) ctx.keys_dir = env;
  CLI::App app{"Bitácora: the audit ledger of the Plataforma de Energía Eléctrica"};
  app.require_subcommand(1);
  app.add_option("--data", ctx.data_dir, "folder of the embedded store (env BITACORA_DATA)");
  app.add_option("--keys", ctx.keys_dir, "folder of the signing keys (env BITACORA_KEYS)");
  app.add_flag("--json", ctx.json, "machine-readable output");
  app.add_option_function<std::string>(
         "--min-free-space",
         [&ctx](const std::string& text) {
           auto bytes = bitacora::ParseByteSize(text);
           if (!bytes) throw CLI::ValidationError("--min-free-space", bytes.error().message);
           ctx.min_free_bytes = *bytes;
         },
         "refuse appends when the data folder's disk has less free space than this "
         "(bytes, or 512MiB, 1GiB, 500MB; 0: no floor; default 256MiB)")
      ->envname("BITACORA_MIN_FREE_SPACE");
  bitacora::AddStoreCommands(app, ctx);
  bitacora::AddAuditCommands(app, ctx);
  bitacora::ShimOptions shim;
  bitacora::AddShimOptions(app, shim);
  bitacora::AddProcedureCommands(app, ctx, shim);
  bitacora::AddServeCommands(app, ctx);
  bitacora::AddTokenCommands(app, ctx, shim);
  bitacora::AddUserCommands(app, ctx, shim);
  bitacora::AddQueryCommands(app, ctx, shim);
  bitacora::AddBackupCommands(app, ctx, shim);
  bitacora::AddReferenceCommands(app, ctx, shim);
  bitacora::AddReadsCommands(app, ctx, shim);
  bitacora::AddDemoCommand(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  return ctx.run ? ctx.run() : 2;
}
