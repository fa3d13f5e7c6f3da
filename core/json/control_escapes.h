// Text for terminals and text tables: control characters shown as escapes, so that a name
// holding an escape sequence or a line break cannot clear the screen or forge a row.
#ifndef BITACORA_CORE_JSON_CONTROL_ESCAPES_H_
#define BITACORA_CORE_JSON_CONTROL_ESCAPES_H_

#include <string>
#include <string_view>

namespace bitacora {

// `text` with each C0 control (U+0000-U+001F) and DEL written as \xHH (ESC as \x1b, a line feed
// as \x0a) and each C1 control (U+0080-U+009F, UTF-8 C2 80-C2 9F) as \u00HH. Everything else,
// UTF-8 included, is kept as it is. Pure.
std::string EscapeControls(std::string_view text);

// True when `text` holds a character EscapeControls would escape. Pure.
bool HasControls(std::string_view text);

}  // namespace bitacora

#endif  // BITACORA_CORE_JSON_CONTROL_ESCAPES_H_
