// `bitacora reads [--client CI] [--actor ID] [--limit N]`: the access log of reads of personal
// data (app/read_log.h), for the auditor: from a server (GET /v1/reads, auditor's token) or from
// the data folder's file on the machine that keeps it.
#include <cstdio>

#include "app/command_codec.h"
#include "app/read_log.h"
#include "cli/commands/shim.h"
#include "core/domain/ci.h"
#include "core/json/control_escapes.h"

namespace bitacora {
namespace {

struct ReadsFlags {
  std::string client, actor;
  size_t limit = 100;
};

void PrintReads(schema::ReadsAnswer::Reader answer) {
  if (answer.getReads().size() == 0) {
    std::printf("Ninguna lectura de datos personales registrada con ese filtro.\n");
    return;
  }
  for (auto r : answer.getReads()) {
    std::printf("%s  %s (%s) [%s]  %s  %s\n", r.getAt().cStr(),
                EscapeControls(r.getActor().cStr()).c_str(), app::RoleName(r.getRole()).c_str(),
                EscapeControls(r.getCredential().cStr()).c_str(), r.getRoute().cStr(),
                EscapeControls(r.getSubject().cStr()).c_str());
  }
}

int ShowReads(CliContext& ctx, const ShimOptions& options, const ReadsFlags& f) {
  app::ReadFilter filter{f.client, f.actor, f.limit};
  Result<app::OwnedAnswer> answer = Fail(Code::kInternal, "");
  if (!options.server.empty()) {
    std::string query = "?limit=" + std::to_string(f.limit);
    if (!f.client.empty()) query += "&client=" + UrlEncode(f.client);
    if (!f.actor.empty()) query += "&actor=" + UrlEncode(f.actor);
    auto body = RemoteGet(options, "/v1/reads" + query);
    if (!body) return ReportError(body.error());
    answer = app::OwnedAnswer::FromJson(capnp::Schema::from<schema::ReadsAnswer>(), *body);
  } else {
    if (!f.client.empty()) {
      auto ci = domain::ParseCi(f.client);
      if (!ci) return ReportError(ci.error());
      filter.subject = ci->Identity();
    }
    answer = app::QueryReadLog(ReadLogPath(ctx), filter);
  }
  if (!answer) return ReportError(answer.error());
  if (ctx.json) {
    std::printf("%s\n", answer->Json().c_str());
  } else {
    PrintReads(answer->reader().as<schema::ReadsAnswer>());
  }
  return 0;
}

}  // namespace

void AddReadsCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  auto f = std::make_shared<ReadsFlags>();
  CLI::App* reads = app.add_subcommand(
      "reads", "who read clients' personal data, and when (the auditor's access log of reads)");
  reads->add_option("--client", f->client, "only the reads of this client's CI");
  reads->add_option("--actor", f->actor, "only the reads by this actor id");
  reads->add_option("--limit", f->limit, "the latest N reads (at most 1000)")
      ->check(CLI::Range(1, 1000));
  reads->callback([&ctx, &options, f] {
    ctx.run = [&ctx, &options, f] { return ShowReads(ctx, options, *f); };
  });
}

}  // namespace bitacora
