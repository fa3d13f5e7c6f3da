// Answers that are JSON arrays of an api.capnp struct (GET /v1/tokens, the reports): capnp-json
// encodes and decodes structs, so the array around them is split and joined here, and each element
// goes through the one answer codec (app/answer_codec.h).
#ifndef BITACORA_APP_ANSWER_ARRAYS_H_
#define BITACORA_APP_ANSWER_ARRAYS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace bitacora::app {

// The text of each element of the JSON array `json`, in order, each re-encoded compactly.
// kInvalidArgument "bad_json" when `json` is not a JSON array. Thread-safe.
[[nodiscard]] Result<std::vector<std::string>> SplitJsonArray(std::string_view json);

// `elements` (each a JSON text) joined into one array: "[a,b]". Pure.
std::string JoinJsonArray(const std::vector<std::string>& elements);

}  // namespace bitacora::app

#endif  // BITACORA_APP_ANSWER_ARRAYS_H_
