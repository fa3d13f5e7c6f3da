// Units of the shims: La Paz midnights and as-of parsing, tokens as events, metrics text, and
// the demo (a small sample runs every procedure without a refusal and verifies).
#include <gtest/gtest.h>

#include "cli/demo/demo.h"
#include "app/as_of.h"
#include "app/daily_checkpoints.h"
#include "rest/metrics.h"
#include "app/token_auth.h"
#include "app/tokens.h"
#include "core/handler/command_handler.h"
#include "projections/projection_service.h"
#include "tests/test_util.h"

namespace bitacora::testing {
namespace {

constexpr int64_t kSec = 1'000'000'000;

TEST(ShimUnits, NextLaPazMidnightIsFourUtc) {
  // 2026-11-27T03:59:59Z is still 26 Nov in La Paz: its midnight is 04:00Z that day.
  auto midnight27 = app::LaPazMidnight("2026-11-27");
  ASSERT_TRUE(midnight27.has_value());
  EXPECT_EQ(app::NextLaPazMidnight(*midnight27 - kSec), *midnight27);
  EXPECT_EQ(app::NextLaPazMidnight(*midnight27), *midnight27 + 86400 * kSec);
  EXPECT_EQ(*midnight27 % (86400 * kSec), 4 * 3600 * kSec);
  EXPECT_FALSE(app::LaPazMidnight("2026-02-30").has_value());
}

TEST(ShimUnits, AsOfPositionDateOrInstant) {
  auto p = app::ParseAsOf("1234");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->position, 1234u);
  auto d = app::ParseAsOf("2026-11-20");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->recorded_ns, *app::LaPazMidnight("2026-11-21") - 1);
  auto t = app::ParseAsOf("2026-11-20T15:00:00Z");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->recorded_ns, *app::LaPazMidnight("2026-11-20") - 4 * 3600 * kSec + 15 * 3600 * kSec);
  for (const char* bad : {"yesterday", "2026-13-01", "2026-11-20T25:00:00Z", "-3"}) {
    auto r = app::ParseAsOf(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().code, "bad_as_of");
  }
}

TEST(ShimUnits, TheServersTokenMemoryAnswersAsTheLogAndForgetsARevokedTokenAtOnce) {
  TempDir dir;
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("s"), .sync = false});
  ASSERT_TRUE(store.has_value());
  const ActorRef admin{"admin", schema::Role::SUPERVISOR};
  CommandHandler handler(**store, HandlerOptions{});
  auto caja = app::IssueToken(handler, admin, {"caja-1", schema::Role::CASHIER}, "caja");
  auto odeco = app::IssueToken(handler, admin, {"odeco-1", schema::Role::ODECO}, "odeco");
  ASSERT_TRUE(caja && odeco);
  app::TokenAuthenticator tokens(**store, /*max_entries=*/1);
  for (int i = 0; i < 3; ++i) {  // first read from the log, then remembered
    auto who = tokens.Authenticate(*caja);
    ASSERT_TRUE(who.has_value());
    EXPECT_EQ(who->id, "caja-1");
    EXPECT_EQ(who->role, schema::Role::CASHIER);
  }
  EXPECT_EQ(tokens.remembered(), 1u);
  // Unknown and malformed tokens are refused as the log says, and not remembered.
  const std::string unknown = "btk_" + std::string(64, 'a');
  EXPECT_EQ(tokens.Authenticate(unknown).error().code, "bad_token");
  EXPECT_EQ(tokens.Authenticate("btk_short").error().code, "bad_token");
  EXPECT_EQ(tokens.remembered(), 1u);
  // Full (one entry): remembering another token forgets the first, and both still authenticate.
  EXPECT_EQ(tokens.Authenticate(*odeco)->id, "odeco-1");
  EXPECT_EQ(tokens.remembered(), 1u);
  EXPECT_EQ(tokens.Authenticate(*caja)->id, "caja-1");
  // A revocation appended after the token was remembered is refused at the next request.
  ASSERT_TRUE(app::RevokeToken(handler, admin, *caja, "fin de turno").has_value());
  auto after = tokens.Authenticate(*caja);
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, "token_revoked");
  EXPECT_EQ(tokens.Authenticate(*caja).error().code, "token_revoked");
}

