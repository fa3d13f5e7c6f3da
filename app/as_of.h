// Reading "as of" points and dates from query parameters and flags.
#ifndef BITACORA_APP_AS_OF_H_
#define BITACORA_APP_AS_OF_H_

#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "projections/views.h"

namespace bitacora::app {

// A log position ("1234"), a La Paz date ("2026-11-20": up to the end of that day, La Paz
// time), a UTC instant ("2026-11-20T15:00:00Z") or a La Paz instant as the views show it
// ("2026-11-20T11:00:00-04:00"). kInvalidArgument "bad_as_of" otherwise. Pure.
[[nodiscard]] Result<projections::AsOf> ParseAsOf(std::string_view text);

// UTC ns of 00:00 La Paz time on the date "YYYY-MM-DD". kInvalidArgument "bad_date". Pure.
[[nodiscard]] Result<int64_t> LaPazMidnight(std::string_view date);

}  // namespace bitacora::app

#endif  // BITACORA_APP_AS_OF_H_
