// Signed checkpoints: a ledger's tree head, signed with its Ed25519 key, in the C2SP
// tlog-checkpoint layout (https://c2sp.org/tlog-checkpoint) wrapped in a signed note
// (core/audit/note.h):
//
//   <origin>\n
//   <tree size, decimal>\n
//   <base64 root hash>\n
//   time <UTC time, YYYY-MM-DDTHH:MM:SSZ>\n     (an extension line: this ledger always writes it)
//   [other extension lines]\n
//   \n
//   — <origin> <base64(key hash || signature)>\n
//
// The key is named after the origin, so the verifier key is "<origin>+<hash>+<key>".
// All functions are pure and thread-safe. Format and worked example: docs/audit.md.
#ifndef BITACORA_CORE_AUDIT_CHECKPOINT_H_
#define BITACORA_CORE_AUDIT_CHECKPOINT_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit/keys.h"
#include "core/crypto/sha256.h"
#include "core/result.h"

namespace bitacora {

struct Checkpoint {
  std::string origin;               // the ledger's name, e.g. "coop.example/bitacora"
  uint64_t size = 0;                // number of leaves (events)
  Hash32 root{};                    // RootAt(size)
  // When it was signed, UTC, whole seconds: the "time" extension line this ledger writes. Other
  // logs' checkpoints may have none (the format makes every extension line optional).
  std::optional<std::chrono::sys_seconds> time;
  // Extension lines other than "time", opaque (C2SP tlog-checkpoint), kept in order so that the
  // body is formatted again byte for byte. Each non-empty, without a newline.
  std::vector<std::string> extensions = {};

  bool operator==(const Checkpoint&) const = default;
};

// The checkpoint's note text (the body lines above: the time line when there is a time, then the
// other extension lines). kInvalidArgument "bad_key_name" if the origin cannot name a key (empty,
// spaces, '+', control characters); "bad_time" if the time is outside years 0000-9999;
// "malformed_checkpoint" for an extension line that is empty or holds a newline.
[[nodiscard]] Result<std::string> FormatCheckpointBody(const Checkpoint& checkpoint);

// `t` as the time line writes it, "YYYY-MM-DDTHH:MM:SSZ"; nullopt outside years 0000-9999. Pure.
std::optional<std::string> FormatCheckpointTime(std::chrono::sys_seconds t);

// Parses a checkpoint body (the text of an opened note). kInvalidArgument "malformed_checkpoint"
// naming the line: a missing line, a size with a sign or leading zeros or out of range, a root
// that is not base64 of 32 bytes, a repeated or non-canonical time line, an empty extension line.
// The time line is optional and other extension lines are kept as they are (C2SP
// tlog-checkpoint: "Any following lines are extension lines, opaque and OPTIONAL").
[[nodiscard]] Result<Checkpoint> ParseCheckpointBody(std::string_view body);

// The signed note of `checkpoint`, signed by `key` under the key name checkpoint.origin.
// Errors as FormatCheckpointBody; kInternal if signing fails.
[[nodiscard]] Result<std::string> SignCheckpoint(const Checkpoint& checkpoint,
                                                 const SigningKey& key);

// Verifies `note` against the verifier key string `vkey` (FormatVerifierKey) and parses it.
// Errors: kInvalidArgument "malformed_verifier_key", "malformed_note", "malformed_checkpoint";
// kUnauthenticated "note_not_signed_by_key" (no signature by that key: a wrong key);
// kCorruption "bad_note_signature" (forged or altered); kCorruption "checkpoint_origin_mismatch"
// when the body's origin is not the key's name.
[[nodiscard]] Result<Checkpoint> ParseAndVerifyCheckpoint(std::string_view note,
                                                          std::string_view vkey);

// Checks that `newer` extends `older`: same origin, size and time not going back, and
// `consistency_proof` (ConsistencyProof(older.size, newer.size)) verifying between their roots.
// The times are compared only when both have one. Both checkpoints are assumed already verified.
// Errors: kCorruption "checkpoint_origin_mismatch",
// "checkpoint_rolled_back" (smaller size), "checkpoint_time_went_back", or the error of
// VerifyConsistency (e.g. "consistency_old_root_mismatch": the logs diverged).
[[nodiscard]] Status CheckpointExtends(const Checkpoint& older, const Checkpoint& newer,
                                       std::span<const Hash32> consistency_proof);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_CHECKPOINT_H_
