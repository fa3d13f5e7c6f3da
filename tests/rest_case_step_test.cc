// GET /v1/cases/{id} says where the case stands and what comes next; GET /v1/queues/{name} is
// read by the roles that work each queue (#15).
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

class RestCaseStep : public RestFixture {};

TEST_F(RestCaseStep, ACaseAnswersItsStepItsManualNumberAndTheCommandsAllowedNow) {
  auto opened =
      Post("openCase",
           R"({"kind":"newConnection","clientCi":"1234567 LP","tariffCategory":"residential",)"
           R"("address":"Av. Chichas 123"})",
           Role::PLATFORM);
  ASSERT_TRUE(opened);
  ASSERT_EQ(opened->status, 201) << opened->body;
  const std::string id = JsonText(opened->body, "caseId");
  auto answer = Get("/v1/cases/" + id + "?min_position=" + std::to_string(Head()));
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  EXPECT_NE(answer->body.find(R"("step":{"step":"presentDocuments","manual":"8.1 paso 1",)"),
            std::string::npos)
      << answer->body;
  EXPECT_NE(
      answer->body.find(
          R"("role":"platform","commands":[{"command":"presentDocuments","role":"platform"}]})"),
      std::string::npos)
      << answer->body;
  auto past = Get("/v1/cases/" + id + "?as_of=" + std::to_string(Head()));
  ASSERT_TRUE(past);
  EXPECT_EQ(past->status, 200);
  EXPECT_NE(past->body.find(R"("step":"presentDocuments")"), std::string::npos) << past->body;
}

TEST_F(RestCaseStep, EachQueueIsReadByTheRolesThatWorkIt) {
  for (const auto& [path, role, status] : std::vector<std::tuple<std::string, Role, int>>{
           {"/v1/queues/awaiting-payment", Role::CASHIER, 200},
           {"/v1/queues/awaiting-payment", Role::WAREHOUSE, 403},
           {"/v1/queues/awaiting-delivery", Role::WAREHOUSE, 200},
           {"/v1/queues/with-technicians?actor=tec-ramos", Role::TECHNICIAN, 200},
           {"/v1/queues/odeco-pending", Role::ODECO, 200},
           {"/v1/queues/odeco-pending", Role::CPD, 403},
           {"/v1/queues/awaiting-verification?date=2026-11-18", Role::PLATFORM, 200},
           {"/v1/queues/awaiting-verification", Role::PLATFORM, 400},
           {"/v1/queues/everything", Role::SUPERVISOR, 404}}) {
    auto answer = Get(path, role);
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, status)
        << path << " as " << app::RoleName(role) << ": " << answer->body;
  }
  auto refused = Get("/v1/queues/awaiting-payment", Role::WAREHOUSE);
  EXPECT_EQ(JsonText(refused->body, "code"), "not_allowed_for_role");
  auto unknown = Get("/v1/queues/everything", Role::SUPERVISOR);
  EXPECT_EQ(JsonText(unknown->body, "code"), "route_not_found");
  auto ok = Get("/v1/queues/with-technicians?actor=tec-ramos", Role::TECHNICIAN);
  EXPECT_NE(
      ok->body.find(R"("queue":"with-technicians","actor":"tec-ramos","date":"","entries":[])"),
      std::string::npos)
      << ok->body;
}

TEST_F(RestCaseStep, TheOpenApiDocumentDescribesTheStepAndTheQueues) {
  auto openapi = Get("/v1/openapi.json");
  ASSERT_TRUE(openapi);
  ASSERT_EQ(openapi->status, 200);
  EXPECT_NE(openapi->body.find("\"/v1/queues/{name}\":{\"get\""), std::string::npos);
  EXPECT_NE(openapi->body.find("\"QueueAnswer\""), std::string::npos);
  EXPECT_NE(openapi->body.find("\"CaseStepView\""), std::string::npos);
  EXPECT_NE(openapi->body.find("\"AllowedCommand\""), std::string::npos);
}

}  // namespace
}  // namespace bitacora::testing
