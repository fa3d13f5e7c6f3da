// Issue #16, tokens: no credential with the role system, and no control characters (escape
// sequences, line breaks) in a credential's actor id or label; refused by the decider, through the
// handler and through POST /v1/tokens, with nothing appended.
#include <gtest/gtest.h>

#include <memory>

#include "app/tokens.h"
#include "core/handler/command_handler.h"
#include "tests/rest_fixture.h"
#include "tests/test_util.h"

namespace bitacora::testing {
namespace {

using R = schema::Role;

class TokenRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = EventStore::Open(StoreOptions{.path = dir_.Sub("store"), .sync = false});
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    handler_ = std::make_unique<CommandHandler>(*store_, HandlerOptions{});
  }
  uint64_t Head() const { return store_->GetHead().position; }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<CommandHandler> handler_;
  const ActorRef supervisor_{"sup-ana", R::SUPERVISOR};
};

TEST_F(TokenRefusals, ASupervisorCannotMintASystemToken) {
  const uint64_t head = Head();
  auto issued = app::IssueToken(*handler_, supervisor_, {"import", R::SYSTEM}, "importación");
  ASSERT_FALSE(issued.has_value());
  EXPECT_EQ(issued.error().code, "token_role_refused");
  EXPECT_EQ(issued.error().kind, ErrorKind::kRefused);
  EXPECT_NE(issued.error().message.find("rol system"), std::string::npos) << issued.error().message;
  EXPECT_EQ(Head(), head);
}

TEST_F(TokenRefusals, ControlCharactersInTheActorIdOrLabelAreRefused) {
  const uint64_t head = Head();
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"ape-\x1b[2Jrosa", "ventanilla"}, {"ape-rosa\nFORJADO", "ventanilla"}, {"ape\trosa", "v"},
      {"ape-rosa", "ventanilla\x1b[31m"}, {"ape-rosa", "línea\r\nfalsa"}, {"ape-\xc2\x9b" "rosa", "v"}};
  for (const auto& [id, label] : bad) {
    auto issued = app::IssueToken(*handler_, supervisor_, {id, R::PLATFORM}, label);
    ASSERT_FALSE(issued.has_value()) << id << " / " << label;
    EXPECT_EQ(issued.error().code, "control_characters");
    EXPECT_EQ(issued.error().kind, ErrorKind::kInvalidArgument);
  }
  EXPECT_EQ(Head(), head);
  // Accents and ñ are not control characters.
  auto good = app::IssueToken(*handler_, supervisor_, {"ape-muñoz", R::PLATFORM}, "ventanilla ñ 1");
  ASSERT_TRUE(good.has_value()) << good.error().ToString();
  EXPECT_EQ(Head(), head + 1);
}

class TokenRefusalsRest : public RestFixture {};

TEST_F(TokenRefusalsRest, PostTokensRefusesSystemAndEscapes) {
  const uint64_t head = Head();
  auto post = [&](const std::string& body) {
    return client_->Post("/v1/tokens", httplib::Headers{{"Authorization", "Bearer " + tokens_[R::SUPERVISOR]}},
                         body, "application/json");
  };
  auto system = post(app::TokenRequestJson("import", "system", "x"));
  ASSERT_TRUE(system);
  EXPECT_EQ(system->status, 422) << system->body;
  EXPECT_EQ(JsonText(system->body, "code"), "token_role_refused");
  auto escape = post(app::TokenRequestJson("ape\x1b[2J", "platform", "x"));
  ASSERT_TRUE(escape);
  EXPECT_EQ(escape->status, 400) << escape->body;
  EXPECT_EQ(JsonText(escape->body, "code"), "control_characters");
  EXPECT_EQ(Head(), head);
}

}  // namespace
}  // namespace bitacora::testing
