#include "core/domain/ids.h"

#include <array>
#include <chrono>
#include <cstdio>

namespace bitacora::domain {
namespace {

constexpr std::array<std::string_view, 10> kCodes = {"ORT", "COT", "OEM", "OIT", "FRM",
                                                     "OC",  "OEMD", "CON", "OCS", "OSR"};

std::string Padded(uint64_t n, int width) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llu", width, static_cast<unsigned long long>(n));
  return buf;
}

}  // namespace

std::string ClientStream(std::string_view ci) { return "client-" + std::string(ci); }
std::string CaseStream(std::string_view id) { return "case-" + std::string(id); }
std::string OrderStream(std::string_view n) { return "order-" + std::string(n); }
std::string SubscriberStream(std::string_view n) { return "subscriber-" + std::string(n); }
std::string MeterStream(std::string_view s) { return "meter-" + std::string(s); }
std::string TokenStream(std::string_view h) { return std::string(kTokenStreamPrefix) + std::string(h); }

std::string UserStream(std::string_view u) { return std::string(kUserStreamPrefix) + std::string(u); }

bool IsUsername(std::string_view text) {
  return text.size() >= 3 && text.size() <= 32 &&
         text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") == std::string_view::npos;
}

bool IsHashHex(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string_view OrderTypeCode(schema::OrderType type) {
  const auto i = static_cast<size_t>(type);
  return i < kCodes.size() ? kCodes[i] : std::string_view("?");
}

std::optional<schema::OrderType> OrderTypeFromCode(std::string_view code) {
  for (size_t i = 0; i < kCodes.size(); ++i) {
    if (kCodes[i] == code) return static_cast<schema::OrderType>(i);
  }
  return std::nullopt;
}

std::string FormatOrderNumber(schema::OrderType type, int year, uint64_t sequence) {
  return std::string(OrderTypeCode(type)) + "-" + std::to_string(year) + "-" + Padded(sequence, 6);
}

std::optional<OrderRef> ParseOrderNumber(std::string_view number) {
  const size_t a = number.find('-');
  if (a == std::string_view::npos) return std::nullopt;
  const size_t b = number.find('-', a + 1);
  if (b == std::string_view::npos || b - a != 5 || number.size() - b - 1 < 6) return std::nullopt;
  const auto type = OrderTypeFromCode(number.substr(0, a));
  if (!type) return std::nullopt;
  int year = 0;
  for (char c : number.substr(a + 1, 4)) {
    if (c < '0' || c > '9') return std::nullopt;
    year = year * 10 + (c - '0');
  }
  uint64_t seq = 0;
  for (char c : number.substr(b + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    seq = seq * 10 + static_cast<uint64_t>(c - '0');
  }
  if (seq == 0) return std::nullopt;
  return OrderRef{*type, year, seq};
}

std::string OrderCounter(schema::OrderType type, int year) {
  return "order-" + std::string(OrderTypeCode(type)) + "-" + std::to_string(year);
}
std::string CaseCounter(int year) { return "case-" + std::to_string(year); }
std::string FormatCaseId(int year, uint64_t seq) {
  return "TRA-" + std::to_string(year) + "-" + Padded(seq, 6);
}
std::string FormatSubscriberNumber(uint64_t seq) { return Padded(seq, 6); }

LocalDate ToLocalDate(int64_t utc_ns) {
  using namespace std::chrono;
  const sys_time<nanoseconds> t{nanoseconds(utc_ns + kLaPazOffsetNs)};
  const year_month_day ymd{floor<days>(t)};
  return LocalDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                   static_cast<unsigned>(ymd.day())};
}

std::string FormatDate(const LocalDate& d) {
  return std::to_string(d.year) + "-" + Padded(d.month, 2) + "-" + Padded(d.day, 2);
}
std::string FormatMonth(const LocalDate& d) {
  return std::to_string(d.year) + "-" + Padded(d.month, 2);
}

std::string FormatLaPazTime(int64_t utc_ns) {
  using namespace std::chrono;
  const sys_time<nanoseconds> t{nanoseconds(utc_ns + kLaPazOffsetNs)};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss<seconds> hms{floor<seconds>(t) - day};
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld-04:00",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long long>(hms.hours().count()),
                static_cast<long long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return buf;
}

}  // namespace bitacora::domain
