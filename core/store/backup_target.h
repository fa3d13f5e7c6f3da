// Where a backup may be written. The REST API may write only a new folder directly inside an
// existing folder under the server's backup root (--backup-root); no backup, from the API or the
// command line, may go inside the data folder (the next rebuild of the views would destroy it,
// and the store would back itself up into itself). docs/operations.md, "Backup".
#ifndef BITACORA_CORE_STORE_BACKUP_TARGET_H_
#define BITACORA_CORE_STORE_BACKUP_TARGET_H_

#include <string>

#include "core/result.h"

namespace bitacora {

// True when `path` (resolved as far as it exists, symbolic links followed) is `folder` or lies
// inside it (resolved likewise). Compares whole path components.
bool IsInsideFolder(const std::string& path, const std::string& folder);

// The folder a backup requested through the API resolves to, when it is allowed: `out` is an
// absolute path without "." or ".." components, its parent folder already exists (no parent is
// ever created), `out` itself does not exist (not even as a link), and the resolved path lies
// strictly inside `root` and outside `data_dir`. Every refusal is kInvalidArgument
// "backup_path_refused" with the same message, so that the answer does not tell whether a path
// exists. `root` must be non-empty (the caller answers "backup_api_disabled" otherwise).
[[nodiscard]] Result<std::string> ResolveApiBackupTarget(const std::string& out, const std::string& root,
                                                         const std::string& data_dir);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_BACKUP_TARGET_H_
