// The body of POST /v1/backup, {"out": <folder>}. The answer (BackupResult in events/api.capnp)
// is written and read back by app/answer_codec.h, included here for its callers.
#ifndef BITACORA_APP_BACKUP_JSON_H_
#define BITACORA_APP_BACKUP_JSON_H_

#include <string>
#include <string_view>

#include "app/answer_codec.h"
#include "core/result.h"

namespace bitacora::app {

// The "out" member of a POST /v1/backup body: an absolute folder path.
// kInvalidArgument "bad_json" or "bad_backup_path" otherwise.
[[nodiscard]] Result<std::string> BackupOutFromJson(std::string_view json);

}  // namespace bitacora::app

#endif  // BITACORA_APP_BACKUP_JSON_H_
