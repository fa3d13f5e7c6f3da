#include "cli/commands/human.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include <cstdio>

#include "core/json/unicode_escapes.h"

namespace bitacora {
namespace {

using JV = capnp::JsonValue;

std::string Scalar(JV::Reader v) {
  switch (v.which()) {
    case JV::STRING: return v.getString().cStr();
    case JV::NUMBER: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", v.getNumber());
      return buf;
    }
    case JV::BOOLEAN: return v.getBoolean() ? "sí" : "no";
    case JV::NULL_: return "-";
    default: return "";
  }
}

std::string Member(JV::Reader object, const char* name) {
  if (object.which() != JV::OBJECT) return "";
  for (auto f : object.getObject()) {
    if (std::string_view(f.getName().cStr()) == name) return Scalar(f.getValue());
  }
  return "";
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
          std::snprintf(line, sizeof line, "%s  #%-7s %s  %-42s %-18s %s (%s)\n", indent.c_str(),
                        Member(e, "position").c_str(), Member(e, "recordedAt").c_str(), Member(e, "label").c_str(),
                        Member(e, "document").c_str(), Member(e, "actor").c_str(), Member(e, "role").c_str());
          out += line;
        }
      } else if (items.size() > 0 && items[0].which() == JV::OBJECT) {
        out += indent + name + ":\n";
        for (auto e : items) {
          out += indent + "  -";
          for (auto g : e.getObject()) out += std::string(" ") + g.getName().cStr() + "=" + Scalar(g.getValue());
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

}  // namespace

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
