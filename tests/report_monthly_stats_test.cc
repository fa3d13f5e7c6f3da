// Monthly statistics on a ledger with known times (injected clock): counts, cycle times in hours
// and working days (weekend and a holiday), backlog buckets, the numbering check; XLSX sheets.
#include "projections/report/monthly_stats.h"

#include "app/reports.h"
#include "tests/projection_fixture.h"
#include "tests/report_test_util.h"

namespace bitacora::testing {
namespace {

using projections::BuildMonthlyStatistics;
using projections::StatsOptions;
constexpr int64_t kHour = 3600 * kSecond;

class ReportMonthlyStats : public ProjectionTest {
 protected:
  // kStart is Wednesday 2026-11-18 07:06 in La Paz.
  //   ORT-1 issued Wed 07:06, returned executed Wed 11:06        (4 h, 4/24 working day)
  //   ORT-2 issued Wed 11:06, returned not executed Wed 13:06    (2 h, 2/24)
  //   ORT-3 issued Wed 13:06, returned Mon 23rd 13:06            (120 h, 3 working days: Sat, Sun out)
  //   ORT-4 issued Mon 23rd 13:06, never returned                (5 working days old at "now")
  //   ORT-5 issued Mon 30th 12:06, never returned                (1 hour old at "now")
  //   now = Mon 30th 13:06
  void BuildMonth() {
    auto a = RunNewConnection(ledger_, "1111111", Stage::kOrt);
    ledger_.Advance(4 * kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(a.ort, {{"CAB-6", 10}})));
    auto b = RunNewConnection(ledger_, "2222222", Stage::kOrt);
    ledger_.Advance(2 * kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, NotExecuted(b.ort, "Domicilio cerrado")));
    auto c = RunNewConnection(ledger_, "3333333", Stage::kOrt);
    ledger_.Advance(120 * kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(c.ort, {{"CAB-6", 10}})));
    RunNewConnection(ledger_, "4444444", Stage::kOrt);
    ledger_.Advance(167 * kHour);
    RunNewConnection(ledger_, "5555555", Stage::kOrt);
    ledger_.Advance(kHour);
  }
};

TEST_F(ReportMonthlyStats, CountsCycleTimesBacklogAndNumberingHaveTheKnownAnswers) {
  BuildMonth();
  auto st = BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  ASSERT_TRUE(st.has_value()) << st.error().ToString();
  using T = schema::OrderType;
  EXPECT_EQ(st->stamp.position, ledger_.HeadPosition());
  EXPECT_EQ(st->issued.at(T::ORT), 5u);
  EXPECT_EQ(st->issued.size(), 1u);
  EXPECT_EQ(st->returned.at(T::ORT).executed, 2u);
  EXPECT_EQ(st->returned.at(T::ORT).not_executed, 1u);
  EXPECT_EQ(st->by_category.at(schema::TariffCategory::RESIDENTIAL).executed, 2u);
  EXPECT_EQ(st->by_category.at(schema::TariffCategory::RESIDENTIAL).not_executed, 1u);
  ASSERT_EQ(st->by_technician.size(), 1u);
  EXPECT_EQ(st->by_technician.at("actor-1").executed, 2u);
  // Hours [2, 4, 120]: median 4, p90 120. Working days [2/24, 4/24, 3].
  const auto& cycle = st->cycle.at(T::ORT);
  EXPECT_EQ(cycle.count, 3u);
  EXPECT_DOUBLE_EQ(cycle.median_hours, 4.0);
  EXPECT_DOUBLE_EQ(cycle.p90_hours, 120.0);
  EXPECT_DOUBLE_EQ(cycle.median_working_days, 4.0 / 24.0);
  EXPECT_DOUBLE_EQ(cycle.p90_working_days, 3.0);
  EXPECT_DOUBLE_EQ(st->cycle_all.p90_hours, 120.0);
  // Backlog at Mon 30th 13:06: ORT-4 is 5 working days old (2–5), ORT-5 one hour (0–1).
  EXPECT_EQ(st->backlog.at(T::ORT), (projections::Buckets{1, 1, 0, 0}));
  EXPECT_TRUE(st->numbering_gap_free);
  ASSERT_EQ(st->numbering.size(), 1u);
  EXPECT_EQ(st->numbering[0].series, "ORT-2026");
  EXPECT_EQ(st->numbering[0].issued, 5u);
  // Another month has nothing returned or issued.
  auto october = *BuildMonthlyStatistics(Views(), "2026-10", ledger_.now());
  EXPECT_TRUE(october.issued.empty());
  EXPECT_TRUE(october.returned.empty());
  EXPECT_EQ(BuildMonthlyStatistics(Views(), "11-2026", 0).error().code, "month_malformed");
}

