// Witness cosignatures in the C2SP tlog-cosignature v1 format (https://c2sp.org/tlog-cosignature),
// Ed25519 type: a witness's statement that, as of its timestamp, the checkpoint is the largest
// consistent tree head it has seen of that log. A cosignature is one more signature line on the
// checkpoint's note:
//
//   — <witness name> base64(key id[4] || timestamp[8, big-endian] || Ed25519 signature[64])
//
// signed over "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint's note text. The key
// id is SHA-256(name || "\n" || 0x04 || public key)[:4]; a cosigner's verifier key is
// "<name>+<8 hex digits of the key id>+<base64(0x04 || public key)>". Pure and thread-safe.
#ifndef BITACORA_CORE_AUDIT_COSIGNATURE_H_
#define BITACORA_CORE_AUDIT_COSIGNATURE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit/keys.h"
#include "core/audit/note.h"
#include "core/result.h"

namespace bitacora {

struct CosignerKey {
  std::string name;
  NoteKeyHash key_id{};
  Ed25519PublicKey public_key{};
};

// The key id of a cosigner's Ed25519 key named `name`.
NoteKeyHash CosignerKeyId(std::string_view name, const Ed25519PublicKey& public_key);

// The cosigner's verifier key. kInvalidArgument "bad_key_name" if !IsValidKeyName(name).
[[nodiscard]] Result<std::string> FormatCosignerKey(std::string_view name, const Ed25519PublicKey& public_key);

// Parses a cosigner verifier key, checking its key id. kInvalidArgument "malformed_verifier_key".
[[nodiscard]] Result<CosignerKey> ParseCosignerKey(std::string_view vkey);

// The signature line (ending in "\n") cosigning the checkpoint whose note text is `text` (the
// note's lines before the blank line, each ending in "\n"), at POSIX time `timestamp` (> 0).
[[nodiscard]] Result<std::string> Cosign(std::string_view text, std::string_view name, const SigningKey& key,
                                         uint64_t timestamp);

// The timestamp of `cosigner`'s valid cosignature on `note` (a checkpoint note with its signature
// lines). kUnauthenticated "note_not_signed_by_key" when no line is the cosigner's; kCorruption
// "bad_note_signature" when one is and does not verify; kInvalidArgument "malformed_note".
[[nodiscard]] Result<uint64_t> VerifyCosignature(std::string_view note, const CosignerKey& cosigner);

// How many of `cosigners` validly cosigned `note`. A line by one of them that does not verify is
// an error (kCorruption "bad_note_signature": the note or the cosignature was altered); a
// cosigner without a line simply does not count.
[[nodiscard]] Result<size_t> CountCosignatures(std::string_view note, const std::vector<CosignerKey>& cosigners);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_COSIGNATURE_H_
