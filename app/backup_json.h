// The JSON of a backup or restore result, {"out","position","hash","root"}, written by
// POST /v1/backup and by `bitacora backup|restore --json`, and read back by the CLI's --server.
#ifndef BITACORA_APP_BACKUP_JSON_H_
#define BITACORA_APP_BACKUP_JSON_H_

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/store/backup.h"

namespace bitacora::app {

// {"out":<folder>,"position":N,"hash":"<hex>","root":"<hex>"}.
std::string BackupInfoJson(const BackupInfo& info, const std::string& folder);

// The BackupInfo in such a JSON text. kInvalidArgument "bad_json" if malformed.
[[nodiscard]] Result<BackupInfo> BackupInfoFromJson(std::string_view json);

// The "out" member of a POST /v1/backup body: an absolute folder path.
// kInvalidArgument "bad_json" or "bad_backup_path" otherwise.
[[nodiscard]] Result<std::string> BackupOutFromJson(std::string_view json);

}  // namespace bitacora::app

#endif  // BITACORA_APP_BACKUP_JSON_H_
