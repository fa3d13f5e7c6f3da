// A workaround for Cap'n Proto 0.9.2's JSON decoder (Debian 12), which misreads the hex letters
// of \uXXXX escapes: "\u00e9" (é) decodes as "I", "\u001b" as U+0013, "\u20ac" (€) as U+2002.
// Clients that escape non-ASCII (Python's json.dumps does by default) would have their text
// silently changed, and an exported event holding a control character would not verify.
// Found by tests/fuzz/fuzz_command_json; every capnp::JsonCodec decode of outside text goes
// through DecodeJson / DecodeRawJson below, which apply FixUnicodeEscapes first.
#ifndef BITACORA_CORE_JSON_UNICODE_ESCAPES_H_
#define BITACORA_CORE_JSON_UNICODE_ESCAPES_H_

#include <capnp/compat/json.h>

#include <string>
#include <string_view>

namespace bitacora {

// `json` with every \uXXXX escape whose digits include a letter (a-f, A-F) replaced by what it
// stands for, which capnp 0.9.2 then reads right: the UTF-8 bytes of the code point (a pair of
// surrogate escapes as one code point), a control character as its raw byte, "\\" for U+005C.
// A lone surrogate becomes U+FFFD. Escapes of decimal digits only (\u0041, \u0000) and
// everything else are left as they are, so valid JSON stays valid and means the same. Pure.
std::string FixUnicodeEscapes(std::string_view json);

// codec.decode of outside text `json` into `out` (a struct builder), escapes fixed first. Throws
// kj::Exception when the text is not JSON of that shape, as JsonCodec does.
template <typename Builder>
void DecodeJson(const capnp::JsonCodec& codec, std::string_view json, Builder out) {
  const std::string fixed = FixUnicodeEscapes(json);
  codec.decode(kj::ArrayPtr<const char>(fixed.data(), fixed.size()), out);
}

// codec.decodeRaw of outside text `json` into a JsonValue, escapes fixed first. Throws
// kj::Exception when the text is not JSON.
inline void DecodeRawJson(const capnp::JsonCodec& codec, std::string_view json,
                          capnp::JsonValue::Builder out) {
  const std::string fixed = FixUnicodeEscapes(json);
  codec.decodeRaw(kj::ArrayPtr<const char>(fixed.data(), fixed.size()), out);
}

}  // namespace bitacora

#endif  // BITACORA_CORE_JSON_UNICODE_ESCAPES_H_
