// Fuzzes StoredEvent::Decode (core/store/stored_event.h) on raw bytes as RocksDB would hand them
// back, and what readers of the log then do with a decoded event: render it as a line and as
// JSON (app/format.h, `bitacora log`, GET /v1/log). Decode either fails with kCorruption or gives
// an event every reader can walk without an exception.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include <kj/exception.h>

#include "app/format.h"
#include "core/store/stored_event.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bitacora;
  auto event = StoredEvent::Decode(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!event) {
    if (event.error().kind != ErrorKind::kCorruption) std::abort();
    return 0;
  }
  if (event->bytes().size() != size) std::abort();
  try {
    (void)event->position();
    (void)FormatEvent(event->envelope(), /*json=*/false);
    (void)FormatEvent(event->envelope(), /*json=*/true);
  } catch (const kj::Exception& e) {
    std::fprintf(stderr, "a decoded event threw when read: %s\n", e.getDescription().cStr());
    std::abort();
  }
  return 0;
}
