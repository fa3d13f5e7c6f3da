// The REST server's error statuses, each with a check that nothing was appended, and the happy
// paths they are measured against (201, idempotent 200, /healthz, /metrics, /v1/openapi.json).
#include <gtest/gtest.h>

#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

constexpr const char* kOpenCase =
    R"({"kind":"newConnection","clientCi":"4455667 CB","tariffCategory":"residential","address":"Calle Sucre 12"})";

class RestErrorsTest : public RestFixture {};

// Expects `status` and an error body with `code`, and that the head did not move.
#define EXPECT_HTTP_ERROR(RESULT, STATUS, CODE, HEAD_BEFORE)                  \
  do {                                                                        \
    auto&& r_ = (RESULT);                                                     \
    ASSERT_TRUE(r_) << "no answer";                                           \
    EXPECT_EQ(r_->status, (STATUS)) << r_->body;                              \
    EXPECT_EQ(JsonText(r_->body, "code"), (CODE)) << r_->body;                \
    EXPECT_FALSE(JsonText(r_->body, "message").empty()) << r_->body;          \
    EXPECT_EQ(Head(), (HEAD_BEFORE)) << "an error appended events";           \
  } while (false)

TEST_F(RestErrorsTest, CommandIsRecordedWithItsPositionsAndRepeatsIdempotently) {
  const uint64_t before = Head();
  auto first = Post("openCase", kOpenCase, Role::PLATFORM, "key-1");
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 201) << first->body;
  EXPECT_EQ(JsonText(first->body, "caseId"), "TRA-2026-000001");
  EXPECT_NE(first->body.find("\"firstPosition\":" + std::to_string(before + 1)), std::string::npos) << first->body;
  EXPECT_EQ(Head(), before + 1);
  auto again = Post("openCase", kOpenCase, Role::PLATFORM, "key-1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_NE(again->body.find("\"duplicate\":true"), std::string::npos);
  EXPECT_EQ(Head(), before + 1);
}

TEST_F(RestErrorsTest, NoTokenBadTokenRevokedTokenAre401) {
  const uint64_t head = Head();
  EXPECT_HTTP_ERROR(client_->Post("/v1/commands/openCase", kOpenCase, "application/json"), 401, "token_required", head);
  EXPECT_HTTP_ERROR(client_->Post("/v1/commands/openCase", httplib::Headers{{"Authorization", "Bearer nope"}},
                                  kOpenCase, "application/json"),
                    401, "bad_token", head);
  const std::string unknown = "btk_" + std::string(64, 'a');
  EXPECT_HTTP_ERROR(client_->Get("/v1/log", httplib::Headers{{"Authorization", "Bearer " + unknown}}), 401,
                    "bad_token", head);
  ASSERT_TRUE(app::RevokeToken(*handler_, ActorRef{"test", Role::SUPERVISOR}, tokens_[Role::PLATFORM], "gone").has_value());
  const uint64_t after_revoke = Head();
  EXPECT_HTTP_ERROR(Post("openCase", kOpenCase, Role::PLATFORM), 401, "token_revoked", after_revoke);
  auto other = Get("/v1/log");  // the other tokens still work
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200);
}

TEST_F(RestErrorsTest, RoleNotAllowedIs403) {
  const uint64_t head = Head();
  EXPECT_HTTP_ERROR(Post("openCase", kOpenCase, Role::CASHIER), 403, "not_allowed_for_role", head);
  EXPECT_HTTP_ERROR(Post("setTariff", R"({"category":"general"})", Role::PLATFORM), 403, "not_allowed_for_role", head);
  EXPECT_HTTP_ERROR(client_->Post("/v1/tokens", httplib::Headers{{"Authorization", "Bearer " + tokens_[Role::PLATFORM]}},
                                  R"({"actorId":"x","role":"supervisor"})", "application/json"),
                    403, "not_allowed_for_role", head);
}

TEST_F(RestErrorsTest, UnknownRouteCommandAndEntityAre404) {
  const uint64_t head = Head();
  EXPECT_HTTP_ERROR(Get("/v1/nothing-here"), 404, "route_not_found", head);
  EXPECT_HTTP_ERROR(Post("openCaseTwice", kOpenCase, Role::PLATFORM), 404, "unknown_command", head);
  EXPECT_HTTP_ERROR(Get("/v1/cases/TRA-2026-999999"), 404, "case_not_found", head);
  EXPECT_HTTP_ERROR(Get("/v1/orders/ORT-2026-000042/history"), 404, "order_not_found", head);
  EXPECT_HTTP_ERROR(Post("issueQuote", R"({"caseId":"TRA-2026-000077"})", Role::PLATFORM), 404, "case_not_found", head);
}

