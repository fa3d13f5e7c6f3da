// The harness's own failures (a child that would not start, a check that found the views behind):
// codes of the benchmarks, not the product's, so outside the error table of core/errors.
#ifndef BITACORA_BENCH_HARNESS_ERROR_H_
#define BITACORA_BENCH_HARNESS_ERROR_H_

#include <string>
#include <utility>

#include "core/result.h"

namespace bitacora {

inline std::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message) {
  return std::unexpected<Error>(Error{kind, std::move(code), std::move(message)});
}

}  // namespace bitacora

#endif  // BITACORA_BENCH_HARNESS_ERROR_H_
