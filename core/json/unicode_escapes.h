// A workaround for Cap'n Proto 0.9.2's JSON decoder (Debian 12), which misreads the hex letters
// of \uXXXX escapes: "\u00e9" (é) decodes as "I", "\u001b" as U+0013, "\u20ac" (€) as U+2002.
// Clients that escape non-ASCII (Python's json.dumps does by default) would have their text
// silently changed, and an exported event holding a control character would not verify.
// Found by tests/fuzz/fuzz_command_json; every capnp::JsonCodec decode of outside text goes
// through FixUnicodeEscapes first.
#ifndef BITACORA_CORE_JSON_UNICODE_ESCAPES_H_
#define BITACORA_CORE_JSON_UNICODE_ESCAPES_H_

#include <string>
#include <string_view>

namespace bitacora {

// `json` with every \uXXXX escape whose digits include a letter (a-f, A-F) replaced by what it
// stands for, which capnp 0.9.2 then reads right: the UTF-8 bytes of the code point (a pair of
// surrogate escapes as one code point), a control character as its raw byte, "\\" for U+005C.
// A lone surrogate becomes U+FFFD. Escapes of decimal digits only (\u0041, \u0000) and
// everything else are left as they are, so valid JSON stays valid and means the same. Pure.
std::string FixUnicodeEscapes(std::string_view json);

}  // namespace bitacora

#endif  // BITACORA_CORE_JSON_UNICODE_ESCAPES_H_