TEST_F(ReportMonthlyStats, APastMonthsBacklogIsAsItStoodAtTheMonthsEnd) {
  BuildMonth();
  using T = schema::OrderType;
  // December: ORT-4 is returned on Thursday the 3rd.
  ledger_.Advance(72 * kHour);  // Thu 2026-12-03 13:06
  Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit("ORT-2026-000004", {{"CAB-6", 10}})));
  // November's backlog is aged at Tue Dec 1st 00:00 and still holds ORT-4: 5.45 working days
  // (2–5); ORT-5 is 11.9 hours old then (0–1).
  auto november = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  EXPECT_EQ(november.backlog_at_ns, projections::LocalMidnightNs({2026, 12, 1}));
  EXPECT_EQ(november.backlog.at(T::ORT), (projections::Buckets{1, 1, 0, 0}));
  // An order issued in December is not part of November's backlog.
  RunNewConnection(ledger_, "6666666", Stage::kOrt);
  EXPECT_EQ(BuildMonthlyStatistics(Views(), "2026-11", ledger_.now())->backlog.at(T::ORT),
            (projections::Buckets{1, 1, 0, 0}));
  // December, in course, is aged now: ORT-5 is 3 working days old (2–5), ORT-6 new (0–1).
  auto december = *BuildMonthlyStatistics(Views(), "2026-12", ledger_.now());
  EXPECT_EQ(december.backlog_at_ns, ledger_.now());
  EXPECT_EQ(december.backlog.at(T::ORT), (projections::Buckets{1, 1, 0, 0}));
}

TEST_F(ReportMonthlyStats, HolidaysAreNotWorkingDays) {
  BuildMonth();
  StatsOptions options;
  options.calendar = projections::WorkCalendar({"2026-11-19", "2026-11-24"});
  auto st = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now(), options);
  // ORT-3 loses Thursday the 19th: 2 working days. ORT-4 loses Tuesday the 24th: 4 (still 2–5).
  EXPECT_DOUBLE_EQ(st.cycle.at(schema::OrderType::ORT).p90_working_days, 2.0);
  EXPECT_EQ(st.backlog.at(schema::OrderType::ORT), (projections::Buckets{1, 1, 0, 0}));
}

TEST_F(ReportMonthlyStats, WorkingDaysAndBuckets) {
  projections::WorkCalendar cal;
  const int64_t wed = kStart;  // Wednesday 07:06 La Paz
  EXPECT_DOUBLE_EQ(cal.WorkingDaysBetween(wed, wed + 24 * kHour), 1.0);
  EXPECT_DOUBLE_EQ(cal.WorkingDaysBetween(wed + 48 * kHour, wed + 120 * kHour), 1.0);  // Fri → Mon
  EXPECT_DOUBLE_EQ(cal.WorkingDaysBetween(wed, wed - kHour), 0.0);
  EXPECT_EQ(projections::BucketOf(0.5), 0u);
  EXPECT_EQ(projections::BucketOf(1.99), 0u);
  EXPECT_EQ(projections::BucketOf(2.0), 1u);
  EXPECT_EQ(projections::BucketOf(5.99), 1u);
  EXPECT_EQ(projections::BucketOf(6.0), 2u);
  EXPECT_EQ(projections::BucketOf(10.99), 2u);
  EXPECT_EQ(projections::BucketOf(11.0), 3u);
}

TEST_F(ReportMonthlyStats, ConnectionOrdersAgainstTheFiveWorkingDayDeadline) {
  auto run = RunNewConnection(ledger_, "1111111", Stage::kFolder);
  ledger_.Advance(7 * 24 * kHour);  // Wednesday to Wednesday: 5 working days, on the limit
  Ok(ledger_.Run(Role::TECHNICIAN, RecordEnergization(run.oc, "MED-0001")));
  auto st = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  EXPECT_EQ(st.deadline.at(schema::OrderType::OC).executed, 1u);  // met
  EXPECT_EQ(st.deadline.at(schema::OrderType::OC).not_executed, 0u);
  StatsOptions strict;
  strict.deadline_working_days[schema::OrderType::OC] = 4.0;
  auto late = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now(), strict);
  EXPECT_EQ(late.deadline.at(schema::OrderType::OC).not_executed, 1u);
  EXPECT_DOUBLE_EQ(late.cycle.at(schema::OrderType::OC).median_working_days, 5.0);
}

