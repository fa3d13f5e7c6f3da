// The one result type for expected outcomes: a refused command, a version conflict, not found.
// Exceptions are kept to the edges (malformed JSON, I/O at start-up) and turned into an Error there.
#ifndef BITACORA_CORE_RESULT_H_
#define BITACORA_CORE_RESULT_H_

#include <expected>
#include <string>
#include <string_view>
#include <utility>

#include "core/errors/error_codes.h"

namespace bitacora {

// An expected failure. `code` is a stable English identifier from the one error table
// (core/errors/error_codes.h, docs/errors.md), `kind` its row's kind; `message` is what a person
// reads (Spanish for the desk's refusals). Make one with MakeError or Fail(Code, ...); an Error
// read back from a server keeps the code and kind the server sent, even one this build lacks.
struct Error {
  ErrorKind kind;
  std::string code;
  std::string message;

  // True when this is the table's `id` (compares the English identifier).
  bool Is(Code id) const { return code == Describe(id).code; }

  // "code: message", for logs and one-line CLI errors.
  std::string ToString() const;
};

// The Error of table row `id` with `message`.
inline Error MakeError(Code id, std::string message) {
  const ErrorCodeInfo& row = Describe(id);
  return Error{row.kind, std::string(row.code), std::move(message)};
}

// std::expected that must not be ignored. Construct errors with Fail(...).
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Result(std::expected<T, Error> e) : std::expected<T, Error>(std::move(e)) {}  // NOLINT
};

// Success or an Error.
using Status = Result<void>;

// Returns an unexpected Error of table row `id`, convertible to any Result<T>.
inline std::unexpected<Error> Fail(Code id, std::string message) {
  return std::unexpected<Error>(MakeError(id, std::move(message)));
}

inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

// Returns an ok Status.
inline Status Ok() { return {}; }

}  // namespace bitacora

#endif  // BITACORA_CORE_RESULT_H_
