// Personal data by role (docs/privacy.md): what each person at the desk sees of a client's name,
// address and phone through GET /v1/clients/{ci}; the log only for the auditor and the
// supervisor; and every read of personal data kept in the access log of reads, which the auditor
// queries (GET /v1/reads).
#include <gtest/gtest.h>

#include "app/read_log.h"
#include "scenarios/connection.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;
namespace connection = scenarios::connection;

constexpr const char* kCi = "4455667 CB";
constexpr const char* kCiPath = "/v1/clients/4455667";

class RestPrivacyTest : public RestFixture {
 protected:
  void SetUp() override {
    OpenLedger();
    auto reads = app::ReadLog::Open(dir_.Sub("reads.jsonl"));
    ASSERT_TRUE(reads.has_value()) << reads.error().ToString();
    reads_ = std::move(*reads);
    StartServer(shim::ServerOptions{});
    desk_ = std::make_unique<scenarios::SenderDesk>(
        [this](const ActorRef& a, schema::Command::Reader c) { return handler_->Handle(a, c); },
        "p-");
    ASSERT_TRUE(scenarios::SeedReference(*desk_).has_value());
    client_case_.ci = kCi;
    client_case_.name = "Ana Quispe";
    client_case_.phone = "70011122";
    client_case_.technician = "tec-9";
    ASSERT_TRUE(connection::Walk(*desk_, client_case_, scenarios::Stage::kOrt).has_value());
    auto token = app::IssueToken(*handler_, ActorRef{"test", Role::SUPERVISOR},
                                 ActorRef{"tec-9", Role::TECHNICIAN}, "campo");
    ASSERT_TRUE(token.has_value());
    technician_token_ = *token;
  }

  // The client's record as the holder of `token` sees it, once the views caught up.
  std::string ClientAs(const std::string& token) {
    const std::string path = std::string(kCiPath) + "?min_position=" + std::to_string(Head());
    auto res = client_->Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + token}});
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 200) << res->body;
    return res->body;
  }
  std::string ClientAs(Role role) { return ClientAs(tokens_[role]); }

  std::string Reads(const std::string& query = "") {
    auto res = Get("/v1/reads" + query, Role::AUDITOR);
    EXPECT_TRUE(res);
    return res ? res->body : "";
  }

  std::unique_ptr<scenarios::SenderDesk> desk_;
  scenarios::Connection client_case_;
  std::string technician_token_;
};

bool Has(const std::string& body, const std::string& text) {
  return body.find(text) != std::string::npos;
}

TEST_F(RestPrivacyTest, ThePlatformAssistantSeesTheWholeClient) {
  const std::string body = ClientAs(Role::PLATFORM);
  EXPECT_TRUE(Has(body, "Ana Quispe")) << body;
  EXPECT_TRUE(Has(body, "70011122")) << body;
  EXPECT_FALSE(Has(body, "redacted")) << body;
}

TEST_F(RestPrivacyTest, OdecoTheSupervisorAndTheAuditorSeeTheWholeClient) {
  for (Role role : {Role::ODECO, Role::SUPERVISOR, Role::AUDITOR}) {
    const std::string body = ClientAs(role);
    EXPECT_TRUE(Has(body, "Ana Quispe") && Has(body, "70011122")) << app::RoleName(role) << body;
  }
}

TEST_F(RestPrivacyTest, TheCashierAndTheWarehouseSeeTheNameButNotTheAddressNorThePhone) {
  for (Role role : {Role::CASHIER, Role::WAREHOUSE}) {
    const std::string body = ClientAs(role);
    EXPECT_TRUE(Has(body, "\"fullName\":\"Ana Quispe\"")) << body;
    EXPECT_FALSE(Has(body, "70011122")) << body;
    EXPECT_FALSE(Has(body, client_case_.address)) << body;
    EXPECT_TRUE(Has(body, R"("redacted":["address","phone"])")) << body;
  }
}

TEST_F(RestPrivacyTest, CpdSeesTheNumbersOnly) {
  const std::string body = ClientAs(Role::CPD);
  EXPECT_TRUE(Has(body, "\"ci\":\"4455667\"")) << body;
  EXPECT_FALSE(Has(body, "Ana Quispe")) << body;
  EXPECT_FALSE(Has(body, "70011122")) << body;
  EXPECT_TRUE(Has(body, R"("redacted":["fullName","address","phone"])")) << body;
}

TEST_F(RestPrivacyTest, ATechnicianSeesTheClientOnlyWhileHeHoldsOneOfItsOrders) {
  EXPECT_FALSE(Has(ClientAs(technician_token_), "70011122")) << "before the hand-over";
  ASSERT_TRUE(
      desk_
          ->Run(Role::PLATFORM, scenarios::cmd::ByOrder(schema::Command::HAND_ORDER_TO_TECHNICIAN,
                                                        client_case_.ort, "tec-9"))
          .has_value());
  const std::string held = ClientAs(technician_token_);
  EXPECT_TRUE(Has(held, "Ana Quispe") && Has(held, "70011122")) << held;
  const std::string other = ClientAs(Role::TECHNICIAN);
  EXPECT_FALSE(Has(other, "70011122")) << "another technician: " << other;
  ASSERT_TRUE(connection::RecordVisit(*desk_, client_case_).has_value());
  const std::string after = ClientAs(technician_token_);
  EXPECT_FALSE(Has(after, "70011122")) << "after the ORT came back: " << after;
}