TEST(ShimUnits, TokensAreEventsWithOnlyTheirHash) {
  TempDir dir;
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("s"), .sync = false});
  ASSERT_TRUE(store.has_value());
  CommandHandler handler(**store, HandlerOptions{});
  auto token = app::IssueToken(handler, {"admin", schema::Role::SUPERVISOR}, {"caja-1", schema::Role::CASHIER}, "caja");
  ASSERT_TRUE(token.has_value());
  auto events = (*store)->ReadLog(1, 10);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_EQ(std::string_view(events->front().bytes()).find(*token), std::string_view::npos);
  EXPECT_TRUE(events->front().envelope().getPayload().isTokenIssued());
  auto who = app::Authenticate(**store, *token);
  ASSERT_TRUE(who.has_value());
  EXPECT_EQ(who->id, "caja-1");
  EXPECT_EQ(who->role, schema::Role::CASHIER);
  ASSERT_TRUE(app::RevokeToken(handler, {"admin", schema::Role::SUPERVISOR}, *token, "fin de turno").has_value());
  auto after = app::Authenticate(**store, *token);
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, "token_revoked");
  EXPECT_EQ(app::RevokeToken(handler, {"admin", schema::Role::SUPERVISOR}, *token, "").error().code,
            "token_already_revoked");
  auto views = projections::ProjectionService::Open(**store, {.dir = dir.Sub("v")});
  ASSERT_TRUE(views.has_value());
  ASSERT_TRUE((*views)->CatchUp().has_value());
  auto list = app::ListTokens(projections::ViewReader((*views)->Current()));
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE(list->front().revoked);
  EXPECT_EQ(list->front().grant.id, "caja-1");
}

TEST(ShimUnits, MetricsRenderCountersAndHistograms) {
  shim::Metrics m;
  m.ObserveRequest("GET /v1/log", 200, 0.0007);
  m.ObserveRequest("GET /v1/log", 200, 0.02);
  m.CountAppend(3);
  m.CountRefusal("step_not_allowed");
  const std::string text = m.Render(10, 7);
  EXPECT_NE(text.find("bitacora_http_requests_total{route=\"GET /v1/log\",status=\"200\"} 2"), std::string::npos);
  EXPECT_NE(text.find("bitacora_http_request_duration_seconds_bucket{route=\"GET /v1/log\",le=\"0.001\"} 1"),
            std::string::npos) << text;
  EXPECT_NE(text.find("bitacora_http_request_duration_seconds_bucket{route=\"GET /v1/log\",le=\"+Inf\"} 2"),
            std::string::npos);
  EXPECT_NE(text.find("bitacora_events_appended_total 3"), std::string::npos);
  EXPECT_NE(text.find("bitacora_command_refusals_total{code=\"step_not_allowed\"} 1"), std::string::npos);
  EXPECT_NE(text.find("bitacora_projection_lag_events 3"), std::string::npos);
}

TEST(ShimUnits, DemoRunsEveryProcedureWithoutRefusalsAndVerifies) {
  TempDir dir;
  demo::DemoOptions options;
  options.path = dir.Sub("demo");
  options.clients = 150;
  options.days = 20;
  options.today_ns = 1'796'000'000LL * 1'000'000'000;  // 2026-11-29
  auto summary = demo::RunDemo(options);
  ASSERT_TRUE(summary.has_value()) << summary.error().ToString();
  EXPECT_TRUE(summary->refusals.empty()) << summary->refusals.begin()->first;
  // The desk's mistakes of the scenario library were made, and each was refused as it should be.
  EXPECT_GT(summary->mistakes["ci_with_letter"], 0u);
  EXPECT_GT(summary->mistakes["short_payment"], 0u);
  for (const char* command : {"completeCase", "registerInDailyControl", "sendOrdersToOdeco", "processOrdersAtOdeco",
                              "archiveOrder", "recordCutExecuted", "receiveNonViableCase", "annulOrder"}) {
    EXPECT_GT(summary->by_command[command], 0u) << command;
  }
  auto again = demo::RunDemo(options);  // refuses a store with events
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "store_not_empty");
  auto store = EventStore::Open(StoreOptions{.path = options.path});
  ASSERT_TRUE(store.has_value());
  auto report = (*store)->Verify(1, 0);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->checked, summary->events);
}

}  // namespace
}  // namespace bitacora::testing
