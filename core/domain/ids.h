// Stream ids, order numbers, counters and local (America/La_Paz) dates: one place for the names
// the ledger keys things by.
#ifndef BITACORA_CORE_DOMAIN_IDS_H_
#define BITACORA_CORE_DOMAIN_IDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/events.capnp.h"

namespace bitacora::domain {

inline constexpr std::string_view kReferenceStream = "reference";
inline constexpr std::string_view kSubscriberCounter = "subscriber";
// America/La_Paz: UTC-4, no daylight saving.
inline constexpr int64_t kLaPazOffsetNs = -4LL * 3600 * 1'000'000'000;

std::string ClientStream(std::string_view ci_identity);     // "client-1234567-1A"
std::string CaseStream(std::string_view case_id);           // "case-TRA-2026-000001"
std::string OrderStream(std::string_view order_number);     // "order-ORT-2026-000123"
std::string SubscriberStream(std::string_view number);      // "subscriber-000001"
std::string MeterStream(std::string_view serial);           // "meter-ABC123"
inline constexpr std::string_view kTokenStreamPrefix = "token-";
std::string TokenStream(std::string_view hash_hex);         // "token-<64 hex digits>"
// True for 64 lowercase hex digits (a SHA-256 as the token commands name it).
bool IsHashHex(std::string_view text);
inline constexpr std::string_view kUserStreamPrefix = "user-";
std::string UserStream(std::string_view username);          // "user-rosa.quispe"
// True for a username: 3 to 32 of lowercase a-z, digits, '.' and '-'.
bool IsUsername(std::string_view text);
// Failed sign-ins of no user (app/sessions.h).
inline constexpr std::string_view kSignInStream = "sign-ins";

// "ORT", "COT", ... and the reverse.
std::string_view OrderTypeCode(schema::OrderType type);
std::optional<schema::OrderType> OrderTypeFromCode(std::string_view code);

struct OrderRef {
  schema::OrderType type;
  int year;
  uint64_t sequence;
};
// "ORT-2026-000123" from its parts, and the reverse (nullopt when malformed).
std::string FormatOrderNumber(schema::OrderType type, int year, uint64_t sequence);
std::optional<OrderRef> ParseOrderNumber(std::string_view number);

std::string OrderCounter(schema::OrderType type, int year);  // "order-ORT-2026"
std::string CaseCounter(int year);                           // "case-2026"
std::string FormatCaseId(int year, uint64_t sequence);       // "TRA-2026-000001"
std::string FormatSubscriberNumber(uint64_t sequence);       // "000001"

struct LocalDate {
  int year;
  unsigned month;
  unsigned day;
};
// The La Paz calendar date of a UTC instant.
LocalDate ToLocalDate(int64_t utc_ns);
std::string FormatDate(const LocalDate& date);   // "2026-11-27"
std::string FormatMonth(const LocalDate& date);  // "2026-11"
// La Paz time with its offset, to the second: "2026-12-06T22:53:00-04:00" (RFC 3339). Pure.
std::string FormatLaPazTime(int64_t utc_ns);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_IDS_H_
