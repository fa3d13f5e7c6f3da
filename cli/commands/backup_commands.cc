// `bitacora backup --out DIR` (embedded, or through a running server with --server) and
// `bitacora restore --from BACKUP --data DIR`. Both print the head position, head hash and
// Merkle root, so that the two can be compared (docs/operations.md, "Backup").
#include <cstdio>

#include "cli/commands/shim.h"
#include "app/backup_json.h"
#include "core/store/backup.h"

namespace bitacora {
namespace {

struct BackupFlags {
  std::string out;
  std::string from;
};

// The three lines (or the JSON object) both commands print on stdout.
void PrintInfo(const CliContext& ctx, const BackupInfo& info, const std::string& folder) {
  if (ctx.json) {
    std::printf("%s\n", app::BackupInfoJson(info, folder).c_str());
    return;
  }
  std::printf("head position %llu\nhead hash %s\nmerkle root %s\n",
              static_cast<unsigned long long>(info.head.position), ToHex(info.head.hash).c_str(),
              ToHex(info.root).c_str());
}

Result<BackupInfo> BackupThroughServer(const ShimOptions& options, const std::string& out) {
  if (out.empty() || out[0] != '/') {
    return Fail(Code::kBadBackupPath, "Con --server, --out es una ruta absoluta en la máquina del servidor.");
  }
  auto client = ServerClient(options);
  if (!client) return Fail(client.error());
  auto answer = (*client)->Post("/v1/backup", app::BackupRequestJson(out), {});
  if (!answer) return Fail(answer.error());
  if (answer->status != 201) return Fail(shim::ErrorOf(*answer));
  return app::BackupInfoFromJson(answer->body);
}

int Backup(CliContext& ctx, const ShimOptions& options, const BackupFlags& f) {
  Result<BackupInfo> info = [&]() -> Result<BackupInfo> {
    if (!options.server.empty()) return BackupThroughServer(options, f.out);
    // Refuse before opening the store, so that a bad --out never touches it.
    if (Status empty = RequireEmptyTarget(f.out, "destino de la copia"); !empty) {
      return Fail(empty.error());
    }
    auto store = OpenEmbedded(ctx);
    if (!store) return Fail(store.error());
    return (*store)->Backup(f.out);
  }();
  if (!info) return ReportError(info.error());
  PrintInfo(ctx, *info, f.out);
  std::fprintf(stderr,
               "Copia de seguridad en %s (%llu eventos). Las claves de firma no se incluyen: "
               "respáldelas aparte.\n",
               f.out.c_str(), static_cast<unsigned long long>(info->head.position));
  return 0;
}

int Restore(CliContext& ctx, const BackupFlags& f) {
  auto info = RestoreBackup(f.from, ctx.data_dir);
  if (!info) return ReportError(info.error());
  PrintInfo(ctx, *info, ctx.data_dir);
  std::fprintf(stderr, "Restaurado en %s: %llu eventos verificados.\n", ctx.data_dir.c_str(),
               static_cast<unsigned long long>(info->checked));
  return 0;
}

}  // namespace

void AddBackupCommands(CLI::App& app, CliContext& ctx, const ShimOptions& options) {
  auto f = std::make_shared<BackupFlags>();
  CLI::App* backup = app.add_subcommand(
      "backup", "online backup of the ledger into a new folder (with --server: on the server)");
  backup->add_option("--out", f->out, "the backup folder: must not exist or be empty")->required();
  backup->fallthrough();  // --data, --server, --token, --json may follow the verb
  backup->callback([&ctx, &options, f] {
    ctx.run = [&ctx, &options, f] { return Backup(ctx, options, *f); };
  });
  CLI::App* restore = app.add_subcommand(
      "restore", "restore a backup into --data (must not exist or be empty), verified");
  restore->add_option("--from", f->from, "the backup folder (bitacora backup --out)")->required();
  restore->fallthrough();
  restore->callback([&ctx, f] { ctx.run = [&ctx, f] { return Restore(ctx, *f); }; });
}

}  // namespace bitacora
