// The one result type for expected outcomes: a refused command, a version conflict, not found.
// Exceptions are kept to the edges (malformed JSON, I/O at start-up) and turned into an Error there.
#ifndef BITACORA_CORE_RESULT_H_
#define BITACORA_CORE_RESULT_H_

#include <expected>
#include <string>
#include <string_view>
#include <utility>

namespace bitacora {

// The kind of failure. Both shims map a kind to a CLI exit code and an HTTP status in one table
// (docs/architecture.md, "Error mapping").
enum class ErrorKind {
  kInvalidArgument,   // malformed input: a flag, JSON, a CI number
  kUnauthenticated,   // no or bad token
  kPermissionDenied,  // the role may not do this
  kNotFound,          // no such stream, order, client...
  kConflict,          // expected version or counter did not match
  kRefused,           // the procedure does not allow this command now
  kCorruption,        // stored bytes do not decode or do not verify
  kIOError,           // the disk or RocksDB failed
  kUnavailable,       // the store is closed, full, or held by another process
  kInternal,          // a bug
};

// Returns the stable English name of `kind` ("conflict", "refused", ...).
std::string_view ErrorKindName(ErrorKind kind);

// An expected failure. `code` is a stable English identifier (e.g. "documents_incomplete",
// "wrong_expected_version"); `message` is what a person reads (Spanish for the desk's refusals).
struct Error {
  ErrorKind kind;
  std::string code;
  std::string message;

  // "code: message", for logs and one-line CLI errors.
  std::string ToString() const;
};

// std::expected that must not be ignored. Construct errors with Fail(...).
template <class T>
class [[nodiscard]] Result : public std::expected<T, Error> {
 public:
  using std::expected<T, Error>::expected;
  Result(std::expected<T, Error> e) : std::expected<T, Error>(std::move(e)) {}  // NOLINT
};

// Success or an Error.
using Status = Result<void>;

// Returns an unexpected Error, convertible to any Result<T>.
inline std::unexpected<Error> Fail(ErrorKind kind, std::string code, std::string message) {
  return std::unexpected<Error>(Error{kind, std::move(code), std::move(message)});
}

inline std::unexpected<Error> Fail(Error error) { return std::unexpected<Error>(std::move(error)); }

// Returns an ok Status.
inline Status Ok() { return {}; }

}  // namespace bitacora

#endif  // BITACORA_CORE_RESULT_H_
