// Personal data on disk is private to the account that runs Bitácora: folders 0700, files 0600,
// whatever the umask the process was started with (docs/operations.md, "Permisos de los archivos").
//
// The choice: the process's umask is narrowed to 077 before the first file is created (main, and
// again by EventStore::Open and ProjectionService::Open for callers that are not main). A chmod
// after the fact would not do: RocksDB creates files for as long as the store is open (WAL, SST,
// MANIFEST, LOG, OPTIONS), from background threads, with mode 0644 less the umask. Copies that
// keep the mode of their source (a restore) are made private with MakeTreePrivate.
#ifndef BITACORA_CORE_STORE_PRIVATE_FILES_H_
#define BITACORA_CORE_STORE_PRIVATE_FILES_H_

#include <string>

#include "core/result.h"

namespace bitacora {

// Narrows the process's umask so that group and others get no bit on any file or folder created
// from now on (umask |= 077). Idempotent; the umask is never widened. Thread-safe in the sense
// that no moment leaves the umask wider than it was.
void KeepNewFilesPrivate();

// Sets every folder under and including `path` to 0700 and every regular file to 0600 (symbolic
// links are not followed). kIoError naming the first entry that cannot be changed.
[[nodiscard]] Status MakeTreePrivate(const std::string& path);

// True when `path` exists and its mode gives group or others any permission bit.
bool IsSharedWithOthers(const std::string& path);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_PRIVATE_FILES_H_
