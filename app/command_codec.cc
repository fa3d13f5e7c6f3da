#include "app/command_codec.h"

#include <openssl/rand.h>

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>

#include "app/field_limits.h"
#include "app/json_checks.h"
#include "core/json/unicode_escapes.h"

namespace bitacora::app {
namespace {

// Lower-case letters and digits only: "NEW_CONNECTION", "new-connection", "newConnection" agree.
std::string Fold(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '-' || c == '_' || c == ' ') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string FieldName(capnp::StructSchema::Field field) { return field.getProto().getName(); }

Status BadValue(capnp::StructSchema::Field field, std::string_view text, std::string_view want) {
  return Fail(Code::kBadValue, std::string("field ") + FieldName(field) + ": \"" + std::string(text) +
                  "\" is not " + std::string(want));
}

template <class T>
bool ParseInt(std::string_view text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string EnumChoices(capnp::EnumSchema schema) {
  std::string out;
  for (auto e : schema.getEnumerants()) {
    if (!out.empty()) out += ", ";
    out += e.getProto().getName().cStr();
  }
  return out;
}

void Configure(capnp::JsonCodec& codec) {
  codec.setRejectUnknownFields(true);
  codec.handleByAnnotation<schema::Command>();
}

// Sets one scalar value of type `type` (for a field or list element) via `set`.
template <class Setter>
Status SetScalar(capnp::Type type, capnp::StructSchema::Field field, std::string_view text,
                 Setter&& set) {
  using W = capnp::schema::Type;
  switch (type.which()) {
    case W::TEXT: set(capnp::Text::Reader(text.data(), text.size())); return Ok();
    case W::BOOL: {
      std::string f = Fold(text);
      if (f == "true" || f == "yes" || f == "1" || f == "si") set(true);
      else if (f == "false" || f == "no" || f == "0") set(false);
      else return BadValue(field, text, "true or false");
      return Ok();
    }
    case W::INT8: case W::INT16: case W::INT32: case W::INT64: {
      int64_t v = 0;
      if (!ParseInt(text, v)) return BadValue(field, text, "an integer");
      set(v);
      return Ok();
    }
    case W::UINT8: case W::UINT16: case W::UINT32: case W::UINT64: {
      uint64_t v = 0;
      if (!ParseInt(text, v)) return BadValue(field, text, "a non-negative integer");
      set(v);
      return Ok();
    }
    case W::ENUM: {
      const std::string want = Fold(text);
      for (auto e : type.asEnum().getEnumerants()) {
        if (Fold(e.getProto().getName().cStr()) == want) {
          set(capnp::DynamicEnum(e));
          return Ok();
        }
      }
      return BadValue(field, text, "one of " + EnumChoices(type.asEnum()));
    }
    default:
      return Fail(Code::kBadValue, "field " + FieldName(field) + " cannot be given as text");
  }
}

// Runs `fn`, turning a KJ exception (range errors, malformed JSON) into kInvalidArgument.
// KJ's "expected <condition>; <what>; name = x" made readable: "<what>: x".
std::string Readable(std::string description) {
  if (description.rfind("expected ", 0) == 0) {
    const size_t semi = description.find("; ");
    if (semi != std::string::npos) description = description.substr(semi + 2);
  }
  const size_t name = description.find("; name = ");
  if (name != std::string::npos) {
    description = description.substr(0, name) + ": \"" + description.substr(name + 9) + "\"";
  }
  return description;
}

template <class Fn>
Status Guard(Code code, Fn&& fn) {
  try {
    return fn();
  } catch (const kj::Exception& e) {
    return Fail(code, Readable(e.getDescription().cStr()));
  }
}

Status SetStructFromPairs(capnp::DynamicStruct::Builder element, std::string_view text) {
  auto schema = element.getSchema();
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view pair = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      return Fail(Code::kBadValue, "\"" + std::string(pair) + "\" is not key=value");
    }
    const std::string key = Fold(pair.substr(0, eq));
    std::optional<capnp::StructSchema::Field> found;
    for (auto f : schema.getFields()) {
      if (Fold(f.getProto().getName().cStr()) == key) found = f;
    }
    if (!found) {
      return Fail(Code::kUnknownField, "unknown field \"" + std::string(pair.substr(0, eq)) + "\"");
    }
    if (Status s = SetFromText(element, *found, pair.substr(eq + 1)); !s) return s;
  }
  return Ok();
}

}  // namespace

