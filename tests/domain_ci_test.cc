// Carnet de identidad validation, order numbers and La Paz dates.
#include <gtest/gtest.h>

#include <set>

#include "core/domain/ci.h"
#include "core/domain/ids.h"

namespace bitacora::domain {
namespace {

TEST(CarnetDeIdentidad, AcceptsNumberComplementAndDepartment) {
  auto ci = ParseCi(" 1234567-1a lp ");
  ASSERT_TRUE(ci) << ci.error().ToString();
  EXPECT_EQ(ci->number, "1234567");
  EXPECT_EQ(ci->complement, "1A");
  EXPECT_EQ(ci->department, "LP");
  EXPECT_EQ(ci->Identity(), "1234567-1A");
}

TEST(CarnetDeIdentidad, DepartmentIsNotPartOfTheIdentity) {
  EXPECT_EQ(ParseCi("1234567 PT")->Identity(), ParseCi("1234567")->Identity());
  EXPECT_NE(ParseCi("1234567-1A")->Identity(), ParseCi("1234567")->Identity());
}

TEST(CarnetDeIdentidad, AcceptsFiveToTenDigits) {
  EXPECT_TRUE(ParseCi("12345"));
  EXPECT_TRUE(ParseCi("1234567890"));
  for (const char* dept : {"LP", "CB", "SC", "OR", "PT", "TJ", "CH", "BE", "PD"}) {
    EXPECT_TRUE(ParseCi(std::string("1234567 ") + dept)) << dept;
  }
}

struct BadCi {
  const char* text;
  const char* says;  // part of the Spanish message
};

class CarnetDeIdentidadRefusal : public ::testing::TestWithParam<BadCi> {};

TEST_P(CarnetDeIdentidadRefusal, SaysWhatIsWrong) {
  auto ci = ParseCi(GetParam().text);
  ASSERT_FALSE(ci) << GetParam().text;
  EXPECT_EQ(ci.error().code, "ci_malformed");
  EXPECT_EQ(ci.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(ci.error().message.find(GetParam().says), std::string::npos) << ci.error().message;
}

INSTANTIATE_TEST_SUITE_P(Cases, CarnetDeIdentidadRefusal,
                         ::testing::Values(BadCi{"", "Falta"}, BadCi{"1234", "entre 5 y 10 dígitos"},
                                           BadCi{"12345678901", "entre 5 y 10 dígitos"},
                                           BadCi{"1234567-1", "complemento"},
                                           BadCi{"1234567-1AB", "complemento"},
                                           BadCi{"1234567-1* LP", "complemento"},
                                           BadCi{"1234567 XX", "Departamento"},
                                           BadCi{"12A4567", "carácter no válido"}));

TEST(OrderNumbers, FormatAndParseRoundTrip) {
  EXPECT_EQ(FormatOrderNumber(schema::OrderType::ORT, 2026, 123), "ORT-2026-000123");
  EXPECT_EQ(FormatOrderNumber(schema::OrderType::OEMD, 2026, 1), "OEMD-2026-000001");
  auto ref = ParseOrderNumber("OEMD-2026-000001");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->type, schema::OrderType::OEMD);
  EXPECT_EQ(ref->year, 2026);
  EXPECT_EQ(ref->sequence, 1u);
  EXPECT_FALSE(ParseOrderNumber("XYZ-2026-000001"));
  EXPECT_FALSE(ParseOrderNumber("ORT-2026-000000"));
  EXPECT_FALSE(ParseOrderNumber("ORT-26-000001"));
  EXPECT_EQ(OrderCounter(schema::OrderType::ORT, 2026), "order-ORT-2026");
}

TEST(LocalDates, LaPazIsFourHoursBehindUtc) {
  constexpr int64_t kSec = 1'000'000'000;
  // 2027-01-01 02:00 UTC is still 2026-12-31 in La Paz: the year of order numbers is local.
  const int64_t t = 1'798'768'800LL * kSec;
  EXPECT_EQ(FormatDate(ToLocalDate(t)), "2026-12-31");
  EXPECT_EQ(FormatDate(ToLocalDate(t + 2 * 3600 * kSec)), "2027-01-01");
  EXPECT_EQ(FormatMonth(ToLocalDate(t)), "2026-12");
}

TEST(RefusalCodes, AreUniqueAndDescribed) {
  std::set<std::string_view> seen;
  for (const ErrorCodeInfo& row : ErrorCodes()) {
    EXPECT_TRUE(seen.insert(row.code).second) << row.code;
    EXPECT_FALSE(row.meaning.empty()) << row.code;
  }
  EXPECT_EQ(Fail(Code::kDocumentsIncomplete, "x").error().kind, ErrorKind::kRefused);
  EXPECT_EQ(FindErrorCode("no_such_code"), nullptr);
}

}  // namespace
}  // namespace bitacora::domain
