// The reference data a clerk reads (GET /v1/reference, `bitacora reference`) and a whole set
// loaded at once (`bitacora reference load`, docs/examples/reference.json): a fresh store can
// start work, loading the same file twice records nothing new, a malformed set is refused whole.
#include <fstream>
#include <sstream>

#include "app/reference.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

std::string ExampleSet() {
  std::ifstream in(std::string(BITACORA_SOURCE_DIR) + "/docs/examples/reference.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class ReferenceRoute : public RestFixture {
 protected:
  // Runs the commands of `json` as the supervisor; returns how many were new.
  size_t Load(const std::string& json) {
    auto commands = app::ReferenceCommands(json);
    EXPECT_TRUE(commands) << commands.error().ToString();
    if (!commands) return 0;
    size_t recorded = 0;
    for (const app::OwnedCommand& c : *commands) {
      auto outcome = handler_->Handle(ActorRef{"sup-arce", schema::Role::SUPERVISOR},
                                      c->getRoot<schema::Command>().asReader());
      EXPECT_TRUE(outcome) << outcome.error().ToString();
      if (outcome && !outcome->duplicate) ++recorded;
    }
    return recorded;
  }
};

TEST_F(ReferenceRoute, AFreshStoreAnswersAnEmptySet) {
  auto res = Get("/v1/reference", schema::Role::PLATFORM);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto view = app::ReferenceFromJson(res->body);
  ASSERT_TRUE(view) << view.error().ToString();
  EXPECT_EQ(view->position, 0u);
  EXPECT_TRUE(view->state.checklists.empty());
  EXPECT_NE(app::ReferenceText(*view).find("bitacora reference load"), std::string::npos);
}

TEST_F(ReferenceRoute, TheExampleSetLoadsAndEveryRoleReadsIt) {
  EXPECT_EQ(Load(ExampleSet()), 32u);  // 24 checklists, the prices, 5 tariffs, technician, holidays
  for (auto role : {schema::Role::PLATFORM, schema::Role::CASHIER, schema::Role::TECHNICIAN}) {
    auto res = Get("/v1/reference", role);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    auto view = app::ReferenceFromJson(res->body);
    ASSERT_TRUE(view) << view.error().ToString();
    EXPECT_EQ(view->position, Head());
    const auto& docs = view->state.checklists.at(
        {schema::CaseKind::NEW_CONNECTION, schema::TariffCategory::RESIDENTIAL});
    EXPECT_EQ(docs.front(), "Fotocopia de carnet de identidad vigente");
    EXPECT_EQ(view->state.prices.at("CAB-6").price_centavos, 1250);
    EXPECT_TRUE(view->state.holidays.count("2026-08-06"));
    EXPECT_FALSE(view->state.technician_on_duty.empty());
  }
  auto holidays = app::CurrentHolidays(*store_);
  ASSERT_TRUE(holidays);
  EXPECT_TRUE(holidays->count("2026-12-25"));
}

TEST_F(ReferenceRoute, LoadingTheSameFileAgainRecordsNothing) {
  Load(ExampleSet());
  const uint64_t head = Head();
  EXPECT_EQ(Load(ExampleSet()), 0u);
  EXPECT_EQ(Head(), head);
}

TEST_F(ReferenceRoute, AsOfADateBeforeTheLoadShowsNoneOfIt) {
  Load(ExampleSet());
  auto before = Get("/v1/reference?as_of=2000-01-01");
  ASSERT_TRUE(before);
  ASSERT_EQ(before->status, 200) << before->body;
  auto view = app::ReferenceFromJson(before->body);
  ASSERT_TRUE(view);
  EXPECT_EQ(view->position, 0u);
  EXPECT_EQ(view->as_of, "2000-01-01");
  auto after = app::ReferenceFromJson(Get("/v1/reference?as_of=2100-01-01")->body);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->position, Head());
}

TEST_F(ReferenceRoute, AMalformedDateIsRefused) {
  auto res = Get("/v1/reference?as_of=ayer");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("date_malformed"), std::string::npos) << res->body;
}

TEST_F(ReferenceRoute, ASetWithAnUnknownOrMissingPartIsRefusedWhole) {
  for (const char* set :
       {R"({"checklists":[],"materialPrices":[],"tariffs":[],"holidays":[],"feriados":[]})",
        R"({"checklists":[],"materialPrices":[],"tariffs":[]})",
        R"({"checklists":[{"caseKind":0,"tariffCategory":"residential","documents":["CI"]}],)"
        R"("materialPrices":[],"tariffs":[],"holidays":[]})"}) {
    auto commands = app::ReferenceCommands(set);
    ASSERT_FALSE(commands) << set;
    EXPECT_EQ(commands.error().kind, ErrorKind::kInvalidArgument) << commands.error().ToString();
  }
}

TEST_F(ReferenceRoute, AWrongHolidayInTheSetIsRefusedByTheHandler) {
  auto commands = app::ReferenceCommands(
      R"({"checklists":[],"materialPrices":[],"tariffs":[],"holidays":["2026-13-01"]})");
  ASSERT_TRUE(commands) << commands.error().ToString();
  ASSERT_EQ(commands->size(), 1u);
  const uint64_t head = Head();
  auto refused = handler_->Handle(ActorRef{"sup-arce", schema::Role::SUPERVISOR},
                                  commands->front()->getRoot<schema::Command>().asReader());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "date_malformed");
  EXPECT_EQ(Head(), head);
}

TEST_F(ReferenceRoute, AFileIsNoWayAroundTheFieldLimits) {
  const std::string long_name(300, 'x');
  auto too_long = app::ReferenceCommands(
      R"({"checklists":[],"materialPrices":[],"tariffs":[],"holidays":[],)"
      R"("technicianOnDuty":{"name":")" + long_name + R"(","phone":"70000000"}})");
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, "field_too_long") << too_long.error().ToString();
  auto escape = app::ReferenceCommands(
      R"({"checklists":[{"caseKind":"newConnection","tariffCategory":"residential","documents":["CI\u001b[2J"]}],)"
      R"("materialPrices":[],"tariffs":[],"holidays":[]})");
  ASSERT_FALSE(escape);
  EXPECT_EQ(escape.error().code, "control_character") << escape.error().ToString();
}

}  // namespace
}  // namespace bitacora::testing
