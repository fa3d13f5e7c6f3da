// Standard base64 (RFC 4648 section 4, with padding), as signed notes and checkpoints use it.
#ifndef BITACORA_CORE_AUDIT_BASE64_H_
#define BITACORA_CORE_AUDIT_BASE64_H_

#include <optional>
#include <string>
#include <string_view>

namespace bitacora {

// Encodes `bytes` with the standard alphabet and '=' padding. Thread-safe.
std::string Base64Encode(std::string_view bytes);

// Decodes canonical standard base64: length a multiple of 4, '=' padding only at the end, unused
// bits zero, no whitespace. Returns nullopt on anything else. Thread-safe.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_BASE64_H_
