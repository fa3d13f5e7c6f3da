// Rendering of events for the CLI: one human line, or one JSON object.
#ifndef BITACORA_APP_FORMAT_H_
#define BITACORA_APP_FORMAT_H_

#include <cstdint>
#include <string>

#include "events/envelope.capnp.h"

namespace bitacora {

// "#12 case-1 v3 2026-11-27T13:00:00Z platform:ana {payload json} hash=0123abcd…", or with
// `json` the whole envelope as one line of JSON (hashes in hex). Thread-safe.
std::string FormatEvent(schema::Envelope::Reader event, bool json);

// RFC 3339 UTC with seconds, from nanoseconds since the epoch.
std::string FormatUtc(int64_t ns);

}  // namespace bitacora

#endif  // BITACORA_APP_FORMAT_H_
