// The procedure commands on the command line: one subcommand per member of Command's union, its
// flags derived from the schema; run through the embedded command handler or POSTed to a server.
#include <capnp/message.h>

#include <cstdio>

#include "cli/commands/command_flags.h"
#include "cli/commands/shim.h"
#include "core/domain/decide.h"

namespace bitacora {
namespace {

std::string RolesOf(schema::Command::Which which) {
  std::string out;
  for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
    const auto role = static_cast<schema::Role>(e.getOrdinal());
    if (!domain::RoleMayIssue(role, which)) continue;
    if (!out.empty()) out += ", ";
    out += e.getProto().getName().cStr();
  }
  return out;
}

void PrintOutcome(const CommandOutcome& o, bool json) {
  if (json) {
    std::printf("%s\n", app::OutcomeJson(o).c_str());
    return;
  }
  if (o.first_position == o.last_position) {
    std::printf("Registrado: evento #%llu\n", static_cast<unsigned long long>(o.first_position));
  } else {
    std::printf("Registrado: eventos #%llu a #%llu\n", static_cast<unsigned long long>(o.first_position),
                static_cast<unsigned long long>(o.last_position));
  }
  if (o.duplicate) std::printf("(comando ya registrado antes: se muestra su resultado)\n");
  if (!o.case_id.empty()) std::printf("Trámite: %s\n", o.case_id.c_str());
  for (const std::string& order : o.issued_orders) std::printf("Orden emitida: %s\n", order.c_str());
  if (!o.subscriber_number.empty()) std::printf("Abonado: %s\n", o.subscriber_number.c_str());
  if (!o.notice_message.empty()) std::printf("Aviso (%s): %s\n", o.notice_code.c_str(), o.notice_message.c_str());
}

Result<CommandOutcome> RunRemote(const ShimOptions& options, schema::Command::Reader command,
                                 const std::string& name) {
  auto client = ServerClient(options);
  if (!client) return Fail(client.error());
  std::string path = "/v1/commands/" + name;
  std::string query;
  if (command.getOccurredAtNs() != 0)
    query += "&occurred_at_ns=" + std::to_string(command.getOccurredAtNs());
  if (command.getBackdatingReason().size() != 0) {
    query += "&backdating_reason=" + UrlEncode(command.getBackdatingReason().cStr());
  }
  if (!query.empty()) path += "?" + query.substr(1);
  auto answer = (*client)->Post(path, app::EncodeCommandJson(command),
                                {{"Idempotency-Key", command.getCommandId().cStr()}});
  if (!answer) return Fail(answer.error());
  if (answer->status != 200 && answer->status != 201) return Fail(shim::ErrorOf(*answer));
  return app::OutcomeFromJson(answer->body);
}

}  // namespace

Result<CommandOutcome> RunOneCommand(CliContext& ctx, const ShimOptions& options,
                                     schema::Command::Reader command) {
  if (!options.server.empty()) {
    return RunRemote(options, command, std::string(domain::CommandName(command.which())));
  }
  auto actor = EmbeddedActor(options);
  if (!actor) return Fail(actor.error());
  auto store = OpenEmbedded(ctx);
  if (!store) return Fail(store.error());
  CommandHandler handler(**store, HandlerOptions{});
  return handler.Handle(*actor, command);
}

namespace {

int RunCommand(CliContext& ctx, const ShimOptions& options, const CommandFlagValues& values) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  if (Status filled = FillCommand(values, command); !filled) return ReportError(filled.error());
  Result<CommandOutcome> outcome = RunOneCommand(ctx, options, command.asReader());
  if (!outcome) return ReportError(outcome.error());
  PrintOutcome(*outcome, ctx.json);
  return 0;
}

struct AppendFlags {
  std::string stream, text, command_id;
};

// `bitacora append`: a supervisor's note (recordNote) through the handler like any command.
int RunAppend(CliContext& ctx, const ShimOptions& options, const AppendFlags& f) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId(f.command_id.empty() ? app::NewCommandId() : f.command_id);
  auto note = command.initRecordNote();
  note.setStream(f.stream);
  note.setText(f.text);
  Result<CommandOutcome> outcome = RunOneCommand(ctx, options, command.asReader());
  if (!outcome) return ReportError(outcome.error());
  if (ctx.json) {
    PrintOutcome(*outcome, true);
  } else {
    std::printf("appended at position %llu%s\n",
                static_cast<unsigned long long>(outcome->first_position),
                outcome->duplicate ? " (duplicate command: nothing written)" : "");
  }
  return 0;
}

}  // namespace

void AddProcedureCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  for (const app::CommandKind& kind : app::CommandKinds()) {
    CLI::App* sub = app.add_subcommand(
        kind.verb, "record " + kind.name + " (roles: " + RolesOf(kind.which) + ")");
    sub->group("Procedure commands (docs/procedures.md)");
    auto values = std::make_shared<CommandFlagValues>();
    AddCommandFlags(*sub, kind, *values);
    sub->callback([&ctx, &options, values] {
      ctx.run = [&ctx, &options, values] { return RunCommand(ctx, options, *values); };
    });
  }
  auto f = std::make_shared<AppendFlags>();
  CLI::App* append =
      app.add_subcommand("append", "record a supervisor's note on a stream (recordNote)");
  append->add_option("--stream", f->stream, "stream id, e.g. case-TRA-2026-000001")->required();
  append->add_option("--text", f->text, "the note")->required();
  append->add_option("--command-id", f->command_id, "idempotency key (default: a new one)");
  append->fallthrough();  // --actor, --role, --server, --token may follow the verb
  append->callback([&ctx, &options, f] {
    ctx.run = [&ctx, &options, f] { return RunAppend(ctx, options, *f); };
  });
}

}  // namespace bitacora
