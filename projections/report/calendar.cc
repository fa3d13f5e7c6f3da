#include "projections/report/calendar.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace bitacora::projections {
namespace {

constexpr int64_t kDayNs = 24LL * 3600 * 1'000'000'000;

bool ParseInt(std::string_view s, int& out) {
  if (s.empty() || s.find_first_not_of("0123456789") != std::string_view::npos) return false;  // no sign
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

bool Valid(const domain::LocalDate& d) {
  using namespace std::chrono;
  return year_month_day{year{d.year}, month{d.month}, day{d.day}}.ok();
}

}  // namespace

Result<domain::LocalDate> ParseDate(std::string_view t) {
  int y = 0, m = 0, d = 0;
  if (t.size() != 10 || t[4] != '-' || t[7] != '-' || !ParseInt(t.substr(0, 4), y) || !ParseInt(t.substr(5, 2), m) ||
      !ParseInt(t.substr(8, 2), d)) {
    return Fail(Code::kDateMalformed, "La fecha debe ser AAAA-MM-DD: " + std::string(t));
  }
  domain::LocalDate date{y, static_cast<unsigned>(m), static_cast<unsigned>(d)};
  if (!Valid(date)) return Fail(Code::kDateMalformed, "Fecha inexistente: " + std::string(t));
  return date;
}

Result<domain::LocalDate> ParseMonth(std::string_view t) {
  int y = 0, m = 0;
  if (t.size() != 7 || t[4] != '-' || !ParseInt(t.substr(0, 4), y) || !ParseInt(t.substr(5, 2), m) || m < 1 ||
      m > 12) {
    return Fail(Code::kMonthMalformed, "El mes debe ser AAAA-MM: " + std::string(t));
  }
  return domain::LocalDate{y, static_cast<unsigned>(m), 1};
}

int64_t LocalMidnightNs(const domain::LocalDate& d) {
  using namespace std::chrono;
  const sys_days days{year_month_day{year{d.year}, month{d.month}, day{d.day}}};
  return duration_cast<nanoseconds>(days.time_since_epoch()).count() - domain::kLaPazOffsetNs;
}

std::string FormatLocalDateTime(int64_t ns) {
  if (ns == 0) return "";
  const domain::LocalDate d = domain::ToLocalDate(ns);
  const int64_t into_day = ns - LocalMidnightNs(d);
  const int64_t minutes = into_day / (60LL * 1'000'000'000);
  char hm[16];
  std::snprintf(hm, sizeof hm, "%02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return domain::FormatDate(d) + " " + hm;
}

bool WorkCalendar::IsWorkingDay(const domain::LocalDate& d) const {
  using namespace std::chrono;
  const weekday wd{sys_days{year_month_day{year{d.year}, month{d.month}, day{d.day}}}};
  if (wd == Saturday || wd == Sunday) return false;
  return !holidays_.contains(domain::FormatDate(d));
}


double WorkCalendar::WorkingDaysBetween(int64_t from, int64_t to) const {
  if (to <= from) return 0;
  int64_t working_ns = 0;
  int64_t day_start = LocalMidnightNs(domain::ToLocalDate(from));
  for (; day_start < to; day_start += kDayNs) {
    const domain::LocalDate d = domain::ToLocalDate(day_start);
    if (!IsWorkingDay(d)) continue;
    const int64_t a = std::max(from, day_start);
    const int64_t b = std::min(to, day_start + kDayNs);
    if (b > a) working_ns += b - a;
  }
  return static_cast<double>(working_ns) / static_cast<double>(kDayNs);
}

}  // namespace bitacora::projections
