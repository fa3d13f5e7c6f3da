// The API's promises (issue 15). Idempotency keys are scoped to the actor who sent them and bound
// to the command first sent with them (docs/rest.md, "Idempotency-Key"): two clerks may use the
// same key text; a repeat answers the first outcome only when it is the same command with the same
// fields, otherwise 422 idempotency_key_reused naming the first command, and nothing is appended.
// An enum is given by its name, never by a number.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

constexpr const char* kOpenCase =
    R"({"kind":"newConnection","clientCi":"4455667 CB","tariffCategory":"residential","address":"Calle Sucre 12"})";
constexpr const char* kOtherCase =
    R"({"kind":"newConnection","clientCi":"7788990 LP","tariffCategory":"residential","address":"Av. Busch 3"})";
constexpr const char* kRegisterClient =
    R"({"caseId":"TRA-2026-000001","clientCi":"4455667 CB","fullName":"Ana Quispe","address":"Calle Sucre 12","phone":"70000000"})";

class IdempotencyKeyTest : public RestFixture {
 protected:
  // A second front-desk clerk with a token of his own.
  std::string SecondClerkToken() {
    auto token = app::IssueToken(*handler_, ActorRef{"test", Role::SUPERVISOR},
                                 ActorRef{"actor-platform-2", Role::PLATFORM}, "second clerk");
    EXPECT_TRUE(token.has_value());
    return token ? *token : "";
  }

  httplib::Result PostAs(const std::string& token, const std::string& command, const std::string& body,
                         const std::string& key) {
    httplib::Headers headers{{"Authorization", "Bearer " + token}, {"Idempotency-Key", key}};
    return client_->Post(("/v1/commands/" + command).c_str(), headers, body, "application/json");
  }

  // `reused` was refused with 422 idempotency_key_reused and the log still ends at `head`.
  void ExpectKeyReused(const httplib::Result& reused, uint64_t head) {
    ASSERT_TRUE(reused);
    EXPECT_EQ(reused->status, 422) << reused->body;
    EXPECT_EQ(JsonText(reused->body, "code"), "idempotency_key_reused");
    EXPECT_EQ(Head(), head);
  }
};

TEST_F(IdempotencyKeyTest, TwoClerksUsingTheSameKeyTextEachGetTheirOwnCase) {
  const std::string second = SecondClerkToken();
  auto first = Post("openCase", kOpenCase, Role::PLATFORM, "1");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const uint64_t head = Head();
  auto other = PostAs(second, "openCase", kOtherCase, "1");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 201) << other->body;
  EXPECT_EQ(other->body.find("\"duplicate\":true"), std::string::npos) << other->body;
  EXPECT_NE(JsonText(other->body, "caseId"), JsonText(first->body, "caseId"));
  EXPECT_EQ(Head(), head + 1);
  // Each clerk's repeat still answers his own first outcome.
  auto again = PostAs(second, "openCase", kOtherCase, "1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_EQ(JsonText(again->body, "caseId"), JsonText(other->body, "caseId"));
  auto mine = Post("openCase", kOpenCase, Role::PLATFORM, "1");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->status, 200) << mine->body;
  EXPECT_EQ(JsonText(mine->body, "caseId"), JsonText(first->body, "caseId"));
  EXPECT_EQ(Head(), head + 1);
}

TEST_F(IdempotencyKeyTest, IdenticalRepeatAnswersTheFirstOutcomeAsDuplicate) {
  auto first = Post("openCase", kOpenCase, Role::PLATFORM, "k-7");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const uint64_t head = Head();
  auto again = Post("openCase", kOpenCase, Role::PLATFORM, "k-7");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
  EXPECT_NE(again->body.find("\"duplicate\":true"), std::string::npos) << again->body;
  EXPECT_EQ(JsonText(again->body, "caseId"), JsonText(first->body, "caseId"));
  EXPECT_EQ(Head(), head);
}

TEST_F(IdempotencyKeyTest, SameKeyWithOtherFieldsIsRefusedNamingTheFirstCommand) {
  auto first = Post("openCase", kOpenCase, Role::PLATFORM, "k-8");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const uint64_t head = Head();
  auto reused = Post("openCase", kOtherCase, Role::PLATFORM, "k-8");
  ASSERT_NO_FATAL_FAILURE(ExpectKeyReused(reused, head));
  EXPECT_NE(reused->body.find("ya se usó para el comando openCase"), std::string::npos) << reused->body;
}

TEST_F(IdempotencyKeyTest, SameKeyForAnotherCommandIsRefusedNamingTheFirstCommand) {
  auto first = Post("openCase", kOpenCase, Role::PLATFORM, "k-9");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const uint64_t head = Head();
  auto reused = Post("registerClient", kRegisterClient, Role::PLATFORM, "k-9");
  ASSERT_NO_FATAL_FAILURE(ExpectKeyReused(reused, head));
  EXPECT_NE(reused->body.find("ya se usó para el comando openCase"), std::string::npos) << reused->body;
}

TEST_F(IdempotencyKeyTest, SameKeyWithAnotherBusinessTimeIsRefused) {
  // An hour ago: within the day the desk may back-date without the supervisor.
  const int64_t an_hour_ago =
      std::chrono::duration_cast<std::chrono::nanoseconds>(
          (std::chrono::system_clock::now() - std::chrono::hours(1)).time_since_epoch())
          .count();
  auto first =
      client_->Post("/v1/commands/openCase?occurred_at_ns=" + std::to_string(an_hour_ago),
                    httplib::Headers{{"Authorization", "Bearer " + tokens_[Role::PLATFORM]},
                                     {"Idempotency-Key", "k-10"}},
                    kOpenCase, "application/json");
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 201) << first->body;
  const uint64_t head = Head();
  ExpectKeyReused(Post("openCase", kOpenCase, Role::PLATFORM, "k-10"), head);
}

TEST_F(IdempotencyKeyTest, AnEnumGivenAsANumberIsRefusedWith400NamingTheField) {
  const uint64_t head = Head();
  auto r = Post("openCase",
                R"({"kind":0,"clientCi":"4455667 CB","tariffCategory":"residential","address":"Calle Sucre 12"})",
                Role::PLATFORM, "enum-1");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
  EXPECT_EQ(JsonText(r->body, "code"), "bad_json");
  EXPECT_NE(JsonText(r->body, "message").find("kind"), std::string::npos) << r->body;
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace bitacora::testing
