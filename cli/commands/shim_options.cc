// The options every shim verb shares, and how the embedded store and the server are reached.
#include "cli/commands/shim.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdio>

#include "app/command_codec.h"
#include "app/read_log.h"

namespace bitacora {

std::string UrlEncode(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out;
}

void AddShimOptions(CLI::App& app, ShimOptions& options) {
  app.add_option("--server", options.server,
                 "act through a running `bitacora serve` at this URL, e.g. http://127.0.0.1:8080")
      ->envname("BITACORA_SERVER");
  app.add_option("--token", options.token, "bearer token for --server (bitacora token create)")
      ->envname("BITACORA_TOKEN");
  app.add_option("--actor", options.actor, "who acts, on the embedded store (e.g. ape-rosa)")
      ->envname("BITACORA_ACTOR");
  app.add_option("--role", options.role,
                 "their role on the embedded store: platform, technician, cashier, warehouse, "
                 "odeco, cpd, supervisor, auditor")
      ->envname("BITACORA_ROLE");
}

Result<EventStore*> OpenEmbedded(CliContext& ctx) {
  auto store = ctx.Store();
  if (!store && store.error().Is(Code::kStoreLocked)) {
    return Fail(Code::kStoreLocked, "the store in " + ctx.data_dir +
                    " is held by a running server (bitacora serve); act through it with "
                    "--server http://127.0.0.1:8080 --token <token> (or BITACORA_SERVER and "
                    "BITACORA_TOKEN), or stop the server first");
  }
  return store;
}

std::string ViewsDir(const CliContext& ctx) { return ctx.data_dir + "/views"; }

Result<std::unique_ptr<projections::ProjectionService>> CaughtUpViews(CliContext& ctx, EventStore& store) {
  projections::ServiceOptions options;
  options.dir = ViewsDir(ctx);
  auto views = projections::ProjectionService::Open(store, std::move(options));
  if (!views) return Fail(views.error());
  if (Status s = (*views)->CatchUp(); !s) return Fail(s.error());
  return views;
}

std::string ReadLogPath(const CliContext& ctx) { return ctx.data_dir + "/" + app::kReadLogFile; }

Result<ActorRef> EmbeddedActor(const ShimOptions& options) {
  if (options.actor.empty() || options.role.empty()) {
    return Fail(Code::kActorRequired, "on the embedded store, say who acts with --actor ID --role ROLE "
                "(or use --server with a token)");
  }
  auto role = app::ParseRole(options.role);
  if (!role) return Fail(role.error());
  return ActorRef{options.actor, *role, LocalCredential()};
}

std::string LocalCredential() {
  // The account that runs the CLI on the data folder: who typed --actor, as far as the machine
  // knows. Not a secret; a name with control characters is not recorded.
  std::string name = std::to_string(geteuid());
  if (const passwd* pw = getpwuid(geteuid()); pw != nullptr && pw->pw_name != nullptr) name = pw->pw_name;
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return "local:" + std::to_string(geteuid());
  }
  return "local:" + name.substr(0, 64);
}

Result<std::unique_ptr<shim::RestClient>> ServerClient(const ShimOptions& options) {
  if (options.token.empty()) {
    return Fail(Code::kTokenRequired, "--server needs --token (or BITACORA_TOKEN); create one with "
                "`bitacora token create --actor ID --role ROLE` while the server is stopped");
  }
  return shim::RestClient::Create(options.server, options.token);
}

}  // namespace bitacora
