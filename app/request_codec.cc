#include "app/request_codec.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include <string>

#include "app/answer_codec.h"
#include "app/json_checks.h"
#include "core/json/unicode_escapes.h"

namespace bitacora::app {
namespace {

using JV = capnp::JsonValue;

Status CheckKnownMembers(JV::Reader value, capnp::StructSchema schema, const std::string& path);

// kInvalidArgument "bad_json" when `value`, of capnp type `type`, is an enum given as a number
// (docs/rest.md: enums are names), or holds a member its struct does not declare, at any depth.
Status CheckValue(JV::Reader value, capnp::Type type, const std::string& where) {
  if (type.isEnum() && value.which() != JV::STRING) {
    return Fail(Code::kBadJson, "\"" + where + "\" must be the name of a value, not a number");
  }
  if (type.isStruct()) return CheckKnownMembers(value, type.asStruct(), where);
  if (type.isList() && value.which() == JV::ARRAY) {
    const capnp::Type element = type.asList().getElementType();
    unsigned i = 0;
    for (JV::Reader e : value.getArray()) {
      Status s = CheckValue(e, element, where + "[" + std::to_string(i++) + "]");
      if (!s) return s;
    }
  }
  return Ok();
}

// kInvalidArgument "bad_json" for the first member of `value` (an object, as CheckRequired of the
// codec makes sure) that `schema` does not declare, looking into nested objects and lists.
Status CheckKnownMembers(JV::Reader value, capnp::StructSchema schema, const std::string& path) {
  if (value.which() != JV::OBJECT) return Ok();  // the codec names the wrong type
  for (JV::Field::Reader member : value.getObject()) {
    const std::string name = member.getName().cStr();
    const std::string where = path.empty() ? name : path + "." + name;
    KJ_IF_MAYBE (field, schema.findFieldByName(member.getName())) {
      if (Status s = CheckValue(member.getValue(), field->getType(), where); !s) return s;
    } else {
      return Fail(Code::kBadJson, "unknown field \"" + where + "\"");
    }
  }
  return Ok();
}

}  // namespace

Status DecodeRequest(std::string_view json, capnp::DynamicStruct::Builder request) {
  capnp::MallocMessageBuilder parsed;
  auto value = parsed.initRoot<JV>();
  try {
    DecodeRawJson(capnp::JsonCodec(), json, value);
  } catch (const kj::Exception& e) {
    return Fail(Code::kBadJson, e.getDescription().cStr());
  }
  if (value.which() != JV::OBJECT) return Fail(Code::kBadJson, "expected a JSON object");
  if (Status s = CheckJsonValue(value.asReader()); !s) return s;
  if (Status s = CheckEscapes(json); !s) return s;
  if (Status s = CheckKnownMembers(value.asReader(), request.getSchema(), ""); !s) return s;
  if (Status s = CheckEnumsByName(value.asReader(), request.getSchema()); !s) return s;
  return DecodeAnswer(json, request);
}

}  // namespace bitacora::app
