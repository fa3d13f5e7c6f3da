#include "core/audit/ledger_checkpoints.h"

#include <optional>

#include "core/audit/note.h"
#include "core/merkle/verify.h"

namespace bitacora {
namespace {

Result<SignedCheckpoint> Open(const std::pair<uint64_t, std::string>& stored,
                              std::string_view vkey) {
  auto cp = ParseAndVerifyCheckpoint(stored.second, vkey);
  if (!cp) return Fail(cp.error());
  if (cp->size != stored.first) {
    return Fail(Code::kCheckpointMisfiled, "checkpoint stored under size " + std::to_string(stored.first) + " says size " +
                    std::to_string(cp->size));
  }
  return SignedCheckpoint{*cp, stored.second, false};
}

// Proves `newer` extends `older` with a consistency proof computed by the store.
Status Extends(const EventStore& store, const Checkpoint& older, const Checkpoint& newer) {
  auto proof = store.ConsistencyProof(older.size, newer.size);
  if (!proof) return Fail(proof.error());
  return CheckpointExtends(older, newer, *proof);
}

}  // namespace

Result<SignedCheckpoint> LatestCheckpoint(const EventStore& store, std::string_view vkey) {
  auto all = store.Checkpoints();
  if (!all) return Fail(all.error());
  if (all->empty()) {
    return Fail(Code::kNoCheckpoint, "no checkpoint has been signed yet");
  }
  return Open(all->back(), vkey);
}

Result<SignedCheckpoint> SignHeadCheckpoint(EventStore& store, const SigningKey& key,
                                            std::string_view origin,
                                            std::chrono::sys_seconds now) {
  auto vkey = FormatVerifierKey(origin, key.public_key());
  if (!vkey) return Fail(vkey.error());
  const uint64_t size = store.GetHead().position;
  auto root = store.MerkleRoot(size);
  if (!root) return Fail(root.error());
  Checkpoint next{std::string(origin), size, *root, now};

  auto latest = LatestCheckpoint(store, *vkey);
  if (latest) {
    if (latest->checkpoint.size == size) {
      if (latest->checkpoint.root != *root) {
        return Fail(Code::kCheckpointRootMismatch, "the tree at size " + std::to_string(size) +
                        " no longer has the root signed before: refusing to sign");
      }
      return *latest;
    }
    if (latest->checkpoint.time && *next.time < *latest->checkpoint.time) next.time = latest->checkpoint.time;
    if (auto st = Extends(store, latest->checkpoint, next); !st) {
      return Fail(Code::kCheckpointInconsistent, "the log does not extend the last signed checkpoint (size " +
                      std::to_string(latest->checkpoint.size) + "): " + st.error().message);
    }
  } else if (latest.error().kind != ErrorKind::kNotFound) {
    return Fail(latest.error());
  }
  auto note = SignCheckpoint(next, key);
  if (!note) return Fail(note.error());
  if (auto st = store.PutCheckpoint(size, *note); !st) return Fail(st.error());
  return SignedCheckpoint{next, *note, true};
}

Result<CheckpointAudit> AuditCheckpoints(const EventStore& store, std::string_view vkey) {
  if (auto v = ParseVerifierKey(vkey); !v) return Fail(v.error());
  auto all = store.Checkpoints();
  if (!all) return Fail(all.error());
  CheckpointAudit audit;
  const uint64_t head = store.GetHead().position;
  auto fail = [&](uint64_t size, std::string problem) {
    audit.ok = false;
    audit.bad_size = size;
    audit.problem = std::move(problem);
    return audit;
  };
  std::optional<Checkpoint> previous;
  for (const auto& stored : *all) {
    auto cp = Open(stored, vkey);
    if (!cp) return fail(stored.first, cp.error().ToString());
    const Checkpoint& c = cp->checkpoint;
    if (c.size > head) {
      return fail(c.size, "log rolled back: checkpoint signed at size " + std::to_string(c.size) +
                              " but the log has " + std::to_string(head) + " events");
    }
    auto root = store.MerkleRoot(c.size);
    if (!root) return fail(c.size, root.error().ToString());
    if (*root != c.root) {
      return fail(c.size, "the log's Merkle root at this size is not the signed root");
    }
    if (previous) {
      if (auto st = Extends(store, *previous, c); !st) return fail(c.size, st.error().ToString());
    }
    previous = c;
    ++audit.checked;
  }
  return audit;
}

}  // namespace bitacora
