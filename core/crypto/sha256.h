// SHA-256 through OpenSSL.
#ifndef BITACORA_CORE_CRYPTO_SHA256_H_
#define BITACORA_CORE_CRYPTO_SHA256_H_

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace bitacora {

using Hash32 = std::array<uint8_t, 32>;

// SHA-256 of the concatenation of `parts`. Thread-safe.
Hash32 Sha256(std::initializer_list<std::string_view> parts);

// Lowercase hex of `bytes`.
std::string ToHex(std::string_view bytes);
inline std::string ToHex(const Hash32& h) {
  return ToHex(std::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}
// Parses 64 hex digits; false on anything else.
bool FromHex(std::string_view hex, Hash32* out);

inline std::string_view AsView(const Hash32& h) {
  return std::string_view(reinterpret_cast<const char*>(h.data()), h.size());
}

}  // namespace bitacora

#endif  // BITACORA_CORE_CRYPTO_SHA256_H_
