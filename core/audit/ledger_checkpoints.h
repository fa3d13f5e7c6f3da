// The checkpoints a ledger signs over its own log, kept beside it in the store.
#ifndef BITACORA_CORE_AUDIT_LEDGER_CHECKPOINTS_H_
#define BITACORA_CORE_AUDIT_LEDGER_CHECKPOINTS_H_

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/audit/checkpoint.h"
#include "core/audit/keys.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora {

struct SignedCheckpoint {
  Checkpoint checkpoint;
  std::string note;  // the signed note, as stored and as handed to auditors
  bool fresh = true; // false when the head was already covered by the latest checkpoint
};

// Signs a checkpoint of the store's current head under the key name `origin` at time `now`, and
// stores it. Before signing, the head's tree is proven consistent with the latest stored
// checkpoint (a consistency proof from the store, verified against both roots): the ledger never
// signs a tree that does not extend the one it signed before (kCorruption, nothing stored). When
// the head is the latest checkpoint's size, that checkpoint is returned with fresh = false.
// Thread-safe as far as the store is; concurrent signers may both succeed.
[[nodiscard]] Result<SignedCheckpoint> SignHeadCheckpoint(EventStore& store, const SigningKey& key,
                                                          std::string_view origin,
                                                          std::chrono::sys_seconds now);

// The latest stored checkpoint, verified with `vkey`; kNotFound when none was signed yet.
[[nodiscard]] Result<SignedCheckpoint> LatestCheckpoint(const EventStore& store,
                                                        std::string_view vkey);

struct CheckpointAudit {
  size_t checked = 0;
  bool ok = true;
  uint64_t bad_size = 0;  // the tree size of the first checkpoint that failed, when !ok
  std::string problem;
};

// Checks every stored checkpoint, oldest first: its signature under `vkey`; that its size is not
// beyond the log's head (a log rolled back behind a signed checkpoint); that its root is the
// store's Merkle root at its size; and that each extends the one before (consistency proof).
// Reports the first that fails. Errors only for I/O or a malformed vkey.
[[nodiscard]] Result<CheckpointAudit> AuditCheckpoints(const EventStore& store,
                                                       std::string_view vkey);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_LEDGER_CHECKPOINTS_H_
