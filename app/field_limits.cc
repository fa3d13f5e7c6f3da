#include "app/field_limits.h"

#include <algorithm>
#include <string>

namespace bitacora::app {
namespace {

// Sorted by name. Identifiers are short; names and addresses fit a form's line; free notes fit a
// page. Well above what the desk writes, far below what blows up memory.
constexpr TextFieldLimit kLimits[] = {
    {"actorId", 64, false},
    {"address", 300, false},
    {"agency", 100, false},
    {"backdatingReason", 1000, false},
    {"batchMonth", 7, false},
    {"brand", 100, false},
    {"caseId", 40, false},
    {"clientCi", 32, false},
    {"commandId", 128, false},
    {"conditions", 2000, true},
    {"correctedValue", 1000, false},
    {"dates", 10, false},
    {"description", 500, false},
    {"documents", 200, false},
    {"field", 64, false},
    {"findings", 1000, true},
    {"fullName", 200, false},
    {"installerName", 200, false},
    {"label", 200, false},
    {"meterSerial", 64, false},
    {"name", 200, false},
    {"notes", 2000, true},
    {"orderNumber", 40, false},
    {"orderNumbers", 40, false},
    {"passwordHash", 256, false},
    {"phone", 40, false},
    {"planReference", 100, false},
    {"reason", 1000, true},
    {"reasons", 500, true},
    {"receiptNumber", 64, false},
    {"session", 64, false},
    {"stream", 128, false},
    {"subscriberNumber", 40, false},
    {"technician", 100, false},
    {"text", 4000, true},
    {"tokenHash", 64, false},
    {"username", 64, false},
    {"window", 40, false},
};

constexpr TextFieldLimit kUnlisted{"", 200, false};

Status CheckText(std::string_view path, const TextFieldLimit& limit, std::string_view text) {
  if (text.size() > limit.max_bytes) {
    return Fail(Code::kFieldTooLong, "El campo " + std::string(path) + " admite hasta " +
                                         std::to_string(limit.max_bytes) + " bytes; llegaron " +
                                         std::to_string(text.size()) + ".");
  }
  if (HasForbiddenControl(text, limit.multiline)) {
    return Fail(Code::kControlCharacter, "El campo " + std::string(path) + " lleva un carácter de control" +
                                             (limit.multiline ? " (solo se admiten salto de línea y tabulador)." : "."));
  }
  return Ok();
}

Status CheckStruct(capnp::DynamicStruct::Reader value, const std::string& prefix);

Status CheckValue(capnp::DynamicValue::Reader value, capnp::Type type, const std::string& path,
                  const TextFieldLimit& limit) {
  if (type.isText()) return CheckText(path, limit, value.as<capnp::Text>().cStr());
  if (type.isStruct()) return CheckStruct(value.as<capnp::DynamicStruct>(), path + ".");
  if (type.isList()) {
    const capnp::Type element = type.asList().getElementType();
    auto list = value.as<capnp::DynamicList>();
    for (unsigned i = 0; i < list.size(); ++i) {
      if (Status s = CheckValue(list[i], element, path, limit); !s) return s;
    }
  }
  return Ok();
}

Status CheckStruct(capnp::DynamicStruct::Reader value, const std::string& prefix) {
  for (auto field : value.getSchema().getFields()) {
    if (!value.has(field, capnp::HasMode::NON_DEFAULT)) continue;
    const std::string name = field.getProto().getName().cStr();
    const TextFieldLimit* limit = FindTextFieldLimit(name);
    if (Status s = CheckValue(value.get(field), field.getType(), prefix + name, limit ? *limit : kUnlisted); !s) {
      return s;
    }
  }
  return Ok();
}

}  // namespace

std::span<const TextFieldLimit> TextFieldLimits() { return kLimits; }

const TextFieldLimit* FindTextFieldLimit(std::string_view field) {
  auto it = std::lower_bound(std::begin(kLimits), std::end(kLimits), field,
                             [](const TextFieldLimit& row, std::string_view name) { return row.field < name; });
  return it != std::end(kLimits) && it->field == field ? &*it : nullptr;
}

bool HasForbiddenControl(std::string_view text, bool multiline) {
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7f) {
      if (multiline && (c == '\n' || c == '\t')) continue;
      return true;
    }
    if (c == 0xc2 && i + 1 < text.size()) {  // U+0080-U+009F
      const auto d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9f) return true;
    }
    if (c == 0xe2 && i + 2 < text.size()) {
      const auto d = static_cast<unsigned char>(text[i + 1]);
      const auto e = static_cast<unsigned char>(text[i + 2]);
      if (d == 0x80 && e >= 0xaa && e <= 0xae) return true;  // U+202A-U+202E
      if (d == 0x81 && e >= 0xa6 && e <= 0xa9) return true;  // U+2066-U+2069
    }
  }
  return false;
}

Status CheckTextFields(capnp::DynamicStruct::Reader decoded) { return CheckStruct(decoded, ""); }

}  // namespace bitacora::app
