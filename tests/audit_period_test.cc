// Periods that prove complete (issue #19): the checkpoint that closes a La Paz day holds exactly the
// events recorded before its midnight and names the day; a bundle of the days from..to is bounded
// by the checkpoints closing the day before and the last day, and the verifier refuses one whose
// signed bounds do not close the period it claims. The daily checkpointer signs the day that ended
// at each midnight.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <thread>

#include "app/daily_checkpoints.h"
#include "core/audit/bundle.h"
#include "core/audit/bundle_manifest.h"
#include "core/audit/day_checkpoints.h"
#include "core/audit/ledger_checkpoints.h"
#include "tests/bundle_test_util.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using std::chrono::year_month_day;
using testing::CommentOn;
using testing::TempDir;
namespace chr = std::chrono;

constexpr std::string_view kOrigin = testing::kBundleOrigin;
constexpr int64_t kHour = 3600LL * 1'000'000'000;

year_month_day Day(const char* text) { return *ParseDay(text); }
// UTC ns of La Paz hour `hour` on `day` (hour 24 is the next midnight).
int64_t LaPaz(const char* day, int64_t hour) { return LaPazDayStartNs(Day(day)) + hour * kHour; }
chr::sys_seconds Seconds(int64_t ns) { return chr::sys_seconds(chr::seconds(ns / 1'000'000'000)); }

// Events recorded on 29 November (1..3), 30 November (4..7, the last at 23:59:59), none on
// 1 December, 2 December (8..9); the ledger's clock is set before each append.
class Periods : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("store"), .sync = false, .clock = [this] { return now_; }});
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    AppendAt(LaPaz("2026-11-29", 9), 3);
    AppendAt(LaPaz("2026-11-30", 8), 3);
    AppendAt(LaPaz("2026-11-30", 24) - 1'000'000'000, 1);  // 23:59:59 in La Paz
    AppendAt(LaPaz("2026-12-02", 0), 2);                    // 00:00:00 of 2 December
    now_ = LaPaz("2026-12-03", 8);
  }
  void AppendAt(int64_t at, int n) {
    now_ = at;
    for (int i = 0; i < n; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-1", std::to_string(i))));
  }
  Result<SignedCheckpoint> SignDay(const char* day) {
    return SignDayCheckpoint(*store_, testing::BundleKey(), kOrigin, Day(day), Seconds(now_));
  }
  BundleReport Verify(const std::string& dir) {
    auto r = VerifyBundle(dir, testing::BundleVkey(), std::nullopt, nullptr);
    EXPECT_TRUE(r) << r.error().ToString();
    return r.value_or(BundleReport{});
  }

  TempDir dir_;
  int64_t now_ = 0;
  std::unique_ptr<EventStore> store_;
};

TEST_F(Periods, TheCheckpointClosingADayHoldsTheEventsRecordedBeforeItsMidnight) {
  auto nov29 = SignDay("2026-11-29");
  ASSERT_TRUE(nov29) << nov29.error().ToString();
  EXPECT_EQ(nov29->checkpoint.size, 3u);
  auto nov30 = SignDay("2026-11-30");
  ASSERT_TRUE(nov30);
  EXPECT_EQ(nov30->checkpoint.size, 7u);  // 23:59:59 is the 30th; 00:00:00 is the next day
  EXPECT_EQ(ClosedDays(nov30->checkpoint), (std::vector<std::string>{"2026-11-30"}));
  EXPECT_NE(nov30->note.find("\nday 2026-11-30\n"), std::string::npos) << nov30->note;
  auto found = DayCheckpoint(*store_, testing::BundleVkey(), Day("2026-11-30"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->note, nov30->note);
  auto audit = AuditCheckpoints(*store_, testing::BundleVkey());
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->ok) << audit->problem;
}

TEST_F(Periods, ADayIsClosedOnlyOnceItIsOverInLaPaz) {
  now_ = LaPaz("2026-12-02", 23);
  auto early = SignDay("2026-12-02");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "day_not_over");
  EXPECT_TRUE(store_->Checkpoints()->empty());
}

TEST_F(Periods, ADayWithoutEventsIsNamedByTheCheckpointOfTheDayBefore) {
  ASSERT_TRUE(SignDay("2026-11-30"));
  auto dec1 = SignDay("2026-12-01");
  ASSERT_TRUE(dec1);
  EXPECT_EQ(dec1->checkpoint.size, 7u);
  EXPECT_EQ(ClosedDays(dec1->checkpoint), (std::vector<std::string>{"2026-11-30", "2026-12-01"}));
  EXPECT_EQ(store_->Checkpoints()->size(), 1u);  // one tree, one note naming both days
  auto again = SignDay("2026-12-01");
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->fresh);
}

