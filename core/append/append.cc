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

}  // namespace bitacora