TEST_F(ReportMonthlyStats, PerTechnicianCountsTechniciansOnlyNotTheWarehouseClerk) {
  auto r = RunNewConnection(ledger_, "1111111", Stage::kDelivered);  // ORT by the technician, OEM by the warehouse
  auto st = BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  ASSERT_TRUE(st.has_value()) << st.error().ToString();
  using T = schema::OrderType;
  EXPECT_EQ(st->returned.at(T::OEM).executed, 1u);  // the OEM is a returned order of the month...
  ASSERT_EQ(st->by_technician.size(), 1u);          // ...but its warehouse clerk is no technician
  EXPECT_EQ(st->by_technician.begin()->second.executed, 1u);
  EXPECT_EQ(ledger_.Order(r.oem).status, domain::OrderStatus::kReturned);
}

TEST_F(ReportMonthlyStats, TheCsvKeepsEachTablesTitleAndNotesSinSaltosIncluded) {
  BuildMonth();
  auto st = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  auto rendered = app::RenderReport(st.ToTables(), "csv");
  ASSERT_TRUE(rendered.has_value()) << rendered.error().ToString();
  EXPECT_NE(rendered->body.find("Sin saltos en la numeración"), std::string::npos);
  EXPECT_NE(rendered->body.find("Estadística mensual 2026-11: por técnico"), std::string::npos);
  EXPECT_NE(rendered->body.find("Calculado sobre el registro hasta la posición " +
                                std::to_string(ledger_.HeadPosition())),
            std::string::npos);
}

TEST_F(ReportMonthlyStats, AGapInTheNumberingIsReported) {
  RunNewConnection(ledger_, "1111111", Stage::kOrt);
  // An import that skipped a number: ORT-2026-000003 without 000002.
  ledger_.Seed(domain::OrderStream("ORT-2026-000003"), [](schema::Event::Builder e) {
    auto p = e.initOrderIssued();
    p.setOrderNumber("ORT-2026-000003");
    p.setOrderType(schema::OrderType::ORT);
    p.setYear(2026);
    p.setSequence(3);
  });
  auto st = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  EXPECT_FALSE(st.numbering_gap_free);
  ASSERT_EQ(st.numbering.size(), 1u);
  EXPECT_EQ(st.numbering[0].missing, std::vector<uint64_t>{2});
  const auto tables = st.ToTables();
  EXPECT_NE(tables.back().notes[1].find("HAY SALTOS"), std::string::npos);
  EXPECT_EQ(tables.back().rows[0][3], "2");
}

TEST_F(ReportMonthlyStats, EveryTableInTheWorkbookAndCsv) {
  BuildMonth();
  auto st = *BuildMonthlyStatistics(Views(), "2026-11", ledger_.now());
  const auto tables = st.ToTables();
  ASSERT_EQ(tables.size(), 6u);
  EXPECT_NE(tables.back().notes[1].find("Sin saltos en la numeración"), std::string::npos);
  const auto times = ParseCsv(projections::ToCsv(tables[3]));
  ASSERT_EQ(times.size(), 3u);  // headings, ORT, Todas
  EXPECT_EQ(times[0][2], "Mediana (horas)");
  EXPECT_EQ(times[1], (std::vector<std::string>{"ORT", "3", "4.00", "120.00", "0.17", "3.00"}));
  const auto backlog = ParseCsv(projections::ToCsv(tables[4]));
  EXPECT_EQ(backlog[1], (std::vector<std::string>{"ORT", "1", "1", "0", "0", "2"}));
  const std::string path = views_dir_.Sub("stats.xlsx");
  ASSERT_TRUE(projections::WriteXlsx(tables, path).has_value());
  for (int i = 1; i <= 6; ++i) {
    EXPECT_FALSE(UnzipMember(path, "xl/worksheets/sheet" + std::to_string(i) + ".xml").empty()) << i;
  }
  const std::string strings = UnzipMember(path, "xl/sharedStrings.xml");
  EXPECT_NE(strings.find("Sin saltos en la numeración de órdenes."), std::string::npos);
  EXPECT_NE(strings.find("Mediana (días hábiles)"), std::string::npos);
  // Numeric columns are numbers, not text: the count 5 of issued ORTs is a <v>5</v> cell.
  EXPECT_NE(UnzipMember(path, "xl/worksheets/sheet1.xml").find("<v>5</v>"), std::string::npos);
}

}  // namespace
}  // namespace bitacora::testing
