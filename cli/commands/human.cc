#include "cli/commands/human.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/debug.h>
#include <kj/exception.h>

#include <cstdio>
#include <string>
#include <vector>

#include "core/json/control_escapes.h"
#include "core/json/unicode_escapes.h"

namespace bitacora {
namespace {

using JV = capnp::JsonValue;

std::string Scalar(JV::Reader v) {
  switch (v.which()) {
    case JV::STRING:
      return EscapeControls(v.getString().cStr());
    case JV::NUMBER: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", v.getNumber());
      return buf;
    }
    case JV::BOOLEAN:
      return v.getBoolean() ? "sí" : "no";
    case JV::NULL_:
      return "-";
    default:
      return "";
  }
}

std::string Member(JV::Reader object, const char* name) {
  if (object.which() != JV::OBJECT) return "";
  for (auto f : object.getObject()) {
    if (std::string_view(f.getName().cStr()) == name) return Scalar(f.getValue());
  }
  return "";
}

// " [token:…]" after a folder or history line when a credential acted, so two credentials of one
// actor are told apart on the screen as in the log.
std::string CredentialSuffix(const std::string& credential) {
  return credential.empty() || credential == "-" ? "" : " [" + credential + "]";
}

// "corregido en #N: field «before» → «after»" under an entry, for each correction of it.
void AppendCorrections(JV::Reader entry, const std::string& pad, std::string& out) {
  for (auto f : entry.getObject()) {
    if (std::string_view(f.getName().cStr()) != "corrections" || f.getValue().which() != JV::ARRAY) continue;
    for (auto note : f.getValue().getArray()) {
      out += pad + "corregido en #" + Member(note, "position") + ": " + Member(note, "field") + " «" +
             Member(note, "previousValue") + "» → «" + Member(note, "correctedValue") + "» (" +
             Member(note, "actor") + ", " + Member(note, "recordedAt") + ")\n";
    }
  }
}

bool IsEntry(JV::Reader v) { return v.which() == JV::OBJECT && !Member(v, "label").empty(); }

void Render(JV::Reader value, const std::string& indent, std::string& out) {
  for (auto f : value.getObject()) {
    const std::string name = f.getName().cStr();
    JV::Reader v = f.getValue();
    if (v.which() == JV::OBJECT) {
      out += indent + name + ":\n";
      Render(v, indent + "  ", out);
    } else if (v.which() == JV::ARRAY) {
      auto items = v.getArray();
      if (items.size() > 0 && IsEntry(items[0])) {
        out += indent + name + ":\n";
        for (auto e : items) {
          char line[512];
          std::snprintf(line, sizeof line, "%s  #%-7s %s  %-42s %-18s %s (%s)%s\n", indent.c_str(),
                        Member(e, "position").c_str(), Member(e, "recordedAt").c_str(),
                        Member(e, "label").c_str(), Member(e, "document").c_str(),
                        Member(e, "actor").c_str(), Member(e, "role").c_str(),
                        CredentialSuffix(Member(e, "credential")).c_str());
          out += line;
          const std::string pad = indent + std::string(12, ' ');
          if (const std::string detail = Member(e, "detail"); !detail.empty() && detail != "-") {
            out += pad + detail + "\n";
          }
          AppendCorrections(e, pad, out);
        }
      } else if (items.size() > 0 && items[0].which() == JV::OBJECT) {
        out += indent + name + ":\n";
        for (auto e : items) {
          out += indent + "  -";
          for (auto g : e.getObject())
            out += std::string(" ") + g.getName().cStr() + "=" + Scalar(g.getValue());
          out += "\n";
        }
      } else {
        std::string joined;
        for (auto e : items) joined += (joined.empty() ? "" : ", ") + Scalar(e);
        out += indent + name + ": " + joined + "\n";
      }
    } else {
      out += indent + name + ": " + Scalar(v) + "\n";
    }
  }
}

// ---- From the structs -----------------------------------------------------------------------

using capnp::DynamicStruct;
using capnp::DynamicValue;

std::string Hex(capnp::Data::Reader data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : data) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string ScalarOf(DynamicValue::Reader v) {
  switch (v.getType()) {
    case DynamicValue::TEXT:
      return EscapeControls(v.as<capnp::Text>().cStr());
    case DynamicValue::DATA:
      return Hex(v.as<capnp::Data>());
    case DynamicValue::BOOL:
      return v.as<bool>() ? "sí" : "no";
    case DynamicValue::INT:
      return std::to_string(v.as<int64_t>());
    case DynamicValue::UINT:
      return std::to_string(v.as<uint64_t>());
    case DynamicValue::FLOAT:
      return std::to_string(v.as<double>());
    case DynamicValue::ENUM: {
      KJ_IF_MAYBE (e, v.as<capnp::DynamicEnum>().getEnumerant())
        return e->getProto().getName().cStr();
      return std::to_string(v.as<capnp::DynamicEnum>().getRaw());
    }
    default:
      return "";
  }
}

// The scalar field `name` of `s` as text; "" when it has none.
std::string FieldText(DynamicStruct::Reader s, const char* name) {
  KJ_IF_MAYBE (field, s.getSchema().findFieldByName(name)) return ScalarOf(s.get(*field));
  return "";
}

// The fields of `s` that are set (the active member of its union; pointers that are not null).
std::vector<capnp::StructSchema::Field> Present(DynamicStruct::Reader s) {
  std::vector<capnp::StructSchema::Field> out;
  for (auto f : s.getSchema().getFields()) {
    if (f.getProto().getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT) {
      KJ_IF_MAYBE (active, s.which()) {
        if (*active == f) out.push_back(f);
      }
      continue;
    }
    if (s.has(f)) out.push_back(f);
  }
  return out;
}

void RenderStruct(DynamicStruct::Reader s, const std::string& indent, std::string& out) {
  for (auto f : Present(s)) {
    const std::string name = f.getProto().getName().cStr();
    DynamicValue::Reader v = s.get(f);
    if (v.getType() == DynamicValue::STRUCT) {
      out += indent + name + ":\n";
      RenderStruct(v.as<DynamicStruct>(), indent + "  ", out);
    } else if (v.getType() == DynamicValue::LIST) {
      auto items = v.as<capnp::DynamicList>();
      const bool structs = items.getSchema().getElementType().isStruct();
      if (structs && items.size() > 0 &&
          items.getSchema().getElementType().asStruct().findFieldByName("label") != nullptr) {
        out += indent + name + ":\n";
        for (auto item : items) {
          auto e = item.as<DynamicStruct>();
          char line[512];
          std::snprintf(line, sizeof line, "%s  #%-7s %s  %-42s %-18s %s (%s)%s\n", indent.c_str(),
                        FieldText(e, "position").c_str(), FieldText(e, "recordedAt").c_str(),
                        FieldText(e, "label").c_str(), FieldText(e, "document").c_str(),
                        FieldText(e, "actor").c_str(), FieldText(e, "role").c_str(),
                        CredentialSuffix(FieldText(e, "credential")).c_str());
          out += line;
          const std::string pad = indent + std::string(12, ' ');
          if (const std::string detail = FieldText(e, "detail"); !detail.empty()) out += pad + detail + "\n";
          KJ_IF_MAYBE (corrections, e.getSchema().findFieldByName("corrections")) {
            if (e.has(*corrections)) {
              for (auto listed : e.get(*corrections).as<capnp::DynamicList>()) {
                auto note = listed.as<DynamicStruct>();
                out += pad + "corregido en #" + FieldText(note, "position") + ": " + FieldText(note, "field") +
                       " «" + FieldText(note, "previousValue") + "» → «" + FieldText(note, "correctedValue") +
                       "» (" + FieldText(note, "actor") + ", " + FieldText(note, "recordedAt") + ")\n";
              }
            }
          }
        }
      } else if (structs && items.size() > 0) {
        out += indent + name + ":\n";
        for (auto item : items) {
          out += indent + "  -";
          auto e = item.as<DynamicStruct>();
          for (auto g : Present(e)) {
            out += std::string(" ") + g.getProto().getName().cStr() + "=" + ScalarOf(e.get(g));
          }
          out += "\n";
        }
      } else {
        std::string joined;
        for (auto item : items) joined += (joined.empty() ? "" : ", ") + ScalarOf(item);
        out += indent + name + ": " + joined + "\n";
      }
    } else {
      out += indent + name + ": " + ScalarOf(v) + "\n";
    }
  }
}

}  // namespace

std::string HumanText(capnp::DynamicStruct::Reader answer) {
  std::string out;
  RenderStruct(answer, "", out);
  return out;
}

std::string HumanText(std::string_view json) {
  try {
    capnp::MallocMessageBuilder message;
    auto root = message.initRoot<JV>();
    DecodeRawJson(capnp::JsonCodec(), json, root);
    if (root.which() != JV::OBJECT) return std::string(json);
    std::string out;
    Render(root.asReader(), "", out);
    return out;
  } catch (const kj::Exception&) {
    return std::string(json);
  }
}

}  // namespace bitacora
