// Human-readable one-line rendering of events for the CLI.
#ifndef BITACORA_CLI_FORMAT_H_
#define BITACORA_CLI_FORMAT_H_

#include <string>

#include "events/envelope.capnp.h"

namespace bitacora {

// "#12 case-1 v3 2026-11-27T13:00:00Z platform:ana commentRecorded {...}". Thread-safe.
std::string FormatEventLine(schema::Envelope::Reader event);

// RFC 3339 UTC with seconds, from nanoseconds since the epoch.
std::string FormatUtc(int64_t ns);

}  // namespace bitacora

#endif  // BITACORA_CLI_FORMAT_H_
