#include "app/format.h"

#include <capnp/schema.h>
#include <capnp/compat/json.h>

#include <ctime>

#include "core/crypto/sha256.h"

namespace bitacora {

std::string FormatUtc(int64_t ns) {
  std::time_t secs = static_cast<std::time_t>(ns / 1000000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string FormatEvent(schema::Envelope::Reader e, bool json) {
  capnp::JsonCodec codec;
  codec.handleByAnnotation<schema::Envelope>();
  if (json) return codec.encode(e).cStr();
  std::string line = "#";
  line.append(std::to_string(e.getPosition())).append(" ").append(e.getStreamId().cStr());
  line.append(" v").append(std::to_string(e.getVersion())).append(" ");
  line.append(FormatUtc(e.getRecordedAtNs())).append(" ");
  auto role = capnp::Schema::from<schema::Role>().getEnumerants();
  auto r = static_cast<uint16_t>(e.getActor().getRole());
  line += r < role.size() ? std::string(role[r].getProto().getName().cStr()) : std::to_string(r);
  line.append(":").append(e.getActor().getId().cStr()).append(" ");
  line += codec.encode(e.getPayload()).cStr();
  line.append(" hash=").append(ToHex(std::string_view(
      reinterpret_cast<const char*>(e.getHash().begin()), e.getHash().size())).substr(0, 16));
  return line;
}

}  // namespace bitacora
