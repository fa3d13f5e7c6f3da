#include "app/as_of.h"

#include <charconv>
#include <chrono>
#include <string>

#include "core/domain/ids.h"

namespace bitacora::app {
namespace {

constexpr int64_t kNsPerSecond = 1'000'000'000;

bool Digits(std::string_view text, size_t at, size_t n, int& out) {
  if (at + n > text.size()) return false;
  if (text.substr(at, n).find_first_not_of("0123456789") != std::string_view::npos) return false;  // no sign
  auto [ptr, ec] = std::from_chars(text.data() + at, text.data() + at + n, out);
  return ec == std::errc() && ptr == text.data() + at + n;
}

Error BadAsOf(std::string_view text) {
  return MakeError(Code::kBadAsOf, "as_of \"" + std::string(text) +
                   "\" is neither a position, a date (2026-11-20) nor an instant (2026-11-20T15:00:00Z)");
}

}  // namespace

Result<int64_t> LaPazMidnight(std::string_view date) {
  int y = 0, m = 0, d = 0;
  if (date.size() != 10 || date[4] != '-' || date[7] != '-' || !Digits(date, 0, 4, y) ||
      !Digits(date, 5, 2, m) || !Digits(date, 8, 2, d)) {
    return Fail(Code::kBadDate, "\"" + std::string(date) + "\" is not YYYY-MM-DD");
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(m)),
                                        std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return Fail(Code::kBadDate, "\"" + std::string(date) + "\" is not a date");
  const int64_t days = std::chrono::sys_days(ymd).time_since_epoch().count();
  return days * 86400 * kNsPerSecond - domain::kLaPazOffsetNs;
}

Result<projections::AsOf> ParseAsOf(std::string_view text) {
  if (text.empty()) return projections::AsOf{};
  if (text.find_first_not_of("0123456789") == std::string_view::npos) {
    uint64_t position = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), position);
    if (ec != std::errc()) return Fail(BadAsOf(text));
    return projections::AsOf::Position(position);
  }
  if (text.size() == 10) {
    auto midnight = LaPazMidnight(text);
    if (!midnight) return Fail(BadAsOf(text));
    return projections::AsOf::Time(*midnight + 86400 * kNsPerSecond - 1);
  }
  int hh = 0, mm = 0, ss = 0;
  if (text.size() == 20 && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == 'Z' &&
      Digits(text, 11, 2, hh) && Digits(text, 14, 2, mm) && Digits(text, 17, 2, ss) && hh < 24 &&
      mm < 60 && ss < 61) {
    auto midnight = LaPazMidnight(text.substr(0, 10));
    if (!midnight) return Fail(BadAsOf(text));
    const int64_t utc_midnight = *midnight + domain::kLaPazOffsetNs;
    return projections::AsOf::Time(utc_midnight + (hh * 3600LL + mm * 60LL + ss) * kNsPerSecond);
  }
  // The La Paz time the views show ("2026-11-20T11:00:00-04:00"), so a time read can be asked for.
  if (text.size() == 25 && text[10] == 'T' && text[13] == ':' && text[16] == ':' &&
      text.substr(19) == "-04:00" && Digits(text, 11, 2, hh) && Digits(text, 14, 2, mm) &&
      Digits(text, 17, 2, ss) && hh < 24 && mm < 60 && ss < 61) {
    auto midnight = LaPazMidnight(text.substr(0, 10));
    if (!midnight) return Fail(BadAsOf(text));
    return projections::AsOf::Time(*midnight + (hh * 3600LL + mm * 60LL + ss) * kNsPerSecond);
  }
  return Fail(BadAsOf(text));
}

}  // namespace bitacora::app
