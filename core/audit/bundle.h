// The audit bundle: a folder an auditor takes away and verifies with no database at all.
//
//   ledger.vkey        the ledger's verifier key (C2SP note format)
//   checkpoint.note    the latest signed checkpoint (tree size S)
//   checkpoints.jsonl  every earlier checkpoint, each with a consistency proof to S
//   events.jsonl       the events of the range, each with its stored bytes (base64), its audit
//                      path to S, and the same event as readable JSON; when the range starts
//                      after position 1, the event before it comes first
//   manifest.note      what the bundle claims (range, checkpoint, earlier checkpoints), signed
//                      by the ledger's key (core/audit/bundle_manifest.h)
//
// docs/audit.md tells what each check proves.
#ifndef BITACORA_CORE_AUDIT_BUNDLE_H_
#define BITACORA_CORE_AUDIT_BUNDLE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/audit/checkpoint.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora {

struct BundleSummary {
  uint64_t from = 0, to = 0;      // the positions exported
  std::string from_date = {}, to_date = {};  // ExportPeriod: the La Paz days
  uint64_t checkpoint_size = 0;   // tree size of the checkpoint the proofs lead to
  uint64_t checkpoints = 0;       // earlier checkpoints included
};

// Writes the bundle of positions [from, to] (from 0 means 1; to 0 means the latest checkpoint's
// size) into `out_dir`, which must not exist or be empty, with its manifest signed by `key` (the
// ledger's signing key, whose public half `vkey` names: kUnauthenticated "note_not_signed_by_key"
// otherwise). Needs a signed checkpoint covering `to` (kInvalidArgument "no_checkpoint_covers"
// otherwise: sign one first). `progress`, if set, is called with the last position written now
// and then. Thread-safe as far as the store is.
[[nodiscard]] Result<BundleSummary> ExportBundle(const EventStore& store, std::string_view vkey,
                                                 const SigningKey& key, uint64_t from, uint64_t to,
                                                 const std::string& out_dir,
                                                 const std::function<void(uint64_t)>& progress);

// Writes the bundle of the La Paz days `from_date`..`to_date` ("YYYY-MM-DD", inclusive): the
// events recorded in them, no more and no less, proven by the signed checkpoints that close the
// day before `from_date` and `to_date` (core/audit/day_checkpoints.h), which the bundle holds and
// its manifest names with the period. kNotFound "no_day_checkpoint" when a closing checkpoint is
// missing (none is needed before the ledger's first event); kInvalidArgument "bad_date" for a
// malformed date or from after to, "no_checkpoint_covers" when the period holds no event. Else as
// ExportBundle.
[[nodiscard]] Result<BundleSummary> ExportPeriod(const EventStore& store, std::string_view vkey,
                                                 const SigningKey& key, std::string_view from_date,
                                                 std::string_view to_date, const std::string& out_dir,
                                                 const std::function<void(uint64_t)>& progress);

struct BundleReport {
  bool ok = true;
  uint64_t first = 0, last = 0;   // the range proved, as the signed manifest states it
  std::string from_date = {}, to_date = {};  // the period proved complete, when the manifest names one
  uint64_t events = 0;            // events verified (last - first + 1 when ok)
  uint64_t checkpoints = 0;       // earlier checkpoints verified
  Checkpoint checkpoint;          // the bundle's checkpoint, when its signature verified
  uint64_t bad_position = 0;      // the first event that failed, if an event failed
  std::string problem;            // what failed, when !ok
};

// Verifies the bundle in `dir`: the checkpoint's signature under the bundle's key (or under
// `expected_vkey` when given, which an auditor should pin), every event (its JSON encodes to its
// stored bytes, its hash recomputes, it links to the one before, its audit path leads to the
// signed root), and every earlier checkpoint's signature and consistency with the latest. With
// `trusted_note` (a checkpoint the auditor saw before), also that the bundle's log extends it:
// a smaller tree is a rollback, another root at its size a fork. The signed manifest must state
// exactly what the folder holds: its range (from the event before it, when it starts after 1),
// its checkpoint and every earlier checkpoint, so a bundle cut short names what is missing. A
// period's bundle must also hold the checkpoints closing the day before it (unless it starts at
// 1) and its last day at exactly the range's bounds, and every event must be recorded within it.
// Reads files only.
// Errors only when the folder cannot be read; everything found wrong is in the report.
[[nodiscard]] Result<BundleReport> VerifyBundle(const std::string& dir,
                                                std::optional<std::string> expected_vkey,
                                                std::optional<std::string> trusted_note,
                                                const std::function<void(uint64_t)>& progress);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_BUNDLE_H_
