#include "core/append/append.h"

#include <capnp/serialize.h>

namespace bitacora {

std::string ExpectedVersion::ToString() const {
  switch (kind_) {
    case Kind::kAny: return "any";
    case Kind::kNoStream: return "no stream";
    case Kind::kExact: return std::to_string(version_);
  }
  return "?";
}

kj::Array<capnp::word> EncodePayload(capnp::MessageBuilder& message) {
  return capnp::messageToFlatArray(message);
}

std::string ScopedCommandKey(std::string_view actor_id, std::string_view command_id) {
  std::string key = std::to_string(actor_id.size());
  key.push_back(':');
  key.append(actor_id);
  key.append(command_id);
  return key;
}

}  // namespace bitacora
