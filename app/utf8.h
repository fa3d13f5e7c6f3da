// UTF-8 checks for what arrives over HTTP: request text must be well-formed before it is decoded
// into a command (and so before it can reach the log), and answers must stay well-formed JSON
// even when they echo what the client sent.
#ifndef BITACORA_CLI_REST_UTF8_H_
#define BITACORA_CLI_REST_UTF8_H_

#include <cstddef>
#include <string>
#include <string_view>

namespace bitacora::app {

// The length of the well-formed UTF-8 sequence at text[at] (1 to 4), or 0 when it is not one:
// a stray continuation byte, a sequence cut short, an overlong form, a UTF-16 surrogate
// (U+D800..U+DFFF) or a code point past U+10FFFF. `at` must be < text.size().
size_t Utf8SequenceLength(std::string_view text, size_t at);

// Whether all of `text` is well-formed UTF-8.
bool IsUtf8(std::string_view text);

// `text` with each byte that does not start a well-formed sequence replaced by U+FFFD.
std::string ToUtf8(std::string_view text);

}  // namespace bitacora::app

#endif  // BITACORA_CLI_REST_UTF8_H_
