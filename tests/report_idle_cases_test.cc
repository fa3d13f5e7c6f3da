// The desk's list of open cases idle for more than N working days (issue #15): report idle-cases.
#include "app/reports.h"
#include "projections/report/idle_cases.h"
#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
constexpr int64_t kDay = 24 * 60 * kMinute;

class IdleCasesReport : public ProjectionTest {};

TEST_F(IdleCasesReport, DeskListsOpenCasesIdleForMoreThanNWorkingDays) {
  // Wednesday 2026-11-18: A opened, C opened and withdrawn; Saturday: B opened.
  auto a = RunNewConnection(ledger_, "1112223", Stage::kDocuments);
  auto c = RunNewConnection(ledger_, "1112225", Stage::kDocuments);
  Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder b) {
    auto p = b.initWithdrawCase();
    p.setCaseId(c.case_id);
    p.setReason("desiste");
  }));
  ledger_.Advance(3 * kDay);
  auto b = RunNewConnection(ledger_, "1112224", Stage::kDocuments);
  // Wednesday 2026-11-25, same hour: A idle 5 working days, B about 2.4, C closed.
  const int64_t now = kStart + 7 * kDay;
  ViewReader v = Views();
  auto report = projections::BuildIdleCases(v, "3", now);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  ASSERT_EQ(report->cases.size(), 1u);
  EXPECT_EQ(report->cases[0].case_id, a.case_id);
  EXPECT_NEAR(report->cases[0].idle_working_days, 5.0, 0.01);
  auto all = projections::BuildIdleCases(v, "0", now);
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->cases.size(), 2u);  // most idle first; the withdrawn case is not listed
  EXPECT_EQ(all->cases[0].case_id, a.case_id);
  EXPECT_EQ(all->cases[1].case_id, b.case_id);
  auto table = all->ToTable();
  EXPECT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0][0], a.case_id);
}

TEST_F(IdleCasesReport, WorkOnAnOrderOfTheCaseCountsAsMovement) {
  auto a = RunNewConnection(ledger_, "1112223", Stage::kOrt);
  ledger_.Advance(5 * kDay);  // Monday
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, a.ort)));
  ViewReader v = Views();
  auto report = projections::BuildIdleCases(v, "1", kStart + 6 * kDay);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->cases.empty());
}

TEST_F(IdleCasesReport, IdleCasesReportIsServedByNameWithDays) {
  RunNewConnection(ledger_, "1112223", Stage::kDocuments);
  auto kind = app::ReportKindOf("idle-cases");
  ASSERT_TRUE(kind.has_value());
  EXPECT_STREQ(app::PeriodParam(*kind), "days");
  ViewReader v = Views();
  auto tables = app::BuildReport(v, *kind, "0", kStart + 7 * kDay, {});
  ASSERT_TRUE(tables.has_value());
  ASSERT_EQ(tables->size(), 1u);
  EXPECT_EQ((*tables)[0].rows.size(), 1u);
}

TEST_F(IdleCasesReport, HolidaysOfTheReferenceDataAreNotWorkingDays) {
  // Opened Wednesday 2026-11-18; a week later it is idle 5 working days, but 3 when Thursday
  // and Friday are holidays: the report skips the holidays it is given.
  RunNewConnection(ledger_, "1112223", Stage::kDocuments);
  auto kind = app::ReportKindOf("idle-cases");
  ASSERT_TRUE(kind.has_value());
  ViewReader v = Views();
  auto plain = app::BuildReport(v, *kind, "4", kStart + 7 * kDay, {});
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ((*plain)[0].rows.size(), 1u);
  auto with_holidays = app::BuildReport(v, *kind, "4", kStart + 7 * kDay, {"2026-11-19", "2026-11-20"});
  ASSERT_TRUE(with_holidays.has_value());
  EXPECT_EQ((*with_holidays)[0].rows.size(), 0u);
}

TEST_F(IdleCasesReport, IdleCasesWithMalformedDaysIsRefused) {
  ViewReader v = Views();
  for (const char* bad : {"", "x", "-1", "2.5", "99999"}) {
    auto report = projections::BuildIdleCases(v, bad, kStart);
    ASSERT_FALSE(report.has_value()) << bad;
    EXPECT_EQ(report.error().code, "value_out_of_range");
  }
}

}  // namespace
}  // namespace bitacora::testing