std::string KebabCase(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      out.push_back('-');
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<CommandKind> CommandKinds() {
  std::vector<CommandKind> out;
  for (auto field : capnp::Schema::from<schema::Command>().getUnionFields()) {
    CommandKind kind{field, field.getType().asStruct(),
                     static_cast<schema::Command::Which>(field.getProto().getDiscriminantValue()),
                     field.getProto().getName(), KebabCase(field.getProto().getName().cStr())};
    out.push_back(std::move(kind));
  }
  return out;
}

std::optional<CommandKind> FindCommandKind(std::string_view name) {
  for (CommandKind& kind : CommandKinds()) {
    if (kind.name == name || kind.verb == name) return kind;
  }
  return std::nullopt;
}

Status SetFromText(capnp::DynamicStruct::Builder target, capnp::StructSchema::Field field,
                   std::string_view text) {
  return Guard(Code::kBadValue, [&]() -> Status {
    return SetScalar(field.getType(), field, text,
                     [&](capnp::DynamicValue::Reader v) { target.set(field, v); });
  });
}

Status SetListFromText(capnp::DynamicStruct::Builder target, capnp::StructSchema::Field field,
                       const std::vector<std::string>& items) {
  if (!field.getType().isList()) {
    return Fail(Code::kBadValue, "field " + FieldName(field) + " is not a list");
  }
  return Guard(Code::kBadValue, [&]() -> Status {
    const capnp::Type element = field.getType().asList().getElementType();
    auto list = target.init(field, static_cast<unsigned>(items.size())).as<capnp::DynamicList>();
    for (unsigned i = 0; i < items.size(); ++i) {
      const std::string& item = items[i];
      if (element.isStruct()) {
        auto member = list[i].as<capnp::DynamicStruct>();
        if (!item.empty() && item.front() == '{') {
          capnp::JsonCodec codec;
    Configure(codec);
          DecodeJson(codec, item, member);
        } else if (Status s = SetStructFromPairs(member, item); !s) {
          return s;
        }
      } else if (Status s = SetScalar(element, field, item,
                                      [&](capnp::DynamicValue::Reader v) { list.set(i, v); });
                 !s) {
        return s;
      }
    }
    return Ok();
  });
}

Status DecodeCommandJson(const CommandKind& kind, std::string_view json,
                         schema::Command::Builder command) {
  return CommandDecoder().Decode(kind, json, command);
}

CommandDecoder::CommandDecoder() : kinds_(CommandKinds()) { Configure(codec_); }

const CommandKind* CommandDecoder::Find(std::string_view name) const {
  for (const CommandKind& kind : kinds_) {
    if (kind.name == name || kind.verb == name) return &kind;
  }
  return nullptr;
}

Status CommandDecoder::Decode(const CommandKind& kind, std::string_view json,
                              schema::Command::Builder command) const {
  return Guard(Code::kBadJson, [&]() -> Status {
    if (Status escapes = CheckEscapes(json); !escapes) return escapes;
    capnp::MallocMessageBuilder parsed;
    auto value = parsed.initRoot<capnp::JsonValue>();
    DecodeRawJson(codec_, json, value);
    if (Status checked = CheckJsonValue(value.asReader()); !checked) return checked;
    if (Status named = CheckEnumsByName(value.asReader(), kind.params); !named) return named;
    auto member = capnp::toDynamic(command).init(kind.field).as<capnp::DynamicStruct>();
    codec_.decode(value.asReader(), member);
    if (Status enums = CheckEnums(member.asReader()); !enums) return enums;
    return CheckTextFields(member.asReader());
  });
}

std::string EncodeCommandJson(schema::Command::Reader command) {
  auto root = capnp::toDynamic(command);
  KJ_IF_MAYBE(field, root.which()) {
    return EncodeJson(root.get(*field).as<capnp::DynamicStruct>());
  }
  return "{}";
}

std::string EncodeJson(capnp::DynamicStruct::Reader value) {
  capnp::JsonCodec codec;
  codec.handleByAnnotation(value.getSchema());
  return codec.encode(value).cStr();
}

Result<schema::Role> ParseRole(std::string_view text) {
  const std::string want = Fold(text);
  for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
    if (Fold(e.getProto().getName().cStr()) == want) return static_cast<schema::Role>(e.getOrdinal());
  }
  return Fail(Code::kBadRole, "unknown role \"" + std::string(text) + "\" (one of " +
                  EnumChoices(capnp::Schema::from<schema::Role>()) + ")");
}

std::string RoleName(schema::Role role) {
  auto enumerants = capnp::Schema::from<schema::Role>().getEnumerants();
  const auto i = static_cast<unsigned>(role);
  return i < enumerants.size() ? enumerants[i].getProto().getName().cStr() : "unknown";
}

std::string NewCommandId() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return "";
  std::string out = "cli-";
  for (unsigned char b : bytes) {
    char hex[3];
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned>(b));
    out += hex;
  }
  return out;
}

}  // namespace bitacora::app
