// Force-included (-include) into every file of the fuzz build. Cap'n Proto 0.9.2 (Debian 12)
// declares `const char* == kj::StringPtr` only before C++20, counting on C++20 to rewrite it as
// `StringPtr == const char*`; clang 16 implements P2468R2, which skips that rewrite because
// StringPtr also declares operator!=, so capnp/blob.h does not compile. These are kj's own
// pre-C++20 overloads, calling the member explicitly. GCC 12 does not implement P2468R2 and needs nothing.
#ifndef BITACORA_TESTS_FUZZ_KJ_CLANG16_COMPAT_H_
#define BITACORA_TESTS_FUZZ_KJ_CLANG16_COMPAT_H_

#ifdef __cplusplus
#include <kj/string.h>

namespace kj {
inline bool operator==(const char* a, const StringPtr& b) { return b.operator==(StringPtr(a)); }
inline bool operator!=(const char* a, const StringPtr& b) { return !(a == b); }
inline bool operator==(const char* a, const String& b) { return StringPtr(b).operator==(StringPtr(a)); }
inline bool operator!=(const char* a, const String& b) { return !(a == b); }
}  // namespace kj
#endif

#endif  // BITACORA_TESTS_FUZZ_KJ_CLANG16_COMPAT_H_
