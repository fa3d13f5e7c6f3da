// Local time for the reports: America/La_Paz (UTC−4, no daylight saving), working days
// (Monday to Friday, minus the configured holidays) and elapsed working time.
#ifndef BITACORA_PROJECTIONS_REPORT_CALENDAR_H_
#define BITACORA_PROJECTIONS_REPORT_CALENDAR_H_

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "core/domain/ids.h"
#include "core/result.h"

namespace bitacora::projections {

// "2026-11-18" → the date; kInvalidArgument "date_malformed" otherwise.
[[nodiscard]] Result<domain::LocalDate> ParseDate(std::string_view text);
// "2026-11" → the first day of the month; kInvalidArgument "month_malformed" otherwise.
[[nodiscard]] Result<domain::LocalDate> ParseMonth(std::string_view text);

// UTC ns of 00:00 La Paz time on `date`.
int64_t LocalMidnightNs(const domain::LocalDate& date);
// "2026-11-18 06:13" in La Paz time; "" for 0.
std::string FormatLocalDateTime(int64_t utc_ns);

class WorkCalendar {
 public:
  // `holidays`: local dates "YYYY-MM-DD" that are not working days.
  WorkCalendar() = default;
  explicit WorkCalendar(std::set<std::string> holidays) : holidays_(std::move(holidays)) {}

  // Monday to Friday and not a holiday.
  bool IsWorkingDay(const domain::LocalDate& date) const;

  // Working time between two instants, in days of 24 h: the part of [from, to] that falls on
  // working days (La Paz calendar days), divided by 24 h. Friday 10:00 → Monday 10:00 is 1.0.
  // Returns 0 when to <= from.
  double WorkingDaysBetween(int64_t from_ns, int64_t to_ns) const;

 private:
  std::set<std::string> holidays_;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_REPORT_CALENDAR_H_
