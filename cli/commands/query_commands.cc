// The queries on the command line: client, subscriber, case, order, meter (--as-of), folder,
// history, report, queue, follow, projections status|rebuild. Embedded (the views are caught up
// with the log first) or through --server; human text by default, --json for the raw answer.
#include <chrono>
#include <cstdio>
#include <fstream>

#include "cli/commands/human.h"
#include "cli/commands/shim.h"
#include "app/format.h"
#include "app/queries.h"
#include "app/queues.h"
#include "app/reference.h"
#include "app/reports.h"
#include "projections/projection_service.h"

namespace bitacora {

Result<std::string> RemoteGet(const ShimOptions& options, const std::string& path) {
  auto client = ServerClient(options);
  if (!client) return Fail(client.error());
  auto answer = (*client)->Get(path);
  if (!answer) return Fail(answer.error());
  if (answer->status != 200) return Fail(shim::ErrorOf(*answer));
  return answer->body;
}

namespace {

using projections::Entity;

struct QueryFlags {
  std::string id;
  std::string entity;
  std::string as_of;
  bool subscriber = false;
  std::string name;  // report
  std::string date;
  std::string month;
  std::string days;   // report idle-cases: working days
  std::string actor;  // queue: only this actor's entries
  std::string format = "table";
  std::string out;
  uint64_t from = 0;
};

const char* Plural(Entity e) {
  switch (e) {
    case Entity::kClient: return "clients";
    case Entity::kCase: return "cases";
    case Entity::kOrder: return "orders";
    case Entity::kSubscriber: return "subscribers";
    case Entity::kMeter: return "meters";
  }
  return "";
}

// Prints a typed answer: its JSON with --json, else rendered for people from the struct.
int Print(const CliContext& ctx, const Result<app::OwnedAnswer>& answer) {
  if (!answer) return ReportError(answer.error());
  if (ctx.json) {
    std::printf("%s\n", answer->Json().c_str());
  } else {
    std::printf("%s", HumanText(answer->reader()).c_str());
  }
  return 0;
}

// The answer at `path` of a server, read as a `schema` (app/answer_codec.h).
Result<app::OwnedAnswer> RemoteAnswer(const ShimOptions& options, const std::string& path,
                                      capnp::StructSchema schema) {
  auto body = RemoteGet(options, path);
  if (!body) return Fail(body.error());
  return app::OwnedAnswer::FromJson(schema, *body);
}

// Prints an answer that has no struct yet (the projections' status).
int Print(const CliContext& ctx, const Result<std::string>& json) {
  if (!json) return ReportError(json.error());
  if (ctx.json) {
    std::printf("%s\n", json->c_str());
  } else {
    std::printf("%s", HumanText(*json).c_str());
  }
  return 0;
}

// Runs `embedded` over caught-up views, or GETs `path` from the server and reads it as a `schema`.
int Query(CliContext& ctx, const ShimOptions& options, const std::string& path, capnp::StructSchema schema,
          const std::function<Result<app::OwnedAnswer>(EventStore&, const projections::ViewReader&)>& embedded) {
  if (!options.server.empty()) return Print(ctx, RemoteAnswer(options, path, schema));
  auto store = OpenEmbedded(ctx);
  if (!store) return ReportError(store.error());
  auto views = CaughtUpViews(ctx, **store);
  if (!views) return ReportError(views.error());
  projections::ViewReader reader((*views)->Current());
  return Print(ctx, embedded(**store, reader));
}

std::string AsOfQuery(const std::string& as_of) { return as_of.empty() ? "" : "?as_of=" + UrlEncode(as_of); }

int RecordCommand(CliContext& ctx, const ShimOptions& options, Entity entity, const QueryFlags& f) {
  return Query(ctx, options, std::string("/v1/") + Plural(entity) + "/" + UrlEncode(f.id) + AsOfQuery(f.as_of),
               capnp::Schema::from<schema::RecordAnswer>(),
               [&](EventStore& store, const projections::ViewReader& views) {
                 return app::RecordQuery(store, views, entity, f.id, f.as_of);
               });
}

int FolderCommand(CliContext& ctx, const ShimOptions& options, const QueryFlags& f) {
  const Entity entity = f.subscriber ? Entity::kSubscriber : Entity::kClient;
  return Query(ctx, options, std::string("/v1/") + Plural(entity) + "/" + UrlEncode(f.id) + "/folder" + AsOfQuery(f.as_of),
               capnp::Schema::from<schema::EntriesAnswer>(),
               [&](EventStore&, const projections::ViewReader& views) {
                 return app::FolderQuery(views, entity, f.id, f.as_of);
               });
}

int HistoryCommand(CliContext& ctx, const ShimOptions& options, const QueryFlags& f) {
  auto entity = app::EntityOf(f.entity);
  if (!entity) {
    return ReportError(MakeError(Code::kBadEntity, "history of: client, subscriber, case, order or meter"));
  }
  if (!options.server.empty()) {
    return Print(ctx, RemoteAnswer(options, std::string("/v1/") + Plural(*entity) + "/" + UrlEncode(f.id) +
                                               "/history" + AsOfQuery(f.as_of),
                                   capnp::Schema::from<schema::EntriesAnswer>()));
  }
  auto store = OpenEmbedded(ctx);
  if (!store) return ReportError(store.error());
  return Print(ctx, app::HistoryQuery(**store, *entity, f.id, f.as_of));
}

int ReportCommand(CliContext& ctx, const ShimOptions& options, const QueryFlags& f) {
  auto kind = app::ReportKindOf(f.name);
  if (!kind) {
    return ReportError(MakeError(Code::kUnknownReport, "reports: daily-control, odeco-daily, cpd-batch, monthly-stats, idle-cases"));
  }
  const std::string param = app::PeriodParam(*kind);
  const std::string period = param == "days" ? f.days : app::TakesMonth(*kind) ? f.month : f.date;
  if (period.empty()) {
    return ReportError(MakeError(Code::kPeriodRequired, param == "days" ? "this report needs --days N"
                                 : app::TakesMonth(*kind) ? "this report needs --month YYYY-MM" : "this report needs --date YYYY-MM-DD"));
  }
  const std::string format = ctx.json ? "json" : f.format;
  if (format == "xlsx" && f.out.empty()) {
    return ReportError(MakeError(Code::kOutRequired, "--format xlsx needs --out FILE.xlsx"));
  }
  std::string body;
  if (!options.server.empty()) {
    auto answer = RemoteGet(options, "/v1/reports/" + f.name + "?" + param + "=" +
                                         UrlEncode(period) + "&format=" + UrlEncode(format));
    if (!answer) return ReportError(answer.error());
    body = *answer;
  } else {
    auto store = OpenEmbedded(ctx);
    if (!store) return ReportError(store.error());
    auto views = CaughtUpViews(ctx, **store);
    if (!views) return ReportError(views.error());
    projections::ViewReader reader((*views)->Current());
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    auto holidays = app::CurrentHolidays(**store);
    if (!holidays) return ReportError(holidays.error());
    auto tables = app::BuildReport(reader, *kind, period, now, *holidays);
    if (!tables) return ReportError(tables.error());
    auto rendered = app::RenderReport(*tables, format);
    if (!rendered) return ReportError(rendered.error());
    body = rendered->body;
  }
  if (f.out.empty()) {
    std::fwrite(body.data(), 1, body.size(), stdout);
    return 0;
  }
  std::ofstream(f.out, std::ios::binary) << body;
  std::fprintf(stderr, "escrito: %s (%zu bytes)\n", f.out.c_str(), body.size());
  return 0;
}

// GET /v1/queues/{name}?actor=&date= through a server, else over the embedded views.
int QueueCommand(CliContext& ctx, const ShimOptions& options, const QueryFlags& f) {
  auto kind = app::QueueKindOf(f.name);
  if (!kind) {
    return ReportError(MakeError(Code::kRouteNotFound, "colas: with-technicians, awaiting-payment, awaiting-delivery, "
                                                      "awaiting-verification (--date), odeco-pending"));
  }
  std::string path = "/v1/queues/" + f.name;
  std::string sep = "?";
  for (const auto& [param, value] : {std::pair<const char*, const std::string&>{"actor", f.actor}, {"date", f.date}}) {
    if (value.empty()) continue;
    path += sep + param + "=" + UrlEncode(value);
    sep = "&";
  }
  return Query(ctx, options, path, capnp::Schema::from<schema::QueueAnswer>(),
               [&](EventStore&, const projections::ViewReader& views) {
                 return app::QueueQuery(views, *kind, f.actor, f.date);
               });
}

int FollowCommand(CliContext& ctx, const ShimOptions& options, const QueryFlags& f) {
  if (!options.server.empty()) {
    auto client = ServerClient(options);
    if (!client) return ReportError(client.error());
    const std::string path = "/v1/log/stream" + (f.from > 0 ? "?from=" + std::to_string(f.from) : std::string());
    Status streamed = (*client)->Stream(path, [](std::string_view chunk) {
      std::fwrite(chunk.data(), 1, chunk.size(), stdout);
      std::fflush(stdout);
      return true;
    });
    if (!streamed) return ReportError(streamed.error());
    return 0;
  }
  auto store = OpenEmbedded(ctx);
  if (!store) return ReportError(store.error());
  uint64_t next = f.from > 0 ? f.from : (*store)->GetHead().position + 1;
  for (;;) {
    auto events = (*store)->ReadLog(next, 512);
    if (!events) return ReportError(events.error());
    for (const StoredEvent& e : *events) {
      std::printf("%s\n", FormatEvent(e.envelope(), ctx.json).c_str());
      next = e.position() + 1;
    }
    std::fflush(stdout);
    if (events->empty()) (void)(*store)->WaitForPosition(next - 1, std::chrono::seconds(1));
  }
}

int ProjectionsCommand(CliContext& ctx, const ShimOptions& options, bool rebuild) {
  if (!options.server.empty()) {
    if (!rebuild) return Print(ctx, RemoteGet(options, "/v1/projections"));
    auto client = ServerClient(options);
    if (!client) return ReportError(client.error());
    auto answer = (*client)->Post("/v1/projections/rebuild", "", {});
    if (!answer) return ReportError(answer.error());
    if (answer->status != 200) return ReportError(shim::ErrorOf(*answer));
    return Print(ctx, answer->body);
  }
  auto store = OpenEmbedded(ctx);
  if (!store) return ReportError(store.error());
  projections::ServiceOptions view_options;
  view_options.dir = ViewsDir(ctx);
  auto views = projections::ProjectionService::Open(**store, std::move(view_options));
  if (!views) return ReportError(views.error());
  const uint64_t before = (*views)->position();
  if (rebuild) {
    std::fprintf(stderr, "reconstruyendo las vistas desde el evento 1 hasta %llu…\n",
                 static_cast<unsigned long long>((*store)->GetHead().position));
    Status s = (*views)->Rebuild([](uint64_t p) {
      std::fprintf(stderr, "\rvistas reconstruidas hasta %llu", static_cast<unsigned long long>(p));
    });
    std::fprintf(stderr, "\n");
    if (!s) return ReportError(s.error());
  }
  const uint64_t head = (*store)->GetHead().position;
  char json[160];
  std::snprintf(json, sizeof json, R"({"head":%llu,"position":%llu,"lag":%llu})", static_cast<unsigned long long>(head),
                static_cast<unsigned long long>((*views)->position()),
                static_cast<unsigned long long>(head - std::min(head, rebuild ? (*views)->position() : before)));
  return Print(ctx, std::string(json));
}

}  // namespace

void AddQueryCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  const std::string group = "Queries";
  auto f = std::make_shared<QueryFlags>();
  for (const char* name : {"client", "subscriber", "case", "order", "meter"}) {
    const Entity entity = *app::EntityOf(name);
    CLI::App* sub = app.add_subcommand(name, std::string("the ") + name + "'s record (now, or --as-of)");
    sub->group(group);
    sub->add_option("id", f->id, entity == Entity::kClient ? "CI, e.g. \"1234567-1A LP\"" : "its number or id")->required();
    sub->add_option("--as-of", f->as_of, "a log position, a La Paz date (2026-11-20) or a UTC instant (…T15:00:00Z)");
    sub->callback([&ctx, &options, f, entity] { ctx.run = [&ctx, &options, f, entity] { return RecordCommand(ctx, options, entity, *f); }; });
  }
  CLI::App* folder = app.add_subcommand("folder", "the folder (carpeta) of a client, or of a subscriber with --subscriber");
  folder->group(group);
  folder->add_option("id", f->id, "the client's CI (or the subscriber's number)")->required();
  folder->add_flag("--subscriber", f->subscriber, "id is a subscriber number");
  folder->add_option("--as-of", f->as_of, "a log position, a La Paz date or a UTC instant");
  folder->callback([&ctx, &options, f] { ctx.run = [&ctx, &options, f] { return FolderCommand(ctx, options, *f); }; });
  CLI::App* history = app.add_subcommand("history", "every event of one entity: history case TRA-2026-000001");
  history->group(group);
  history->add_option("entity", f->entity, "client, subscriber, case, order or meter")->required();
  history->add_option("id", f->id, "its id")->required();
  history->add_option("--as-of", f->as_of, "up to a position, date or instant");
  history->callback([&ctx, &options, f] { ctx.run = [&ctx, &options, f] { return HistoryCommand(ctx, options, *f); }; });
  CLI::App* report = app.add_subcommand("report", "daily-control, odeco-daily (--date), cpd-batch, monthly-stats (--month), idle-cases (--days)");
  report->group(group);
  report->add_option("name", f->name, "daily-control, odeco-daily, cpd-batch or monthly-stats")->required();
  report->add_option("--date", f->date, "YYYY-MM-DD (La Paz)");
  report->add_option("--month", f->month, "YYYY-MM");
  report->add_option("--days", f->days, "idle-cases: more than N working days without movement");
  report->add_option("--format", f->format, "table, csv, xlsx or json (default table)");
  report->add_option("--out", f->out, "write to this file instead of stdout");
  report->callback([&ctx, &options, f] { ctx.run = [&ctx, &options, f] { return ReportCommand(ctx, options, *f); }; });
  CLI::App* queue = app.add_subcommand("queue", "orders waiting: with-technicians, awaiting-payment, awaiting-delivery, "
                                                  "awaiting-verification (--date), odeco-pending");
  queue->group(group);
  queue->add_option("name", f->name, "the queue's name")->required();
  queue->add_option("--actor", f->actor, "only the entries of this actor (technician, clerk, ...)");
  queue->add_option("--date", f->date, "awaiting-verification: the day of the return, YYYY-MM-DD (La Paz)");
  queue->callback([&ctx, &options, f] { ctx.run = [&ctx, &options, f] { return QueueCommand(ctx, options, *f); }; });
  CLI::App* follow = app.add_subcommand("follow", "print new events as they are appended (Ctrl-C to stop)");
  follow->group(group);
  follow->add_option("--from", f->from, "start at this position (default: what comes next)");
  follow->callback([&ctx, &options, f] { ctx.run = [&ctx, &options, f] { return FollowCommand(ctx, options, *f); }; });
  CLI::App* projections = app.add_subcommand("projections", "the views: status, or rebuild from the log");
  projections->group(group);
  projections->require_subcommand(1);
  projections->add_subcommand("status", "position of the views and their lag behind the log")
      ->callback([&ctx, &options] { ctx.run = [&ctx, &options] { return ProjectionsCommand(ctx, options, false); }; });
  projections->add_subcommand("rebuild", "project the whole log again into fresh views and swap them in")
      ->callback([&ctx, &options] { ctx.run = [&ctx, &options] { return ProjectionsCommand(ctx, options, true); }; });
}

}  // namespace bitacora
