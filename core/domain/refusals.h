// The one table of refusal codes: every refusal the domain and the command handler give carries
// one of these stable English codes (docs/events.md lists them) and a Spanish message for the desk.
#ifndef BITACORA_CORE_DOMAIN_REFUSALS_H_
#define BITACORA_CORE_DOMAIN_REFUSALS_H_

#include <span>
#include <string>
#include <string_view>

#include "core/result.h"

namespace bitacora::domain {

struct RefusalCode {
  std::string_view code;     // stable English identifier
  ErrorKind kind;            // how the shims map it (exit code, HTTP status)
  std::string_view meaning;  // one line, English, for docs and auditors
};

// Every refusal code, in a fixed order. Thread-safe (immutable).
std::span<const RefusalCode> RefusalCodes();

// Returns the table row of `code`, or nullptr when it is not in the table.
const RefusalCode* FindRefusalCode(std::string_view code);

// Builds the Error for `code` (which must be in the table; an unknown code yields kInternal)
// with the Spanish `message`.
std::unexpected<Error> Refuse(std::string_view code, std::string message);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_REFUSALS_H_
