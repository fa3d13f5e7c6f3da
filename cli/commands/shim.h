// The options and verbs of the procedure shims (issue 5): procedure commands, queries, serve,
// tokens and the demo, each usable on the embedded store or against a running server.
#ifndef BITACORA_CLI_COMMANDS_SHIM_H_
#define BITACORA_CLI_COMMANDS_SHIM_H_

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <string_view>

#include "cli/cli_context.h"
#include "rest/client.h"
#include "core/result.h"
#include "core/append/append.h"
#include "core/handler/command_handler.h"
#include "projections/projection_service.h"

namespace bitacora {

struct ShimOptions {
  std::string server;  // --server URL (env BITACORA_SERVER): act through a running server
  std::string token;   // --token (env BITACORA_TOKEN): the bearer token for --server
  std::string actor;   // --actor (env BITACORA_ACTOR): who acts, on the embedded store
  std::string role;    // --role (env BITACORA_ROLE): their role, on the embedded store
};

// Registers --server, --token, --actor, --role on `app`, bound to `options`.
void AddShimOptions(CLI::App& app, ShimOptions& options);

// The embedded store; when a running server holds it (store_locked), the error says so and how
// to reach the server instead.
[[nodiscard]] Result<EventStore*> OpenEmbedded(CliContext& ctx);

// Where the views of the embedded store live: <data>/views.
std::string ViewsDir(const CliContext& ctx);

// The embedded store's views (ViewsDir), caught up with its log. `store` outlives the service.
[[nodiscard]] Result<std::unique_ptr<projections::ProjectionService>> CaughtUpViews(CliContext& ctx,
                                                                                  EventStore& store);

// The access log of reads in the data folder (app/read_log.h).
std::string ReadLogPath(const CliContext& ctx);

// The credential the CLI on a local store acts with: "local:" and the name of the account that
// runs it (its uid when it has none), so that two people typing one --actor are told apart.
std::string LocalCredential();

// The actor of --actor / --role (embedded mode). kInvalidArgument when either is missing.
[[nodiscard]] Result<ActorRef> EmbeddedActor(const ShimOptions& options);

// Runs `command` through the server (--server, POST /v1/commands/<name> with the command id as
// Idempotency-Key) or the embedded command handler as --actor/--role. The handler's or the
// server's answer unchanged.
[[nodiscard]] Result<CommandOutcome> RunOneCommand(CliContext& ctx, const ShimOptions& options,
                                                   schema::Command::Reader command);

// GET `path` on --server: the body of a 200, else the error the server answered.
[[nodiscard]] Result<std::string> RemoteGet(const ShimOptions& options, const std::string& path);

// A client for --server with --token.
[[nodiscard]] Result<std::unique_ptr<shim::RestClient>> ServerClient(const ShimOptions& options);

// `text` percent-encoded for a URL path segment or query value (RFC 3986 unreserved kept).
std::string UrlEncode(std::string_view text);

// One subcommand per procedure command, flags derived from the schema (command_flags.h).
void AddProcedureCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
// client, subscriber, case, order, meter, folder, history, report, follow, projections.
void AddQueryCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
// serve: the REST server.
void AddServeCommands(CLI::App& app, CliContext& ctx);
// token create / revoke / list.
void AddTokenCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
// user create / role / reset-password / disable / list.
void AddUserCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
// backup (embedded or --server) and restore.
void AddBackupCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
// reference (show, as of a date) and reference load FILE.json.
void AddReferenceCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
void AddReadsCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options);
// demo: fill a store with a realistic sample.
void AddDemoCommand(CLI::App& app, CliContext& ctx);

}  // namespace bitacora

#endif  // BITACORA_CLI_COMMANDS_SHIM_H_
