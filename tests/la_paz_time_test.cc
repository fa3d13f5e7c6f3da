// What a person reads is in La Paz time with its offset (issue #15; docs/rest.md, "Views"): the
// views, histories and folders show "2026-11-18T22:30:00-04:00", the same day the daily control
// counts, never the UTC instant of the next day. The raw log keeps UTC.
#include <gtest/gtest.h>

#include <string>

#include "app/as_of.h"
#include "app/queries.h"
#include "app/views_json.h"
#include "cli/commands/human.h"
#include "core/domain/ids.h"
#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;

// 2026-11-19T02:30:00Z: still the evening of 18 November in La Paz.
constexpr int64_t kLateEvening = kStart + 55'400 * kSecond;
constexpr const char* kLaPaz = "2026-11-18T22:30:00-04:00";

TEST(LaPazTime, AnInstantAfterMidnightUtcIsThePreviousEveningInLaPaz) {
  EXPECT_EQ(domain::FormatLaPazTime(kLateEvening), kLaPaz);
  EXPECT_EQ(domain::FormatLaPazTime(kStart), "2026-11-18T07:06:40-04:00");
  EXPECT_EQ(app::LaPazTime(kLateEvening), kLaPaz);
  EXPECT_EQ(app::LaPazTime(0), "");  // no time: empty, as before
}

TEST(LaPazTime, TheTimeAViewShowsCanBeAskedForAsOf) {
  auto utc = app::ParseAsOf("2026-11-19T02:30:00Z");
  auto local = app::ParseAsOf(kLaPaz);
  ASSERT_TRUE(utc.has_value()) << utc.error().ToString();
  ASSERT_TRUE(local.has_value()) << local.error().ToString();
  EXPECT_EQ(local->recorded_ns, kLateEvening);
  EXPECT_EQ(local->recorded_ns, utc->recorded_ns);
  EXPECT_FALSE(app::ParseAsOf("2026-11-18T22:30:00-05:00").has_value());  // not La Paz's offset
  EXPECT_FALSE(app::ParseAsOf("2026-11-18T24:30:00-04:00").has_value());
}

class LaPazViews : public ProjectionTest {};

TEST_F(LaPazViews, AnOrderRegisteredLateInTheEveningShowsTheDayOfItsDailyControl) {
  auto run = RunNewConnection(ledger_, "1234567", Stage::kVisit);
  ledger_.Advance(kLateEvening - ledger_.now());
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, run.ort)));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {run.ort})));
  EXPECT_EQ(ledger_.Order(run.ort).control_date, "2026-11-18");

  // The order's history, as REST and --json send it and as the CLI prints it.
  auto history = app::HistoryQuery(ledger_.store(), projections::Entity::kOrder, run.ort, "");
  ASSERT_TRUE(history.has_value()) << history.error().ToString();
  const std::string json = history->Json();
  EXPECT_NE(json.find(std::string(R"("recordedAt":")") + kLaPaz + "\""), std::string::npos) << json;
  EXPECT_NE(json.find(std::string(R"("occurredAt":")") + kLaPaz + "\""), std::string::npos) << json;
  EXPECT_EQ(json.find("2026-11-19T"), std::string::npos) << json;
  EXPECT_EQ(json.find("Z\""), std::string::npos) << json;
  const std::string text = HumanText(history->reader());
  EXPECT_NE(text.find(kLaPaz), std::string::npos) << text;
  EXPECT_EQ(text.find("2026-11-19T"), std::string::npos) << text;

  // The order's record and the client's folder.
  auto views = Views();
  auto record = app::RecordQuery(ledger_.store(), views, projections::Entity::kOrder, run.ort, "");
  ASSERT_TRUE(record.has_value()) << record.error().ToString();
  const std::string order = record->Json();
  EXPECT_NE(order.find(std::string(R"("updatedAt":")") + kLaPaz + "\""), std::string::npos)
      << order;
  EXPECT_NE(order.find(R"("issuedAt":"2026-11-18T07:06:40-04:00")"), std::string::npos) << order;
  auto folder = app::FolderQuery(views, projections::Entity::kClient, "1234567", "");
  ASSERT_TRUE(folder.has_value()) << folder.error().ToString();
  const std::string entries = folder->Json();
  EXPECT_NE(entries.find(kLaPaz), std::string::npos) << entries;
  EXPECT_EQ(entries.find("Z\""), std::string::npos) << entries;
}

}  // namespace
}  // namespace bitacora::testing
