// POST /v1/backup: an online backup of the ledger, written on the server's host, by a supervisor,
// only as a new folder inside the server's --backup-root (core/store/backup_target.h).
#include "app/backup_json.h"
#include "rest/routes.h"
#include "core/store/backup.h"
#include "core/store/backup_target.h"

namespace bitacora::shim {

void AddBackupRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(server, deps, Method::kPost, "/v1/backup", "POST /v1/backup",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             if (deps.backup_root.empty()) {
               return SendError(res, MakeError(Code::kBackupApiDisabled,
                                               "Las copias de seguridad por la API están desactivadas: el "
                                               "servidor se inició sin --backup-root. Use `bitacora backup "
                                               "--out` en el servidor."));
             }
             auto out = app::BackupOutFromJson(req.body);
             if (!out) return SendError(res, out.error());
             auto target = ResolveApiBackupTarget(*out, deps.backup_root, deps.store->path());
             if (!target) return SendError(res, target.error());
             auto info = deps.store->Backup(*target);
             if (!info) return SendError(res, info.error());
             SendJson(res, 201, app::BackupInfoJson(*info, *out));
           });
}

}  // namespace bitacora::shim
