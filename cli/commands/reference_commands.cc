// `bitacora reference [--as-of DATE]`: the reference data a clerk reads; `bitacora reference load
// FILE.json`: a whole set, each part the supervisor's command (docs/examples/reference.json).
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/reference.h"
#include "cli/commands/shim.h"

namespace bitacora {
namespace {

struct ReferenceFlags {
  std::string as_of, file;
};

int ShowReference(CliContext& ctx, const ShimOptions& options, const ReferenceFlags& f) {
  Result<app::ReferenceView> view = Fail(Code::kInternal, "");
  if (!options.server.empty()) {
    auto body = RemoteGet(
        options, "/v1/reference" + (f.as_of.empty() ? "" : "?as_of=" + UrlEncode(f.as_of)));
    if (!body) return ReportError(body.error());
    view = app::ReferenceFromJson(*body);
  } else {
    auto store = OpenEmbedded(ctx);
    if (!store) return ReportError(store.error());
    view = app::ReadReference(**store, f.as_of);
  }
  if (!view) return ReportError(view.error());
  std::printf("%s",
              (ctx.json ? app::ReferenceJson(*view) + "\n" : app::ReferenceText(*view)).c_str());
  return 0;
}

int LoadReference(CliContext& ctx, const ShimOptions& options, const ReferenceFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) {
    return ReportError(
        MakeError(Code::kFileMissing, "No se puede leer el archivo " + f.file + "."));
  }
  std::stringstream text;
  text << in.rdbuf();
  auto commands = app::ReferenceCommands(text.str());
  if (!commands) return ReportError(commands.error());
  size_t recorded = 0, repeated = 0;
  for (const app::OwnedCommand& command : *commands) {
    auto reader = command->getRoot<schema::Command>().asReader();
    auto outcome = RunOneCommand(ctx, options, reader);
    if (!outcome) {
      if (recorded + repeated > 0) {
        std::fprintf(stderr,
                     "Se detuvo en el comando %s; los %zu anteriores quedaron registrados.\n",
                     reader.getCommandId().cStr(), recorded + repeated);
      }
      return ReportError(outcome.error());
    }
    ++(outcome->duplicate ? repeated : recorded);
  }
  if (ctx.json) {
    std::printf("{\"recorded\":%zu,\"repeated\":%zu}\n", recorded, repeated);
  } else {
    std::printf(
        "Datos de referencia cargados: %zu comandos registrados, %zu ya registrados antes.\n",
        recorded, repeated);
  }
  return 0;
}

}  // namespace

void AddReferenceCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  auto f = std::make_shared<ReferenceFlags>();
  CLI::App* show = app.add_subcommand(
      "reference", "the reference data: checklists, prices, tariffs, technician on duty, holidays");
  show->add_option("--as-of", f->as_of, "as in force at the end of this La Paz date (YYYY-MM-DD)");
  show->fallthrough();
  show->callback([&ctx, &options, f, show] {
    if (show->get_subcommands().empty()) {
      ctx.run = [&ctx, &options, f] { return ShowReference(ctx, options, *f); };
    }
  });
  CLI::App* load = show->add_subcommand(
      "load", "load a whole reference set (JSON, docs/examples/reference.json) as the supervisor");
  load->add_option("file", f->file, "the reference set, JSON")->required();
  load->fallthrough();
  load->callback([&ctx, &options, f] {
    ctx.run = [&ctx, &options, f] { return LoadReference(ctx, options, *f); };
  });
}

}  // namespace bitacora
