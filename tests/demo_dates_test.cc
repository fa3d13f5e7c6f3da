// The demo places its cases in the last weeks before the day it runs (its clock is injected; the
// binary's main reads the wall clock), so the daily control of a recent date has rows.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <string>

#include "app/daily_checkpoints.h"
#include "cli/demo/demo.h"
#include "core/domain/ids.h"
#include "tests/test_util.h"
#include "tests/cli_run.h"

namespace bitacora::testing {
namespace {

constexpr int64_t kDayNs = 86'400LL * 1'000'000'000;

// Runs the CLI with `args` (stderr discarded); stdout.
std::string Bitacora(const std::string& args) { return testing::RunBitacora(args).out; }

std::string LaPazDate(int64_t ns) { return domain::FormatDate(domain::ToLocalDate(ns)); }

// Data lines of a CSV report (its heading line excluded).
int CsvRows(const std::string& csv) {
  int lines = 0;
  for (char ch : csv) lines += ch == '\n' ? 1 : 0;
  return lines - 1;
}

TEST(DemoDates, CasesFallInTheWeeksBeforeTheInjectedTodayAndTheDailyControlHasRows) {
  TempDir dir;
  demo::DemoOptions options;
  options.path = dir.Sub("demo");
  options.clients = 80;
  options.days = 15;
  // Thursday 2027-03-11, 15:00 in La Paz: a day of no other test, months after the fixtures'.
  options.today_ns = 1'804'791'600LL * 1'000'000'000;
  ASSERT_EQ(LaPazDate(options.today_ns), "2027-03-11");
  auto summary = demo::RunDemo(options);
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_EQ(summary->last_day, "2027-03-10");  // the working day before today
  // 15 working days (three weeks) ending yesterday: from Thursday 2027-02-18.
  EXPECT_EQ(summary->first_day, "2027-02-18");

  // Recent dates have their daily control: yesterday's and a week before's.
  for (const std::string& date : {summary->last_day, LaPazDate(options.today_ns - 7 * kDayNs)}) {
    const std::string csv = Bitacora("--data " + options.path + " report daily-control --date " +
                                     date + " --format csv");
    EXPECT_GT(CsvRows(csv), 0) << date << ":\n" << csv;
  }
}

}  // namespace
}  // namespace bitacora::testing
