#include "core/result.h"

namespace bitacora {

std::string Error::ToString() const { return code + ": " + message; }

}  // namespace bitacora
