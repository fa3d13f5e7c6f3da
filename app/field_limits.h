// The one table of how long each text field of a command may be and whether it may hold line
// breaks (events/commands.capnp names the fields; the table is keyed by field name, one row
// serving every command that has a field of that name). Enforced when a command is decoded from
// JSON (CommandDecoder::Decode): a 60,000-byte name or raw control bytes never reach the log.
#ifndef BITACORA_APP_FIELD_LIMITS_H_
#define BITACORA_APP_FIELD_LIMITS_H_

#include <capnp/dynamic.h>

#include <span>
#include <string_view>

#include "core/result.h"

namespace bitacora::app {

struct TextFieldLimit {
  std::string_view field;  // the field's name in events/commands.capnp ("fullName")
  size_t max_bytes;        // UTF-8 bytes; for a List(Text), of each element
  bool multiline;          // free notes: line feed and tab allowed
};

// Every row. Pure.
std::span<const TextFieldLimit> TextFieldLimits();

// The row of `field`, or nullptr when the table has none. Pure.
const TextFieldLimit* FindTextFieldLimit(std::string_view field);

// Whether `text` holds a control character a field with `multiline` does not allow: C0 controls
// and DEL (but LF and TAB when multiline; never CR), C1 controls (U+0080-U+009F) and the
// bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069), which reorder what a
// reader sees. Expects well-formed UTF-8. Pure.
bool HasForbiddenControl(std::string_view text, bool multiline);

// Checks every Text and List(Text) field of `decoded`, nested structs and lists included:
// kInvalidArgument "field_too_long" or "control_character" naming the field (a field the table
// does not know gets the strictest row: 200 bytes, one line). Pure.
[[nodiscard]] Status CheckTextFields(capnp::DynamicStruct::Reader decoded);

}  // namespace bitacora::app

#endif  // BITACORA_APP_FIELD_LIMITS_H_
