// Fuzzes domain::ParseCi (core/domain/ci.h): any text either parses into a CI whose parts keep
// the documented shape, or fails with "ci_malformed". Never a crash, never another error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/domain/ci.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto ci = bitacora::domain::ParseCi(text);
  if (!ci) {
    if (ci.error().code != "ci_malformed") std::abort();
    return 0;
  }
  if (ci->number.size() < 5 || ci->number.size() > 10) std::abort();
  if (!ci->complement.empty() && ci->complement.size() != 2) std::abort();
  // Parsing the identity again gives the same identity.
  auto again = bitacora::domain::ParseCi(ci->Identity());
  if (!again || again->Identity() != ci->Identity()) std::abort();
  return 0;
}