TEST_F(RestErrorsTest, VersionConflictIs409) {
  // The store's own conflict, as the handler returns it once its retries are spent.
  handle_ = [this](const ActorRef& actor, schema::Command::Reader) -> Result<CommandOutcome> {
    auto appended = store_->Append(CommentOn("case-TRA-2026-000001", "x", ExpectedVersion::Exactly(7)));
    if (!appended) return Fail(appended.error());
    (void)actor;
    return CommandOutcome{};
  };
  const uint64_t head = Head();
  EXPECT_HTTP_ERROR(Post("openCase", kOpenCase, Role::PLATFORM), 409, "wrong_expected_version", head);
}

TEST_F(RestErrorsTest, RefusalIs422WithSpanishMessage) {
  auto opened = Post("openCase", kOpenCase, Role::PLATFORM);
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  const uint64_t head = Head();
  auto quote = Post("issueQuote", R"({"caseId":"TRA-2026-000001"})", Role::PLATFORM);
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->status, 422) << quote->body;
  EXPECT_FALSE(JsonText(quote->body, "code").empty());
  EXPECT_EQ(JsonText(quote->body, "kind"), "refused");
  EXPECT_EQ(Head(), head);
  auto metrics = Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("bitacora_command_refusals_total{code=\"" + JsonText(quote->body, "code") + "\"} 1"),
            std::string::npos) << metrics->body;
}

TEST_F(RestErrorsTest, MalformedJsonUnknownFieldWrongTypeAre400) {
  const uint64_t head = Head();
  EXPECT_HTTP_ERROR(Post("openCase", R"({"kind":"newConnection",)", Role::PLATFORM), 400, "bad_json", head);
  EXPECT_HTTP_ERROR(Post("openCase", R"({"kind":"newConnection","colour":"red"})", Role::PLATFORM), 400, "bad_json",
                    head);
  EXPECT_HTTP_ERROR(Post("openCase", R"({"kind":"sideways"})", Role::PLATFORM), 400, "bad_json", head);
  EXPECT_HTTP_ERROR(Post("recordPayment", R"({"caseId":"TRA-2026-000001","amountCentavos":"lots"})", Role::CASHIER),
                    400, "bad_json", head);
  EXPECT_HTTP_ERROR(Post("openCase", "[1,2]", Role::PLATFORM), 400, "bad_json", head);
  EXPECT_HTTP_ERROR(Post("openCase", R"({"kind":"newConnection","clientCi":"12"})", Role::PLATFORM), 400,
                    "ci_malformed", head);
  EXPECT_HTTP_ERROR(Get("/v1/clients/4455667/folder?as_of=yesterday"), 400, "bad_as_of", head);
}

TEST_F(RestErrorsTest, BodyOverTheLimitIs413) {
  shim::ServerOptions options;
  options.max_body_bytes = 1024;
  StartServer(options);
  const uint64_t head = Head();
  std::string big = R"({"kind":"newConnection","address":")" + std::string(4000, 'x') + R"("})";
  EXPECT_HTTP_ERROR(Post("openCase", big, Role::PLATFORM), 413, "body_too_large", head);
  auto small = Post("openCase", kOpenCase, Role::PLATFORM);
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 201) << small->body;
}

TEST_F(RestErrorsTest, HealthzNeedsNoTokenMetricsAndOpenApiDo) {
  auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(JsonText(health->body, "status"), "ok");
  auto no_token = client_->Get("/metrics");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 401);
  auto metrics = Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->body.find("bitacora_http_request_duration_seconds_bucket{route=\"GET /healthz\""),
            std::string::npos) << metrics->body;
  EXPECT_NE(metrics->body.find("bitacora_projection_lag_events"), std::string::npos);
  auto openapi = Get("/v1/openapi.json");
  ASSERT_TRUE(openapi);
  EXPECT_EQ(openapi->status, 200);
  for (const app::CommandKind& kind : app::CommandKinds()) {
    EXPECT_NE(openapi->body.find("\"/v1/commands/" + kind.name + "\""), std::string::npos) << kind.name;
  }
  EXPECT_NE(openapi->body.find("\"MaterialLine\""), std::string::npos);
}

}  // namespace
}  // namespace bitacora::testing
