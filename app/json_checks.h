// What a request's JSON must also satisfy beyond what capnp-json enforces, so that nothing
// ambiguous or ill-formed is decoded into a command (and so into the log):
// - no object names a member twice (parsers disagree on which one counts);
// - every string, member names included, is well-formed UTF-8 without NUL (capnp-json passes
//   raw bytes through and decodes the escapes "\ud800" and "\u0000" as they come);
// - every enum is one of its named members, given by its name (capnp-json takes any number as an
//   enum).
#ifndef BITACORA_APP_JSON_CHECKS_H_
#define BITACORA_APP_JSON_CHECKS_H_

#include <capnp/compat/json.h>
#include <capnp/dynamic.h>
#include <capnp/schema.h>

#include <string_view>

#include "core/result.h"

namespace bitacora::app {

// kInvalidArgument "bad_json" for a repeated member, "bad_text" for a string that is not
// well-formed UTF-8 or holds a NUL; Ok otherwise.
[[nodiscard]] Status CheckJsonValue(capnp::JsonValue::Reader value);

// kInvalidArgument "bad_text" when the JSON text `json` has a \u escape of half a UTF-16 surrogate
// pair without its other half ("\ud800"): capnp-json would store it as U+FFFD, altering the text.
[[nodiscard]] Status CheckEscapes(std::string_view json);

// kInvalidArgument "bad_json" naming the field when `value`, a JSON object for a struct of
// `schema`, gives an enum (anywhere in it, lists and nested structs included) as a number
// ({"kind":0}) instead of its name. Members that are not fields are left to the decoder. Pure.
[[nodiscard]] Status CheckEnumsByName(capnp::JsonValue::Reader value, capnp::StructSchema schema);

// kInvalidArgument "bad_json" when an enum anywhere in `decoded` is not a named member.
[[nodiscard]] Status CheckEnums(capnp::DynamicStruct::Reader decoded);

}  // namespace bitacora::app

#endif  // BITACORA_APP_JSON_CHECKS_H_
