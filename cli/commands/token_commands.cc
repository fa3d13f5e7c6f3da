// `bitacora token create|revoke|list`: API tokens, on the embedded store or through --server.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands/shim.h"
#include "app/command_codec.h"
#include "app/json.h"
#include "app/tokens.h"
#include "projections/projection_service.h"

namespace bitacora {
namespace {

struct TokenFlags {
  std::string actor;
  std::string role;
  std::string label;
  std::string token;
  std::string reason;
};

// Who issues and revokes tokens on the embedded store: --actor/--role when given (the roles
// table lets only a supervisor), else "bitacora-cli" as supervisor: whoever holds the data
// folder with the server stopped administers the ledger and makes the first supervisor's token.
Result<ActorRef> EmbeddedIssuer(const ShimOptions& options) {
  if (options.actor.empty() && options.role.empty()) {
    return ActorRef{"bitacora-cli", schema::Role::SUPERVISOR};
  }
  return EmbeddedActor(options);
}

int TokenCreate(CliContext& ctx, const ShimOptions& options, const TokenFlags& f) {
  auto role = app::ParseRole(f.role);
  if (!role) return ReportError(role.error());
  std::string token;
  if (!options.server.empty()) {
    auto client = ServerClient(options);
    if (!client) return ReportError(client.error());
    auto answer = (*client)->Post("/v1/tokens", app::TokenRequestJson(f.actor, f.role, f.label), {});
    if (!answer) return ReportError(answer.error());
    if (answer->status != 201) return ReportError(shim::ErrorOf(*answer));
    auto issued = app::TokenIssuedFromJson(answer->body);
    if (!issued) return ReportError(issued.error());
    token = *issued;
  } else {
    auto by = EmbeddedIssuer(options);
    if (!by) return ReportError(by.error());
    auto store = OpenEmbedded(ctx);
    if (!store) return ReportError(store.error());
    CommandHandler handler(**store, HandlerOptions{});
    auto issued = app::IssueToken(handler, *by, ActorRef{f.actor, *role}, f.label);
    if (!issued) return ReportError(issued.error());
    token = *issued;
  }
  if (ctx.json) {
    std::printf("%s\n", app::TokenIssuedJson(token, ActorRef{f.actor, *role}).c_str());
  } else {
    std::printf("%s\n", token.c_str());
    std::fprintf(stderr, "token for %s (%s): shown only now; only its SHA-256 is kept\n", f.actor.c_str(),
                 app::RoleName(*role).c_str());
  }
  return 0;
}

int TokenRevoke(CliContext& ctx, const ShimOptions& options, const TokenFlags& f) {
  if (!options.server.empty()) {
    auto client = ServerClient(options);
    if (!client) return ReportError(client.error());
    auto answer = (*client)->Delete("/v1/tokens/" + app::TokenHashHex(f.token) +
                                    "?reason=" + UrlEncode(f.reason));
    if (!answer) return ReportError(answer.error());
    if (answer->status != 200) return ReportError(shim::ErrorOf(*answer));
    std::printf("revoked\n");
    return 0;
  }
  auto by = EmbeddedIssuer(options);
  if (!by) return ReportError(by.error());
  auto store = OpenEmbedded(ctx);
  if (!store) return ReportError(store.error());
  CommandHandler handler(**store, HandlerOptions{});
  Status revoked = app::RevokeToken(handler, *by, f.token, f.reason);
  if (!revoked) return ReportError(revoked.error());
  std::printf("revoked\n");
  return 0;
}

int TokenList(CliContext& ctx, const ShimOptions& options) {
  std::vector<app::TokenInfo> tokens;
  if (!options.server.empty()) {
    auto client = ServerClient(options);
    if (!client) return ReportError(client.error());
    auto answer = (*client)->Get("/v1/tokens");
    if (!answer) return ReportError(answer.error());
    if (answer->status != 200) return ReportError(shim::ErrorOf(*answer));
    if (ctx.json) {
      std::printf("%s\n", answer->body.c_str());
      return 0;
    }
    auto parsed = app::TokenListFromJson(answer->body);
    if (!parsed) return ReportError(parsed.error());
    tokens = std::move(*parsed);
  } else {
    auto store = OpenEmbedded(ctx);
    if (!store) return ReportError(store.error());
    auto views = CaughtUpViews(ctx, **store);
    if (!views) return ReportError(views.error());
    auto listed = app::ListTokens(projections::ViewReader((*views)->Current()));
    if (!listed) return ReportError(listed.error());
    tokens = std::move(*listed);
  }
  if (ctx.json) {
    std::printf("%s\n", app::TokenListJson(tokens).c_str());
    return 0;
  }
  for (const app::TokenInfo& t : tokens) {
    std::printf("%s  %-20s %-11s %s%s\n", t.hash_hex.c_str(), t.grant.id.c_str(),
                app::RoleName(t.grant.role).c_str(), t.revoked ? "REVOCADO " : "", t.label.c_str());
  }
  return 0;
}

}  // namespace

void AddTokenCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  auto flags = std::make_shared<TokenFlags>();
  CLI::App* token = app.add_subcommand("token", "API tokens: create, revoke, list");
  token->require_subcommand(1);
  CLI::App* create = token->add_subcommand("create", "create a token (printed once; only its hash is kept)");
  create->add_option("--actor", flags->actor, "who acts with it (e.g. ape-rosa)")->required();
  create->add_option("--role", flags->role, "platform, technician, cashier, warehouse, odeco, cpd, supervisor, auditor")
      ->required();
  create->add_option("--label", flags->label, "what or whom it is for");
  create->callback([&ctx, &options, flags] {
    ctx.run = [&ctx, &options, flags] { return TokenCreate(ctx, options, *flags); };
  });
  CLI::App* revoke = token->add_subcommand("revoke", "revoke a token, given as its text or its hash");
  revoke->add_option("token", flags->token, "the token or its SHA-256 in hex")->required();
  revoke->add_option("--reason", flags->reason, "why");
  revoke->callback([&ctx, &options, flags] {
    ctx.run = [&ctx, &options, flags] { return TokenRevoke(ctx, options, *flags); };
  });
  CLI::App* list = token->add_subcommand("list", "every token issued: hash, actor, role, revoked");
  list->callback([&ctx, &options] { ctx.run = [&ctx, &options] { return TokenList(ctx, options); }; });
}

}  // namespace bitacora
