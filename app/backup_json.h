// The body of POST /v1/backup, {"out": <folder>} (BackupRequest in events/api.capnp). The answer (BackupResult in events/api.capnp)
// is written and read back by app/answer_codec.h, included here for its callers.
#ifndef BITACORA_APP_BACKUP_JSON_H_
#define BITACORA_APP_BACKUP_JSON_H_

#include <string>
#include <string_view>

#include "app/answer_codec.h"
#include "core/result.h"

namespace bitacora::app {

// The "out" member of a POST /v1/backup body (api.capnp's BackupRequest, decoded strictly by
// app/request_codec.h): an absolute folder path. kInvalidArgument "bad_json" or "bad_text" as
// DecodeRequest refuses, "bad_backup_path" for a path that is empty or not absolute. Thread-safe.
[[nodiscard]] Result<std::string> BackupOutFromJson(std::string_view json);

// The body of POST /v1/backup asking for a backup into `out`: what `bitacora backup --server`
// sends. Thread-safe.
std::string BackupRequestJson(std::string_view out);

}  // namespace bitacora::app

#endif  // BITACORA_APP_BACKUP_JSON_H_
