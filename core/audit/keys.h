// The ledger's Ed25519 signing key, through OpenSSL's EVP interface.
//
// The private key lives in a PEM file (PKCS#8, "BEGIN PRIVATE KEY", readable by `openssl pkey`)
// created with mode 0600 and never overwritten. The public key is 32 raw bytes; it is published
// as a signed-note verifier key (core/audit/note.h).
#ifndef BITACORA_CORE_AUDIT_KEYS_H_
#define BITACORA_CORE_AUDIT_KEYS_H_

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bitacora {

using Ed25519PublicKey = std::array<uint8_t, 32>;
using Ed25519Signature = std::array<uint8_t, 64>;

// An Ed25519 private key. Move-only; the key material is freed (and cleansed by OpenSSL) with it.
// Sign is thread-safe. A moved-from key must not be used.
class SigningKey {
 public:
  // A fresh key from OpenSSL's CSPRNG. kInternal if OpenSSL fails.
  [[nodiscard]] static Result<SigningKey> Generate();

  // The key whose RFC 8032 private seed is `seed` (for known-answer tests and key import).
  // kInternal if OpenSSL fails.
  [[nodiscard]] static Result<SigningKey> FromSeed(std::span<const uint8_t, 32> seed);

  // Reads a key written by WriteToFile. Errors: kNotFound (no such file), kPermissionDenied
  // "key_file_too_open" when group or others may access it (mode & 077), kIOError,
  // kInvalidArgument "key_file_malformed" when it is not an Ed25519 private key in PEM.
  [[nodiscard]] static Result<SigningKey> ReadFromFile(const std::string& path);

  // Creates `path` with mode 0600 (at creation: open(O_CREAT | O_EXCL, 0600), so the key is never
  // readable by others, not even briefly) and writes the key, fsynced. Refuses to replace an
  // existing file (kRefused "key_file_exists"); kIOError on other failures, leaving no file.
  [[nodiscard]] Status WriteToFile(const std::string& path) const;

  // The 32-byte public key.
  const Ed25519PublicKey& public_key() const { return public_key_; }

  // The Ed25519 signature (RFC 8032, pure) of `message`. kInternal if OpenSSL fails.
  [[nodiscard]] Result<Ed25519Signature> Sign(std::string_view message) const;

  SigningKey(SigningKey&&) noexcept;
  SigningKey& operator=(SigningKey&&) noexcept;
  ~SigningKey();

 private:
  struct Impl;
  explicit SigningKey(std::unique_ptr<Impl> impl);

  std::unique_ptr<Impl> impl_;
  Ed25519PublicKey public_key_{};
};

// Checks an Ed25519 `signature` of `message` by `public_key`. kCorruption "bad_signature" if it
// does not verify (or the public key is not a valid point). Thread-safe.
[[nodiscard]] Status VerifyEd25519(const Ed25519PublicKey& public_key, std::string_view message,
                                   const Ed25519Signature& signature);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_KEYS_H_
