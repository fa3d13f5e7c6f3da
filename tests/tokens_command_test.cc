// Issue #14, "No side doors to the log": token issue and revoke and the supervisor's note are
// commands, decided, role-checked and appended by the handler; tokens are a projected view.
#include <capnp/message.h>
#include <gtest/gtest.h>

#include <memory>

#include "app/command_codec.h"
#include "app/tokens.h"
#include "core/crypto/sha256.h"
#include "core/handler/command_handler.h"
#include "projections/projection_service.h"
#include "tests/test_util.h"

namespace bitacora::testing {
namespace {

using R = schema::Role;

constexpr R kOtherRoles[] = {R::PLATFORM, R::TECHNICIAN, R::CASHIER, R::WAREHOUSE,
                             R::ODECO,    R::CPD,        R::AUDITOR, R::SYSTEM};

class TokensCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    auto store = EventStore::Open(StoreOptions{.path = dir_.Sub("store"), .sync = false});
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    handler_ = std::make_unique<CommandHandler>(*store_, HandlerOptions{});
    auto views = projections::ProjectionService::Open(*store_, {.dir = dir_.Sub("views")});
    ASSERT_TRUE(views.has_value()) << views.error().ToString();
    views_ = std::move(*views);
  }

  void Close() {
    views_.reset();
    handler_.reset();
    store_.reset();
  }

  uint64_t Head() const { return store_->GetHead().position; }

  std::vector<app::TokenInfo> List() {
    EXPECT_TRUE(views_->CatchUp().has_value());
    auto list = app::ListTokens(projections::ViewReader(views_->Current()));
    EXPECT_TRUE(list.has_value()) << list.error().ToString();
    return list ? *list : std::vector<app::TokenInfo>{};
  }

  Result<CommandOutcome> Note(R role, const std::string& stream, const std::string& text) {
    capnp::MallocMessageBuilder message;
    auto command = message.initRoot<schema::Command>();
    command.setCommandId(app::NewCommandId());
    command.initRecordNote().setStream(stream);
    command.getRecordNote().setText(text);
    return handler_->Handle({"sup-ana", role}, command.asReader());
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<CommandHandler> handler_;
  std::unique_ptr<projections::ProjectionService> views_;
  const ActorRef supervisor_{"sup-ana", R::SUPERVISOR};
};

TEST_F(TokensCommandTest, ASupervisorIssuesAndRevokesThroughTheHandler) {
  auto token = app::IssueToken(*handler_, supervisor_, {"ape-rosa", R::PLATFORM}, "ventanilla 1");
  ASSERT_TRUE(token.has_value()) << token.error().ToString();
  const std::string hash = ToHex(Sha256({*token}));
  auto events = store_->ReadStream(app::TokenStream(hash), 1, Direction::kForward, 10);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  auto env = events->front().envelope();
  EXPECT_TRUE(env.getPayload().isTokenIssued());
  EXPECT_EQ(std::string(env.getActor().getId().cStr()), "sup-ana");
  EXPECT_EQ(env.getActor().getRole(), R::SUPERVISOR);
  EXPECT_EQ(std::string(env.getPayload().getTokenIssued().getRole().cStr()), "platform");
  EXPECT_FALSE(std::string(env.getCommandId().cStr()).empty());
  EXPECT_EQ(app::Authenticate(*store_, *token)->id, "ape-rosa");

  ASSERT_TRUE(app::RevokeToken(*handler_, supervisor_, *token, "dejó el puesto").has_value());
  events = store_->ReadStream(app::TokenStream(hash), 1, Direction::kForward, 10);
  ASSERT_EQ(events->size(), 2u);
  EXPECT_TRUE(events->back().envelope().getPayload().isTokenRevoked());
  EXPECT_EQ(std::string(events->back().envelope().getActor().getId().cStr()), "sup-ana");
  EXPECT_EQ(app::Authenticate(*store_, *token).error().code, "token_revoked");
}

TEST_F(TokensCommandTest, OtherRolesAreRefusedAndNothingIsAppended) {
  auto token = app::IssueToken(*handler_, supervisor_, {"caja-1", R::CASHIER}, "caja");
  ASSERT_TRUE(token.has_value());
  const uint64_t head = Head();
  for (R role : kOtherRoles) {
    auto issued = app::IssueToken(*handler_, {"x", role}, {"y", R::PLATFORM}, "");
    ASSERT_FALSE(issued.has_value());
    EXPECT_EQ(issued.error().code, "not_allowed_for_role");
    EXPECT_EQ(issued.error().kind, ErrorKind::kPermissionDenied);
    auto revoked = app::RevokeToken(*handler_, {"x", role}, *token, "");
    ASSERT_FALSE(revoked.has_value());
    EXPECT_EQ(revoked.error().code, "not_allowed_for_role");
    auto noted = Note(role, "case-TRA-2026-000001", "nota");
    ASSERT_FALSE(noted.has_value());
    EXPECT_EQ(noted.error().code, "not_allowed_for_role");
  }
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(app::Authenticate(*store_, *token)->id, "caja-1");
}

TEST_F(TokensCommandTest, RevokingAnUnknownOrRevokedTokenIsRefused) {
  const uint64_t empty = Head();
  auto unknown = app::RevokeToken(*handler_, supervisor_, "btk_" + std::string(64, 'b'), "");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, "token_not_found");
  EXPECT_EQ(Head(), empty);
  auto token = app::IssueToken(*handler_, supervisor_, {"caja-1", R::CASHIER}, "caja");
  ASSERT_TRUE(token.has_value());
  ASSERT_TRUE(app::RevokeToken(*handler_, supervisor_, app::TokenHashHex(*token), "").has_value());
  const uint64_t head = Head();
  auto again = app::RevokeToken(*handler_, supervisor_, *token, "otra vez");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "token_already_revoked");
  EXPECT_EQ(Head(), head);
}

