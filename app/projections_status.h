// Where the views stand against the log: the answer of GET /v1/projections and POST
// /v1/projections/rebuild (ProjectionsStatus in events/api.capnp).
#ifndef BITACORA_APP_PROJECTIONS_STATUS_H_
#define BITACORA_APP_PROJECTIONS_STATUS_H_

#include <cstdint>
#include <string>

#include "core/result.h"

namespace bitacora::app {

// {"head", "position", "lag", "lastError" when `last` failed}: the log's head, the last position
// folded into the views, the difference (0 when the views are ahead of a head read earlier) and
// the projector's last failure. Thread-safe.
std::string ProjectionsStatusJson(uint64_t head, uint64_t position, const Status& last);

}  // namespace bitacora::app

#endif  // BITACORA_APP_PROJECTIONS_STATUS_H_