TEST_F(RestPrivacyTest, OnlyTheAuditorAndTheSupervisorReadTheLog) {
  for (const auto& [role, token] : tokens_) {
    auto page = Get("/v1/log?limit=5", role);
    ASSERT_TRUE(page);
    const bool allowed = role == Role::AUDITOR || role == Role::SUPERVISOR;
    EXPECT_EQ(page->status, allowed ? 200 : 403) << app::RoleName(role) << page->body;
    if (allowed) {
      EXPECT_TRUE(Has(page->body, "\"next\":6")) << page->body;
    } else {
      EXPECT_FALSE(Has(page->body, "Ana Quispe"));
    }
  }
}

TEST_F(RestPrivacyTest, EveryReadOfPersonalDataIsRecordedWithActorAndCredential) {
  ClientAs(Role::PLATFORM);
  ClientAs(Role::CASHIER);
  ClientAs(Role::CPD);  // numbers only: nothing personal was read
  ASSERT_TRUE(Get(std::string(kCiPath) + "/folder", Role::ODECO));
  ASSERT_TRUE(Get("/v1/log?from=1&limit=3", Role::SUPERVISOR));
  const std::string reads = Reads();
  EXPECT_TRUE(Has(reads, R"("actor":"actor-platform","role":"platform","credential":"token:)"))
      << reads;
  EXPECT_TRUE(Has(reads, R"("route":"GET /v1/clients/{id}","subject":"4455667")")) << reads;
  EXPECT_TRUE(Has(reads, R"("actor":"actor-cashier")")) << reads;
  EXPECT_FALSE(Has(reads, R"("actor":"actor-cpd")")) << reads;
  EXPECT_TRUE(Has(reads, R"("route":"GET /v1/clients/{id}/folder","subject":"4455667")")) << reads;
  EXPECT_TRUE(Has(reads, R"("route":"GET /v1/log","subject":"1-3")")) << reads;
  // Filtered by client and by actor.
  EXPECT_FALSE(Has(Reads("?actor=actor-cashier"), "actor-platform"));
  EXPECT_TRUE(Has(Reads("?client=4455667%20CB"), "actor-odeco"));
  EXPECT_TRUE(Has(Reads("?client=1000001-LP"), R"({"reads":[]})"));
}

TEST_F(RestPrivacyTest, AReadServedFromTheAnswerCacheIsRecordedToo) {
  ClientAs(Role::PLATFORM);
  ClientAs(Role::PLATFORM);
  const std::string reads = Reads("?actor=actor-platform");
  const size_t first = reads.find("GET /v1/clients/{id}");
  ASSERT_NE(first, std::string::npos) << reads;
  EXPECT_NE(reads.find("GET /v1/clients/{id}", first + 1), std::string::npos) << reads;
}

TEST_F(RestPrivacyTest, OnlyTheAuditorQueriesTheReads) {
  for (const auto& [role, token] : tokens_) {
    auto res = Get("/v1/reads", role);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, role == Role::AUDITOR ? 200 : 403) << app::RoleName(role);
  }
  auto bad = Get("/v1/reads?client=abc", Role::AUDITOR);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400) << bad->body;
}

TEST_F(RestPrivacyTest, TheReadsSurviveARestartOfTheServer) {
  ClientAs(Role::PLATFORM);
  auto reopened = app::ReadLog::Open(dir_.Sub("reads.jsonl"));
  ASSERT_TRUE(reopened.has_value());
  reads_ = std::move(*reopened);
  StartServer(shim::ServerOptions{});
  EXPECT_TRUE(Has(Reads(), "actor-platform"));
}

TEST_F(RestPrivacyTest, TwoCredentialsOfOneActorAreToldApartInTheLogAndTheFolder) {
  auto second = app::IssueToken(*handler_, ActorRef{"test", Role::SUPERVISOR},
                                ActorRef{"actor-platform", Role::PLATFORM}, "segunda ventanilla");
  ASSERT_TRUE(second.has_value());
  const std::string first_credential =
      app::CredentialOfToken(app::TokenHashHex(tokens_[Role::PLATFORM]));
  const std::string second_credential = app::CredentialOfToken(app::TokenHashHex(*second));
  ASSERT_NE(first_credential, second_credential);
  auto by_first = Post(
      "openCase",
      R"({"kind":"newConnection","clientCi":"7788990 LP","tariffCategory":"residential","address":"Av. Busch 3"})",
      Role::PLATFORM, "c-1");
  ASSERT_TRUE(by_first);
  ASSERT_EQ(by_first->status, 201) << by_first->body;
  httplib::Headers headers{{"Authorization", "Bearer " + *second}, {"Idempotency-Key", "c-2"}};
  auto by_second = client_->Post(
      "/v1/commands/openCase", headers,
      R"({"kind":"newConnection","clientCi":"5566778 SC","tariffCategory":"residential","address":"Calle Chichas 9"})",
      "application/json");
  ASSERT_TRUE(by_second);
  ASSERT_EQ(by_second->status, 201) << by_second->body;
  auto log = Get("/v1/log?from=" + std::to_string(Head() - 1), Role::AUDITOR);
  ASSERT_TRUE(log);
  EXPECT_TRUE(Has(log->body, "\"credential\":\"" + first_credential + "\"")) << log->body;
  EXPECT_TRUE(Has(log->body, "\"credential\":\"" + second_credential + "\"")) << log->body;
  const std::string case_id = JsonText(by_second->body, "caseId");
  auto history = Get("/v1/cases/" + case_id + "/history", Role::PLATFORM);
  ASSERT_TRUE(history);
  EXPECT_TRUE(Has(history->body, "\"credential\":\"" + second_credential + "\"")) << history->body;
}

}  // namespace
}  // namespace bitacora::testing
