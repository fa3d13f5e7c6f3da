#include "app/backup_json.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include "core/json/unicode_escapes.h"

namespace bitacora::app {
namespace {

using JV = capnp::JsonValue;

// Decodes `json` into `root` or returns kInvalidArgument "bad_json" (exceptions end here).
Status Decode(std::string_view json, JV::Builder root) {
  try {
    DecodeRawJson(capnp::JsonCodec(), json, root);
  } catch (const kj::Exception& e) {
    return Fail(Code::kBadJson, e.getDescription().cStr());
  }
  if (root.which() != JV::OBJECT) {
    return Fail(Code::kBadJson, "expected a JSON object");
  }
  return Ok();
}

}  // namespace

Result<std::string> BackupOutFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<JV>();
  if (Status decoded = Decode(json, root); !decoded) return Fail(decoded.error());
  std::string out;
  for (auto f : root.asReader().getObject()) {
    const std::string name = f.getName().cStr();
    if (name != "out") {
      return Fail(Code::kBadJson, "unknown field \"" + name + "\"");
    }
    if (f.getValue().which() != JV::STRING) {
      return Fail(Code::kBadJson, "out must be a string");
    }
    out = f.getValue().getString().cStr();
  }
  if (out.empty() || out[0] != '/' || out.find('\0') != std::string::npos) {
    return Fail(Code::kBadBackupPath, "Indique en \"out\" la ruta absoluta de una carpeta nueva o vacía en el servidor.");
  }
  return out;
}

}  // namespace bitacora::app
