// The bundle's manifest (manifest.note): what a bundle claims to hold, signed by the ledger's key
// so that a bundle cut short — its first or last event line, or an earlier checkpoint, removed —
// no longer matches what was signed. A signed note (core/audit/note.h) whose text is:
//
//   bitacora audit bundle v1\n
//   origin <origin>\n
//   events <first> <last>\n             the positions the bundle proves, inclusive
//   checkpoint <size>\n                 the checkpoint the proofs lead to (checkpoint.note)
//   earlier[ <size>]...\n               the earlier checkpoints in checkpoints.jsonl, ascending
//   [period <from> <to>\n]              a period of La Paz days (audit export --from-date):
//                                       the checkpoints closing the day before <from> (unless
//                                       first is 1) and closing <to> are in the bundle, at sizes
//                                       first - 1 and last (core/audit/day_checkpoints.h)
//
// When first > 1 the bundle also holds the event before (first - 1) as the first line of
// events.jsonl, so that the first event's link to it is checked. Pure functions, thread-safe.
#ifndef BITACORA_CORE_AUDIT_BUNDLE_MANIFEST_H_
#define BITACORA_CORE_AUDIT_BUNDLE_MANIFEST_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit/keys.h"
#include "core/result.h"

namespace bitacora {

struct BundleManifest {
  std::string origin;
  uint64_t first = 0, last = 0;     // the range proved
  uint64_t checkpoint_size = 0;
  std::vector<uint64_t> earlier;    // ascending
  std::string from_date = {}, to_date = {};  // the period ("2026-11-01", "2026-11-30"), or both empty

  bool operator==(const BundleManifest&) const = default;
};

// The manifest as a note signed by `key` named `manifest.origin`. Errors as SignNote.
[[nodiscard]] Result<std::string> SignManifest(const BundleManifest& manifest, const SigningKey& key);

// Verifies `note` under the verifier key `vkey` and parses it. kInvalidArgument
// "malformed_manifest" naming the line, or the errors of OpenNote (a wrong key, a forged or
// altered note).
[[nodiscard]] Result<BundleManifest> OpenManifest(std::string_view note, std::string_view vkey);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_BUNDLE_MANIFEST_H_
