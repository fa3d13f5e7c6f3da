// Carnet de identidad (CI): digits (5-10), optional complement ("-" then 2 letters/digits),
// optional issuing department (LP CB SC OR PT TJ CH BE PD). Number plus complement is the identity.
#ifndef BITACORA_CORE_DOMAIN_CI_H_
#define BITACORA_CORE_DOMAIN_CI_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace bitacora::domain {

struct Ci {
  std::string number;      // 5-10 digits
  std::string complement;  // "" or 2 upper-case letters/digits
  std::string department;  // "" or one of the nine codes

  // The identity: "1234567" or "1234567-1A" (the department is not part of it).
  std::string Identity() const;
};

// Parses "1234567", "1234567-1a", "1234567 LP", "1234567-1A LP" (surrounding spaces ignored,
// letters upper-cased). Malformed input: kInvalidArgument "ci_malformed" with a Spanish message
// saying what is wrong. Pure, thread-safe.
[[nodiscard]] Result<Ci> ParseCi(std::string_view text);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_CI_H_
