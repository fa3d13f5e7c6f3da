#include "core/audit/cosignature.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "core/audit/base64.h"
#include "core/crypto/sha256.h"

namespace bitacora {
namespace {

constexpr uint8_t kAlgCosignatureV1 = 0x04;
constexpr std::string_view kSigPrefix = "— ";

std::string_view AsChars(const uint8_t* p, size_t n) { return {reinterpret_cast<const char*>(p), n}; }

std::string SignedMessage(std::string_view text, uint64_t timestamp) {
  return "cosignature/v1\ntime " + std::to_string(timestamp) + "\n" + std::string(text);
}

Error Malformed(std::string why) { return MakeError(Code::kMalformedNote, std::move(why)); }

std::string Hex(const NoteKeyHash& id) { return ToHex(AsChars(id.data(), id.size())); }

}  // namespace

NoteKeyHash CosignerKeyId(std::string_view name, const Ed25519PublicKey& public_key) {
  const char alg = static_cast<char>(kAlgCosignatureV1);
  const Hash32 h = Sha256({name, "\n", std::string_view(&alg, 1), AsChars(public_key.data(), public_key.size())});
  NoteKeyHash out{};
  std::copy_n(h.begin(), out.size(), out.begin());
  return out;
}

Result<std::string> FormatCosignerKey(std::string_view name, const Ed25519PublicKey& public_key) {
  if (!IsValidKeyName(name)) {
    return Fail(Code::kBadKeyName, "\"" + std::string(name) + "\" cannot name a key (empty, space, '+' or control)");
  }
  std::string key(1, static_cast<char>(kAlgCosignatureV1));
  key.append(AsChars(public_key.data(), public_key.size()));
  return std::string(name) + "+" + Hex(CosignerKeyId(name, public_key)) + "+" + Base64Encode(key);
}

Result<CosignerKey> ParseCosignerKey(std::string_view vkey) {
  const auto bad = [&](const std::string& why) {
    return Fail(Code::kMalformedVerifierKey, "cosigner key \"" + std::string(vkey) + "\": " + why);
  };
  const size_t p1 = vkey.find('+');
  const size_t p2 = p1 == std::string_view::npos ? p1 : vkey.find('+', p1 + 1);
  if (p2 == std::string_view::npos) return bad("expected <name>+<key id>+<key>");
  CosignerKey k;
  k.name = std::string(vkey.substr(0, p1));
  const std::optional<std::string> key = Base64Decode(vkey.substr(p2 + 1));
  if (!IsValidKeyName(k.name)) return bad("invalid name");
  if (!key || key->size() != 1 + k.public_key.size() || static_cast<uint8_t>((*key)[0]) != kAlgCosignatureV1) {
    return bad("not an Ed25519 cosignature v1 key (type 0x04 and 32 bytes)");
  }
  std::memcpy(k.public_key.data(), key->data() + 1, k.public_key.size());
  k.key_id = CosignerKeyId(k.name, k.public_key);
  if (Hex(k.key_id) != vkey.substr(p1 + 1, p2 - p1 - 1)) return bad("the key id does not match the name and key");
  return k;
}

Result<std::string> Cosign(std::string_view text, std::string_view name, const SigningKey& key, uint64_t timestamp) {
  if (!IsValidKeyName(name)) return Fail(Code::kBadKeyName, "\"" + std::string(name) + "\" cannot name a key");
  if (timestamp == 0 || timestamp > (uint64_t{1} << 63) - 1) return Fail(Malformed("the timestamp must be in 1..2^63-1"));
  if (text.empty() || text.back() != '\n') return Fail(Malformed("the note text must end with a newline"));
  auto sig = key.Sign(SignedMessage(text, timestamp));
  if (!sig) return Fail(sig.error());
  const NoteKeyHash id = CosignerKeyId(name, key.public_key());
  std::string blob(AsChars(id.data(), id.size()));
  for (int shift = 56; shift >= 0; shift -= 8) blob += static_cast<char>((timestamp >> shift) & 0xff);
  blob.append(AsChars(sig->data(), sig->size()));
  return std::string(kSigPrefix) + std::string(name) + " " + Base64Encode(blob) + "\n";
}

Result<uint64_t> VerifyCosignature(std::string_view note, const CosignerKey& cosigner) {
  const size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) return Fail(Malformed("no blank line before signatures"));
  const std::string_view text = note.substr(0, split + 1);
  std::string_view sigs = note.substr(split + 2);
  while (!sigs.empty()) {
    const size_t nl = sigs.find('\n');
    const std::string_view line = sigs.substr(0, nl);
    sigs.remove_prefix(nl == std::string_view::npos ? sigs.size() : nl + 1);
    if (!line.starts_with(kSigPrefix)) return Fail(Malformed("a signature line does not start with \"— \""));
    const std::string_view rest = line.substr(kSigPrefix.size());
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos) continue;
    const std::optional<std::string> blob = Base64Decode(rest.substr(space + 1));
    if (rest.substr(0, space) != cosigner.name || !blob || blob->size() < 4 ||
        std::memcmp(blob->data(), cosigner.key_id.data(), cosigner.key_id.size()) != 0) {
      continue;  // another key's signature
    }
    Ed25519Signature sig{};
    if (blob->size() != 4 + 8 + sig.size()) return Fail(Malformed("a cosignature must be 4 + 8 + 64 bytes"));
    uint64_t timestamp = 0;
    for (int i = 0; i < 8; ++i) timestamp = (timestamp << 8) | static_cast<uint8_t>((*blob)[4 + i]);
    std::memcpy(sig.data(), blob->data() + 12, sig.size());
    if (!VerifyEd25519(cosigner.public_key, SignedMessage(text, timestamp), sig)) {
      return Fail(Code::kBadNoteSignature, "the cosignature by \"" + cosigner.name +
                      "\" does not verify: the checkpoint was altered or the cosignature forged");
    }
    return timestamp;
  }
  return Fail(Code::kNoteNotSignedByKey, "the checkpoint carries no cosignature by \"" + cosigner.name + "\"");
}

Result<size_t> CountCosignatures(std::string_view note, const std::vector<CosignerKey>& cosigners) {
  size_t valid = 0;
  for (const CosignerKey& cosigner : cosigners) {
    auto ts = VerifyCosignature(note, cosigner);
    if (ts) {
      ++valid;
    } else if (!ts.error().Is(Code::kNoteNotSignedByKey)) {
      return Fail(ts.error());
    }
  }
  return valid;
}

}  // namespace bitacora
