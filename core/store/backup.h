// Online backup and restore of the ledger. A backup is a folder holding a RocksDB checkpoint of
// the store (SST files hard-linked when on the same filesystem, copied otherwise) and a manifest,
// BITACORA-BACKUP, naming the head and Merkle root it holds. The views are not backed up (they are
// rebuilt from the log) and neither are the signing keys (docs/operations.md, "Backup").
#ifndef BITACORA_CORE_STORE_BACKUP_H_
#define BITACORA_CORE_STORE_BACKUP_H_

#include <cstdint>
#include <string>

#include "core/crypto/sha256.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora {

// The manifest's name inside a backup folder.
inline constexpr char kBackupManifest[] = "BITACORA-BACKUP";

// What a backup holds, or what a restore found and verified.
struct BackupInfo {
  Head head;          // the last event in the backup
  Hash32 root{};      // the Merkle root of the log up to head.position
  uint64_t checked = 0;  // RestoreBackup: events whose hashes were verified
};

// Refuses with kInvalidArgument "target_not_empty" when `dir` exists and is not an empty folder.
[[nodiscard]] Status RequireEmptyTarget(const std::string& dir, const std::string& what);

// Copies the backup in `from` into `data_dir`, which must not exist or be an empty folder
// ("target_not_empty" otherwise). The copy is made beside data_dir, opened, verified (hash chain
// and Merkle tree) and compared with the manifest before it is moved into place, so a failed
// restore leaves data_dir as it was. Errors: kNotFound "backup_not_found"; kInvalidArgument
// "not_a_backup" (no manifest); kCorruption "bad_backup_manifest", "backup_does_not_verify" or
// "backup_mismatch" (head or root differ from the manifest); kIOError for a failed copy.
[[nodiscard]] Result<BackupInfo> RestoreBackup(const std::string& from, const std::string& data_dir);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_BACKUP_H_
