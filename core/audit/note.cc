#include "core/audit/note.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "core/audit/base64.h"
#include "core/crypto/sha256.h"

namespace bitacora {
namespace {

constexpr uint8_t kAlgEd25519 = 0x01;
constexpr std::string_view kSigPrefix = "\xE2\x80\x94 ";  // em dash U+2014, space
constexpr size_t kMaxSignatures = 100;

Error Malformed(std::string message) {
  return MakeError(Code::kMalformedNote, std::move(message));
}

// Decodes the UTF-8 sequence starting at s[i] into *cp and returns its length, or 0 if it is not
// a valid, shortest-form scalar value.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp) {
  const auto b = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t c = b(i);
  size_t len = 0;
  if (c < 0x80) {
    *cp = c;
    return 1;
  } else if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    *cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    *cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    *cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    *cp = *cp << 6 | (b(i + k) & 0x3F);
  }
  if ((len == 3 && *cp < 0x800) || (len == 4 && (*cp < 0x10000 || *cp > 0x10FFFF)) ||
      (*cp >= 0xD800 && *cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

bool IsControl(uint32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Unicode White_Space characters (besides the ASCII ones, which are controls or ' ').
bool IsUnicodeSpace(uint32_t cp) {
  return cp == ' ' || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) ||
         cp == 0x2028 || cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Valid UTF-8 with no control characters except, if allowed, "\n"; if `name`, also no spaces
// and no '+'.
bool IsCleanText(std::string_view s, bool allow_newline, bool name) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(s, i, &cp);
    if (len == 0) return false;
    i += len;
    if (cp == '\n' && allow_newline) continue;
    if (IsControl(cp)) return false;
    if (name && (cp == '+' || IsUnicodeSpace(cp))) return false;
  }
  return true;
}

std::string_view AsChars(const uint8_t* p, size_t n) {
  return std::string_view(reinterpret_cast<const char*>(p), n);
}

// Checks the text of a note: non-empty, ends in "\n", clean UTF-8.
std::optional<Error> CheckText(std::string_view text) {
  if (text.empty() || text.back() != '\n')
    return Malformed("the note text must end with a newline");
  if (!IsCleanText(text, /*allow_newline=*/true, /*name=*/false)) {
    return Malformed("the note text is not UTF-8 without control characters");
  }
  return std::nullopt;
}

}  // namespace

bool IsValidKeyName(std::string_view name) {
  return !name.empty() && IsCleanText(name, /*allow_newline=*/false, /*name=*/true);
}

NoteKeyHash ComputeNoteKeyHash(std::string_view name, const Ed25519PublicKey& public_key) {
  const char alg = static_cast<char>(kAlgEd25519);
  const Hash32 h = Sha256(
      {name, "\n", std::string_view(&alg, 1), AsChars(public_key.data(), public_key.size())});
  NoteKeyHash out{};
  std::copy_n(h.begin(), out.size(), out.begin());
  return out;
}

Result<std::string> FormatVerifierKey(std::string_view name, const Ed25519PublicKey& public_key) {
  if (!IsValidKeyName(name)) {
    return Fail(Code::kBadKeyName, std::string("\"").append(name).append(
                    "\" cannot name a key (empty, space, '+' or control)"));
  }
  const NoteKeyHash hash = ComputeNoteKeyHash(name, public_key);
  std::string key(1, static_cast<char>(kAlgEd25519));
  key.append(AsChars(public_key.data(), public_key.size()));
  return std::string(name) + "+" + ToHex(AsChars(hash.data(), hash.size())) + "+" +
         Base64Encode(key);
}

Result<NoteVerifier> ParseVerifierKey(std::string_view vkey) {
  const auto bad = [&](std::string why) {
    return Fail(Code::kMalformedVerifierKey, "verifier key \"" + std::string(vkey) + "\": " + why);
  };
  const size_t p1 = vkey.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad("expected <name>+<hash>+<key>");
  NoteVerifier v;
  v.name = std::string(vkey.substr(0, p1));
  const std::string_view hash_hex = vkey.substr(p1 + 1, p2 - p1 - 1);
  const std::optional<std::string> key = Base64Decode(vkey.substr(p2 + 1));
  if (!IsValidKeyName(v.name)) return bad("invalid key name");
  if (hash_hex.size() != 8 ||
      hash_hex.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return bad("the key hash must be 8 lowercase hex digits");
  }
  if (!key) return bad("the key is not base64");
  if (key->size() != 1 + v.public_key.size() || static_cast<uint8_t>((*key)[0]) != kAlgEd25519) {
    return bad("not an Ed25519 key (type 0x01 and 32 bytes)");
  }
  std::memcpy(v.public_key.data(), key->data() + 1, v.public_key.size());
  v.key_hash = ComputeNoteKeyHash(v.name, v.public_key);
  if (ToHex(AsChars(v.key_hash.data(), v.key_hash.size())) != hash_hex) {
    return bad("the key hash does not match the name and key");
  }
  return v;
}

Result<std::string> SignNote(std::string_view text, std::string_view key_name,
                             const SigningKey& key) {
  if (std::optional<Error> e = CheckText(text)) return Fail(std::move(*e));
  if (text.find("\n\n") != std::string_view::npos || text.front() == '\n') {
    return Fail(Malformed("the note text must not contain blank lines"));
  }
  if (!IsValidKeyName(key_name)) {
    return Fail(Code::kBadKeyName, std::string("\"").append(key_name).append("\" cannot name a key"));
  }
  Result<Ed25519Signature> sig = key.Sign(text);
  if (!sig) return Fail(sig.error());
  const NoteKeyHash hash = ComputeNoteKeyHash(key_name, key.public_key());
  std::string blob(AsChars(hash.data(), hash.size()));
  blob.append(AsChars(sig->data(), sig->size()));
  std::string note(text);
  note += "\n";
  note += kSigPrefix;
  note += key_name;
  note += " ";
  note += Base64Encode(blob);
  note += "\n";
  return note;
}

Result<std::string> OpenNote(std::string_view note, const NoteVerifier& verifier) {
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Fail(Malformed("no blank line before signatures"));
  const std::string_view text = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  if (std::optional<Error> e = CheckText(text)) return Fail(std::move(*e));
  if (sigs.empty() || sigs.back() != '\n') {
    return Fail(Malformed("the signature block must be non-empty and end with a newline"));
  }
  bool found = false;
  for (size_t line_no = 1; !sigs.empty(); ++line_no) {
    const size_t nl = sigs.find('\n');
    const std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl + 1);
    const std::string where = "signature line " + std::to_string(line_no);
    if (line_no > kMaxSignatures) return Fail(Malformed("more than 100 signatures"));
    if (!line.starts_with(kSigPrefix))
      return Fail(Malformed(where + " does not start with \"— \""));
    const std::string_view rest = line.substr(kSigPrefix.size());
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) return Fail(Malformed(where + " has no signature"));
    const std::string_view name = rest.substr(0, space);
    const std::optional<std::string> blob = Base64Decode(rest.substr(space + 1));
    if (!IsValidKeyName(name)) return Fail(Malformed(where + " has an invalid key name"));
    if (!blob || blob->size() < 5) return Fail(Malformed(where + " has a malformed signature"));
    if (name != verifier.name ||
        std::memcmp(blob->data(), verifier.key_hash.data(), verifier.key_hash.size()) != 0) {
      continue;  // another key's signature
    }
    found = true;
    Ed25519Signature sig{};
    if (blob->size() != 4 + sig.size()) {
      return Fail(Malformed(where + ": an Ed25519 signature must be 64 bytes"));
    }
    std::memcpy(sig.data(), blob->data() + 4, sig.size());
    if (!VerifyEd25519(verifier.public_key, text, sig)) {
      return Fail(Code::kBadNoteSignature, "the signature by key \"" + verifier.name +
                      "\" does not verify: the note was altered or forged");
    }
  }
  if (!found) {
    return Fail(Code::kNoteNotSignedByKey, "the note carries no signature by key \"" + verifier.name + "\"");
  }
  return std::string(text);
}

}  // namespace bitacora
