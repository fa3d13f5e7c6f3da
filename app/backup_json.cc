#include "app/backup_json.h"

#include <capnp/message.h>

#include "app/request_codec.h"

namespace bitacora::app {

Result<std::string> BackupOutFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<schema::BackupRequest>();
  if (Status decoded = DecodeRequest(json, request); !decoded) return Fail(decoded.error());
  std::string out = request.asReader().getOut();
  if (out.empty() || out[0] != '/') {
    return Fail(Code::kBadBackupPath, "Indique en \"out\" la ruta absoluta de una carpeta nueva o vacía en el servidor.");
  }
  return out;
}

std::string BackupRequestJson(std::string_view out) {
  OwnedAnswer request(capnp::Schema::from<schema::BackupRequest>());
  request.root().as<schema::BackupRequest>().setOut(std::string(out));
  return request.Json();
}

}  // namespace bitacora::app
