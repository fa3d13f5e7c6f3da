// The bodies of the requests that are not commands (POST /v1/tokens, POST /v1/backup), declared in
// events/api.capnp (TokenRequest, BackupRequest) and decoded with the answers' codec, as strictly
// as the command codec decodes a command: the client sends them, so nothing it did not mean may
// slip through.
#ifndef BITACORA_APP_REQUEST_CODEC_H_
#define BITACORA_APP_REQUEST_CODEC_H_

#include <capnp/dynamic.h>

#include <string_view>

#include "core/result.h"

namespace bitacora::app {

// Decodes the request body `json` into `request`, a struct of api.capnp. Refused with
// kInvalidArgument: "bad_json" for malformed JSON, a body that is not an object, a member the
// struct lacks (at any depth), a member named twice, a value of the wrong type or a required member
// missing; "bad_text" for a string that is not well-formed UTF-8, holds a NUL or half a surrogate
// pair. On a refusal `request` may hold part of the body. Thread-safe.
[[nodiscard]] Status DecodeRequest(std::string_view json, capnp::DynamicStruct::Builder request);

}  // namespace bitacora::app

#endif  // BITACORA_APP_REQUEST_CODEC_H_