TEST_F(Periods, ADaySignedLateCarriesNoTimeLineAndTheCheckpointsStillVerify) {
  ASSERT_TRUE(SignDay("2026-12-02"));
  now_ += kHour;
  auto late = SignDay("2026-11-29");  // the server was down that midnight
  ASSERT_TRUE(late) << late.error().ToString();
  EXPECT_FALSE(late->checkpoint.time.has_value());
  auto audit = AuditCheckpoints(*store_, testing::BundleVkey());
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->ok) << audit->problem;
}

TEST_F(Periods, ABundleOfDaysHoldsExactlyTheirEventsAndVerifiesAsComplete) {
  for (const char* day : {"2026-11-29", "2026-11-30", "2026-12-01", "2026-12-02"}) ASSERT_TRUE(SignDay(day));
  auto summary = ExportPeriod(*store_, testing::BundleVkey(), testing::BundleKey(), "2026-11-30", "2026-12-01",
                              dir_.Sub("nov30"), nullptr);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->from, 4u);
  EXPECT_EQ(summary->to, 7u);
  BundleReport report = Verify(dir_.Sub("nov30"));
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.events, 4u);
  EXPECT_EQ(report.from_date, "2026-11-30");
  EXPECT_EQ(report.to_date, "2026-12-01");
}

TEST_F(Periods, APeriodFromTheLedgersFirstDayNeedsNoCheckpointBeforeIt) {
  ASSERT_TRUE(SignDay("2026-11-29"));
  auto summary = ExportPeriod(*store_, testing::BundleVkey(), testing::BundleKey(), "2026-11-01", "2026-11-29",
                              dir_.Sub("first"), nullptr);
  ASSERT_TRUE(summary) << summary.error().ToString();
  EXPECT_EQ(summary->from, 1u);
  EXPECT_EQ(summary->to, 3u);
  EXPECT_TRUE(Verify(dir_.Sub("first")).ok);
}

TEST_F(Periods, APeriodWhoseClosingCheckpointIsMissingIsNotExported) {
  ASSERT_TRUE(SignDay("2026-12-02"));  // 29 November was never closed
  auto summary = ExportPeriod(*store_, testing::BundleVkey(), testing::BundleKey(), "2026-11-30", "2026-12-02",
                              dir_.Sub("open"), nullptr);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, "no_day_checkpoint");
  EXPECT_NE(summary.error().message.find("2026-11-29"), std::string::npos) << summary.error().message;
  auto bad = ExportPeriod(*store_, testing::BundleVkey(), testing::BundleKey(), "2026-12-02", "2026-11-30",
                          dir_.Sub("reversed"), nullptr);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_date");
}

TEST_F(Periods, AManifestClaimingAnotherPeriodThanItsCheckpointsCloseIsRefused) {
  for (const char* day : {"2026-11-29", "2026-11-30"}) ASSERT_TRUE(SignDay(day));
  const std::string dir = dir_.Sub("claim");
  ASSERT_TRUE(ExportPeriod(*store_, testing::BundleVkey(), testing::BundleKey(), "2026-11-30", "2026-11-30", dir,
                           nullptr));
  // The operator (who holds the key) re-signs the manifest to claim the bundle is 29–30 November.
  std::string note;
  for (const std::string& line : testing::ReadLines(dir + "/manifest.note")) note += line + "\n";
  auto manifest = OpenManifest(note, testing::BundleVkey());
  ASSERT_TRUE(manifest) << manifest.error().ToString();
  manifest->from_date = "2026-11-29";
  auto forged = SignManifest(*manifest, testing::BundleKey());
  ASSERT_TRUE(forged);
  std::ofstream(dir + "/manifest.note", std::ios::trunc) << *forged;
  BundleReport report = Verify(dir);
  EXPECT_FALSE(report.ok);
  EXPECT_NE(report.problem.find("closes 2026-11-28"), std::string::npos) << report.problem;
}

TEST_F(Periods, TheServerClosesTheDayThatEndedAtMidnight) {
  const int64_t midnight = LaPaz("2026-12-01", 0);  // in the past: the checkpointer acts at once
  {
    app::DailyCheckpointer checkpointer(*store_, testing::BundleKey(), std::string(kOrigin),
                                        [midnight, calls = std::make_shared<std::atomic<int>>(0)](int64_t now) {
                                          return (*calls)++ == 0 ? midnight : now + 3600 * kHour;
                                        });
    for (int i = 0; i < 500 && store_->Checkpoints()->empty(); ++i) {
      std::this_thread::sleep_for(chr::milliseconds(10));
    }
  }
  auto cps = store_->Checkpoints();
  ASSERT_TRUE(cps);
  ASSERT_EQ(cps->size(), 1u);
  auto cp = ParseAndVerifyCheckpoint(cps->front().second, testing::BundleVkey());
  ASSERT_TRUE(cp);
  EXPECT_EQ(cp->size, 7u);
  EXPECT_EQ(ClosedDays(*cp), (std::vector<std::string>{"2026-11-30"}));
}

}  // namespace
}  // namespace bitacora
