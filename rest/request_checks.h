// Checks on a request's framing and headers, run before routing and before its body is read
// (httplib's pre-routing handler), for what cpp-httplib 0.11 lets through:
// - a chunked body (Transfer-Encoding) is not counted against --max-body: 411, send Content-Length;
// - a Content-Length that is not one run of digits ("-1", "abc", two headers) would frame the body
//   wrongly and leave bytes to be read as another request: 400 "bad_content_length";
// - a header name that is not an RFC 9110 token (a blank before the colon, a folded line, a NUL)
//   or a value with control characters (a bare CR may split it downstream): 400 "bad_header";
// - a body declared as anything but JSON: 415 "unsupported_media_type" (none declared: JSON).
#ifndef BITACORA_REST_REQUEST_CHECKS_H_
#define BITACORA_REST_REQUEST_CHECKS_H_

#include <httplib.h>

#include <optional>

#include "core/result.h"

namespace bitacora::shim {

struct RequestProblem {
  int status = 400;
  Error error;
};

// The first problem with `req`'s framing or headers, or nullopt when it may be routed.
std::optional<RequestProblem> CheckRequest(const httplib::Request& req);

}  // namespace bitacora::shim

#endif  // BITACORA_REST_REQUEST_CHECKS_H_
