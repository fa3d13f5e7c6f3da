// POST /v1/backup: an online backup of the ledger, written on the server's host, by a supervisor.
#include "app/backup_json.h"
#include "rest/routes.h"
#include "core/store/backup.h"

namespace bitacora::shim {

void AddBackupRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(server, deps, Method::kPost, "/v1/backup", "POST /v1/backup",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef& actor) {
             if (!Require(res, actor, schema::Role::SUPERVISOR)) return;
             auto out = app::BackupOutFromJson(req.body);
             if (!out) return SendError(res, out.error());
             auto info = deps.store->Backup(*out);
             if (!info) return SendError(res, info.error());
             SendJson(res, 201, app::BackupInfoJson(*info, *out));
           });
}

}  // namespace bitacora::shim
