#include "app/answer_arrays.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include "core/json/unicode_escapes.h"

namespace bitacora::app {

Result<std::vector<std::string>> SplitJsonArray(std::string_view json) {
  try {
    capnp::JsonCodec codec;
    capnp::MallocMessageBuilder message;
    auto value = message.initRoot<capnp::JsonValue>();
    DecodeRawJson(codec, json, value);
    if (value.which() != capnp::JsonValue::ARRAY) {
      return Fail(Code::kBadJson, "expected a JSON array");
    }
    std::vector<std::string> out;
    out.reserve(value.getArray().size());
    for (capnp::JsonValue::Reader e : value.asReader().getArray())
      out.emplace_back(codec.encodeRaw(e).cStr());
    return out;
  } catch (const kj::Exception& e) {
    return Fail(Code::kBadJson, e.getDescription().cStr());
  }
}

std::string JoinJsonArray(const std::vector<std::string>& elements) {
  size_t size = 2;
  for (const std::string& e : elements) size += e.size() + 1;
  std::string out;
  out.reserve(size);
  out += '[';
  for (const std::string& e : elements) {
    if (out.size() > 1) out += ',';
    out += e;
  }
  out += ']';
  return out;
}

}  // namespace bitacora::app
