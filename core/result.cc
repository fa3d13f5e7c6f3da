#include "core/result.h"

namespace bitacora {

std::string_view ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return "invalid_argument";
    case ErrorKind::kUnauthenticated: return "unauthenticated";
    case ErrorKind::kPermissionDenied: return "permission_denied";
    case ErrorKind::kNotFound: return "not_found";
    case ErrorKind::kConflict: return "conflict";
    case ErrorKind::kRefused: return "refused";
    case ErrorKind::kCorruption: return "corruption";
    case ErrorKind::kIOError: return "io_error";
    case ErrorKind::kUnavailable: return "unavailable";
    case ErrorKind::kInternal: return "internal";
  }
  return "internal";
}

std::string Error::ToString() const { return code + ": " + message; }

}  // namespace bitacora
