#include "app/json_checks.h"

#include <set>
#include <string>
#include <string_view>

#include "app/utf8.h"

namespace bitacora::app {
namespace {

Status CheckText(std::string_view text, std::string_view where) {
  if (!IsUtf8(text)) {
    return Fail(Code::kBadText, std::string(where) + ": the text is not well-formed UTF-8");
  }
  if (text.find('\0') != std::string_view::npos) {
    return Fail(Code::kBadText, std::string(where) + ": the text holds a NUL character");
  }
  return Ok();
}

std::string_view View(capnp::Text::Reader text) { return std::string_view(text.begin(), text.size()); }

Status CheckValue(capnp::JsonValue::Reader value, std::string_view where) {
  switch (value.which()) {
    case capnp::JsonValue::STRING: return CheckText(View(value.getString()), where);
    case capnp::JsonValue::ARRAY:
      for (auto element : value.getArray()) {
        if (Status s = CheckValue(element, where); !s) return s;
      }
      return Ok();
    case capnp::JsonValue::OBJECT: {
      std::set<std::string_view> seen;
      for (auto member : value.getObject()) {
        const std::string_view name = View(member.getName());
        if (Status s = CheckText(name, "a member name"); !s) return s;
        if (!seen.insert(name).second) {
          return Fail(Code::kBadJson, "the member \"" + std::string(name) + "\" appears more than once");
        }
        if (Status s = CheckValue(member.getValue(), "field " + std::string(name)); !s) return s;
      }
      return Ok();
    }
    default: return Ok();
  }
}

std::string EnumNames(capnp::EnumSchema schema) {
  std::string out;
  for (auto e : schema.getEnumerants()) {
    if (!out.empty()) out += ", ";
    out += e.getProto().getName().cStr();
  }
  return out;
}

Status CheckEnumName(capnp::JsonValue::Reader value, capnp::Type type, std::string_view field);

Status CheckEnum(capnp::DynamicEnum value, std::string_view field) {
  if (value.getEnumerant() != nullptr) return Ok();
  return Fail(Code::kBadJson, "field " + std::string(field) + ": " + std::to_string(value.getRaw()) +
                  " is not one of its values (give the name)");
}

Status CheckListEnums(capnp::DynamicList::Reader list, std::string_view field) {
  for (auto element : list) {
    if (element.getType() == capnp::DynamicValue::ENUM) {
      if (Status s = CheckEnum(element.as<capnp::DynamicEnum>(), field); !s) return s;
    } else if (element.getType() == capnp::DynamicValue::STRUCT) {
      if (Status s = CheckEnums(element.as<capnp::DynamicStruct>()); !s) return s;
    }
  }
  return Ok();
}

// A JSON number where `type` (of field `field`) is an enum, or a list of enums.
Status CheckEnumName(capnp::JsonValue::Reader value, capnp::Type type, std::string_view field) {
  if (type.isEnum() && value.which() == capnp::JsonValue::NUMBER) {
    return Fail(Code::kBadJson, "field " + std::string(field) + ": an enum is given by its name (one of " +
                                    EnumNames(type.asEnum()) + "), not by a number");
  }
  if (type.isStruct() && value.which() == capnp::JsonValue::OBJECT) {
    return CheckEnumsByName(value, type.asStruct());
  }
  if (type.isList() && value.which() == capnp::JsonValue::ARRAY) {
    for (auto element : value.getArray()) {
      if (Status s = CheckEnumName(element, type.asList().getElementType(), field); !s) return s;
    }
  }
  return Ok();
}

}  // namespace

Status CheckEnumsByName(capnp::JsonValue::Reader value, capnp::StructSchema schema) {
  if (value.which() != capnp::JsonValue::OBJECT) return Ok();
  for (auto member : value.getObject()) {
    const std::string_view name = View(member.getName());
    KJ_IF_MAYBE(field, schema.findFieldByName(kj::StringPtr(std::string(name).c_str()))) {
      if (Status s = CheckEnumName(member.getValue(), field->getType(), name); !s) return s;
    }
  }
  return Ok();
}

Status CheckEscapes(std::string_view json) {
  const auto unit = [&](size_t at) -> long {  // the code unit of a "\uXXXX" at json[at], or -1
    if (at + 6 > json.size() || json[at] != '\\' || json[at + 1] != 'u') return -1;
    const std::string hex(json.substr(at + 2, 4));
    if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return -1;
    return std::stol(hex, nullptr, 16);
  };
  for (size_t i = 0; i < json.size(); ++i) {
    if (json[i] != '\\') continue;
    const long u = unit(i);
    if (u < 0) {
      ++i;  // another escape ("\\", "\""): skip the escaped character
      continue;
    }
    const bool high = u >= 0xD800 && u <= 0xDBFF;
    const bool low = u >= 0xDC00 && u <= 0xDFFF;
    const long next = high ? unit(i + 6) : -1;
    if (low || (high && !(next >= 0xDC00 && next <= 0xDFFF))) {
      return Fail(Code::kBadText, "the escape " + std::string(json.substr(i, 6)) + " is half of a UTF-16 surrogate pair");
    }
    i += high ? 11 : 5;
  }
  return Ok();
}

Status CheckJsonValue(capnp::JsonValue::Reader value) { return CheckValue(value, "the body"); }

Status CheckEnums(capnp::DynamicStruct::Reader decoded) {
  for (auto field : decoded.getSchema().getFields()) {
    if (!decoded.has(field)) continue;
    const std::string name = field.getProto().getName();
    auto value = decoded.get(field);
    Status s = Ok();
    switch (value.getType()) {
      case capnp::DynamicValue::ENUM: s = CheckEnum(value.as<capnp::DynamicEnum>(), name); break;
      case capnp::DynamicValue::STRUCT: s = CheckEnums(value.as<capnp::DynamicStruct>()); break;
      case capnp::DynamicValue::LIST: s = CheckListEnums(value.as<capnp::DynamicList>(), name); break;
      default: break;
    }
    if (!s) return s;
  }
  return Ok();
}

}  // namespace bitacora::app
