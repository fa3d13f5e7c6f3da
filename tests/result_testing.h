// Test helpers for Result: the error code or kind of a result without undefined behaviour when
// the result unexpectedly holds a value.
#ifndef BITACORA_TESTS_RESULT_TESTING_H_
#define BITACORA_TESTS_RESULT_TESTING_H_

#include <string>
#include <utility>

#include "core/result.h"

namespace bitacora {

// "ok" for a value, else the error's code.
template <class T>
std::string CodeOf(const Result<T>& r) {
  return r.has_value() ? "ok" : r.error().code;
}

// The error's kind; kInternal stands in for "no error" so that a value never matches an
// expected failure kind other than kInternal.
template <class T>
ErrorKind KindOf(const Result<T>& r) {
  return r.has_value() ? ErrorKind::kInternal : r.error().kind;
}

// An Error with a code of the test's own (a fake's failure), outside the product's error table.
inline std::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message) {
  return std::unexpected<Error>(Error{kind, std::move(code), std::move(message)});
}

}  // namespace bitacora

#endif  // BITACORA_TESTS_RESULT_TESTING_H_
