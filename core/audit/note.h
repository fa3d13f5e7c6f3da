// Signed notes in the C2SP signed-note format (https://c2sp.org/signed-note), Ed25519 only.
//
//   <text, one or more lines, each ending in "\n">
//   <blank line>
//   — <key name> <base64(4-byte key hash || 64-byte Ed25519 signature of the text)>
//
// The key hash is the first 4 bytes of SHA-256(key name || "\n" || 0x01 || public key), 0x01
// being the Ed25519 signature type. A verifier key is "<name>+<8 hex digits of the key hash>+
// <base64(0x01 || public key)>". All functions are pure and thread-safe.
#ifndef BITACORA_CORE_AUDIT_NOTE_H_
#define BITACORA_CORE_AUDIT_NOTE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/audit/keys.h"
#include "core/result.h"

namespace bitacora {

using NoteKeyHash = std::array<uint8_t, 4>;

// A parsed verifier key.
struct NoteVerifier {
  std::string name;
  NoteKeyHash key_hash{};
  Ed25519PublicKey public_key{};
};

// True if `name` may name a key: non-empty valid UTF-8 without control characters, Unicode
// spaces or '+'.
bool IsValidKeyName(std::string_view name);

// The key hash of an Ed25519 key named `name`.
NoteKeyHash ComputeNoteKeyHash(std::string_view name, const Ed25519PublicKey& public_key);

// The verifier key string for `public_key` named `name`. kInvalidArgument "bad_key_name" if
// !IsValidKeyName(name).
[[nodiscard]] Result<std::string> FormatVerifierKey(std::string_view name,
                                                    const Ed25519PublicKey& public_key);

// Parses a verifier key string and checks that its key hash matches its name and key.
// kInvalidArgument "malformed_verifier_key" saying what is wrong.
[[nodiscard]] Result<NoteVerifier> ParseVerifierKey(std::string_view vkey);

// Signs `text` (non-empty, ending in "\n", valid UTF-8 without control characters other than
// "\n", without blank lines) with `key` named `key_name`, and returns the whole note.
// kInvalidArgument "malformed_note" / "bad_key_name"; kInternal if signing fails.
[[nodiscard]] Result<std::string> SignNote(std::string_view text, std::string_view key_name,
                                           const SigningKey& key);

// Checks `note` and returns its text if it carries a valid signature by `verifier`. Signatures
// by other keys are ignored, as the format requires. Errors: kInvalidArgument "malformed_note"
// (naming the line or rule broken), kUnauthenticated "note_not_signed_by_key" when no signature
// line names the verifier's key, kCorruption "bad_note_signature" when one does and it does not
// verify (a forged or altered note).
[[nodiscard]] Result<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_NOTE_H_
