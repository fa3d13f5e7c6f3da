// `bitacora demo`: a realistic sample in an empty store (cli/demo/demo.h).
#include <cstdio>

#include "cli/commands/shim.h"
#include "cli/demo/demo.h"
#include "app/json.h"

namespace bitacora {
namespace {

int Demo(CliContext& ctx, demo::DemoOptions options) {
  options.path = ctx.data_dir;
  options.today_ns = ctx.started_ns;
  options.progress = [](int day, int days) {
    std::fprintf(stderr, "\rsimulando día %d de %d…", day, days);
    if (day == days) std::fprintf(stderr, "\n");
  };
  auto summary = demo::RunDemo(options);
  if (!summary) return ReportError(summary.error());
  if (ctx.json) {
    app::JsonWriter w;  // kept: the demo's own summary, not an API answer
    w.BeginObject().Field("commands", summary->commands).Field("events", summary->events)
        .Field("firstDay", summary->first_day).Field("lastDay", summary->last_day).Key("byCommand").BeginObject();
    for (const auto& [name, n] : summary->by_command) w.Field(name, n);
    w.EndObject().Key("refusals").BeginObject();
    for (const auto& [code, n] : summary->refusals) w.Field(code, n);
    w.EndObject().Key("mistakes").BeginObject();
    for (const auto& [name, n] : summary->mistakes) w.Field(name, n);
    std::printf("%s\n", w.EndObject().EndObject().str().c_str());
    return 0;
  }
  std::printf("Muestra creada en %s: %llu comandos, %llu eventos, del %s al %s.\n", ctx.data_dir.c_str(),
              static_cast<unsigned long long>(summary->commands), static_cast<unsigned long long>(summary->events),
              summary->first_day.c_str(), summary->last_day.c_str());
  for (const auto& [name, n] : summary->by_command) std::printf("  %-32s %6llu\n", name.c_str(), static_cast<unsigned long long>(n));
  if (!summary->refusals.empty()) {
    std::printf("Rechazos (ramas del procedimiento que no siguieron):\n");
    for (const auto& [code, n] : summary->refusals) std::printf("  %-32s %6llu\n", code.c_str(), static_cast<unsigned long long>(n));
  }
  if (!summary->mistakes.empty()) {
    std::printf("Errores de ventanilla simulados (rechazados sin registrar nada):\n");
    for (const auto& [name, n] : summary->mistakes) std::printf("  %-32s %6llu\n", name.c_str(), static_cast<unsigned long long>(n));
  }
  std::printf("Pruebe: bitacora --data %s report daily-control --date %s; bitacora --data %s verify\n",
              ctx.data_dir.c_str(), summary->last_day.c_str(), ctx.data_dir.c_str());
  return 0;
}

}  // namespace

void AddDemoCommand(CLI::App& app, CliContext& ctx) {
  auto options = std::make_shared<demo::DemoOptions>();
  CLI::App* sub = app.add_subcommand("demo", "fill an empty store with a realistic sample of the desk's work");
  sub->add_option("--clients", options->clients, "new-connection clients (default 300)");
  sub->add_option("--days", options->days, "working days simulated, ending yesterday (default 42)");
  sub->add_option("--seed", options->seed, "random seed (default 2026)");
  sub->callback([&ctx, options] { ctx.run = [&ctx, options] { return Demo(ctx, *options); }; });
}

}  // namespace bitacora