TEST_F(TokensCommandTest, AHashIsIssuedOnceEvenAfterItsRevocation) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId("issue-1");
  auto issue = command.initIssueToken();
  issue.setTokenHash(std::string(64, 'c'));
  issue.setActorId("ape-rosa");
  issue.setRole(R::PLATFORM);
  ASSERT_TRUE(handler_->Handle(supervisor_, command.asReader()).has_value());
  ASSERT_TRUE(app::RevokeToken(*handler_, supervisor_, std::string(64, 'c'), "").has_value());
  command.setCommandId("issue-2");
  auto again = handler_->Handle(supervisor_, command.asReader());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "token_exists");
  issue.setTokenHash("not-a-hash");
  command.setCommandId("issue-3");
  EXPECT_EQ(handler_->Handle(supervisor_, command.asReader()).error().code, "value_out_of_range");
}

TEST_F(TokensCommandTest, TheViewListsTokensAfterARestartAndAfterARebuild) {
  auto rosa = app::IssueToken(*handler_, supervisor_, {"ape-rosa", R::PLATFORM}, "ventanilla 1");
  auto caja = app::IssueToken(*handler_, supervisor_, {"caja-1", R::CASHIER}, "caja");
  ASSERT_TRUE(rosa && caja);
  ASSERT_TRUE(app::RevokeToken(*handler_, supervisor_, *caja, "fin de turno").has_value());
  ASSERT_TRUE(Note(R::SUPERVISOR, "case-TRA-2026-000001", "nota").has_value());
  auto check = [&](const std::vector<app::TokenInfo>& list) {
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].hash_hex, app::TokenHashHex(*rosa));
    EXPECT_EQ(list[0].grant.id, "ape-rosa");
    EXPECT_EQ(list[0].grant.role, R::PLATFORM);
    EXPECT_EQ(list[0].label, "ventanilla 1");
    EXPECT_EQ(list[0].issued_at_position, 1u);
    EXPECT_FALSE(list[0].revoked);
    EXPECT_EQ(list[1].grant.id, "caja-1");
    EXPECT_EQ(list[1].issued_at_position, 2u);
    EXPECT_TRUE(list[1].revoked);
  };
  check(List());
  Close();
  Open();
  check(List());
  ASSERT_TRUE(views_->Rebuild().has_value());
  check(List());
  EXPECT_EQ(app::TokenListJson(List()).find("btk_"), std::string::npos);
}

TEST_F(TokensCommandTest, ANoteIsASupervisorsCommandWithItsOwnEvent) {
  auto first = Note(R::SUPERVISOR, "case-TRA-2026-000001", "el socio volverá el lunes");
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  auto second = Note(R::SUPERVISOR, "case-TRA-2026-000001", "volvió");
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  auto events = store_->ReadStream("case-TRA-2026-000001", 1, Direction::kForward, 10);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 2u);
  auto env = events->front().envelope();
  ASSERT_TRUE(env.getPayload().isNoteRecorded());
  EXPECT_EQ(std::string(env.getPayload().getNoteRecorded().getText().cStr()),
            "el socio volverá el lunes");
  EXPECT_EQ(std::string(env.getActor().getId().cStr()), "sup-ana");
  // A token's stream is written only by the token commands; empty fields are refused.
  auto token = app::IssueToken(*handler_, supervisor_, {"caja-1", R::CASHIER}, "caja");
  ASSERT_TRUE(token.has_value());
  const uint64_t head = Head();
  auto reserved = Note(R::SUPERVISOR, app::TokenStream(app::TokenHashHex(*token)), "x");
  ASSERT_FALSE(reserved.has_value());
  EXPECT_EQ(reserved.error().code, "stream_reserved");
  EXPECT_EQ(Note(R::SUPERVISOR, "", "x").error().code, "field_required");
  EXPECT_EQ(Note(R::SUPERVISOR, "case-1", "").error().code, "field_required");
  EXPECT_EQ(Head(), head);
  EXPECT_EQ(app::Authenticate(*store_, *token)->id, "caja-1");
}

}  // namespace
}  // namespace bitacora::testing
