// Issue #17, "Users, not pasted tokens": the supervisor creates users, changes their role, resets
// their password and disables them, all commands through the handler on stream "user-<name>";
// the password is hashed with Argon2id by the shim and never reaches the log in clear.
#include <capnp/message.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>

#include "app/command_codec.h"
#include "app/users.h"
#include "core/handler/command_handler.h"
#include "projections/projection_service.h"
#include "tests/test_util.h"

namespace bitacora::testing {
namespace {

using R = schema::Role;

constexpr R kOtherRoles[] = {R::PLATFORM, R::TECHNICIAN, R::CASHIER, R::WAREHOUSE,
                             R::ODECO,    R::CPD,        R::AUDITOR, R::SYSTEM};
constexpr const char* kPassword = "ventanilla-tupiza-2026";

class UsersTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }

  void Open() {
    auto store = EventStore::Open(StoreOptions{.path = dir_.Sub("store"), .sync = false});
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    handler_ = std::make_unique<CommandHandler>(*store_, HandlerOptions{});
    run_ = app::RunnerOf(*handler_);
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

  std::vector<app::UserInfo> List() {
    EXPECT_TRUE(views_->CatchUp().has_value());
    auto list = app::ListUsers(projections::ViewReader(views_->Current()));
    EXPECT_TRUE(list.has_value()) << list.error().ToString();
    return list ? *list : std::vector<app::UserInfo>{};
  }

  static app::NewUser Rosa() {
    return app::NewUser{.username = "rosa.quispe", .full_name = "Rosa Quispe Mamani",
                        .role = R::PLATFORM, .agency = "Tupiza", .window = "Ventanilla 2"};
  }

  Result<CommandOutcome> Create(const app::NewUser& user, const ActorRef& by,
                                std::string_view password = kPassword) {
    return app::CreateUser(run_, by, user, password);
  }

  // The user's events, oldest first.
  std::vector<StoredEvent> Stream(const std::string& username) {
    auto events = store_->ReadStream("user-" + username, 1, Direction::kForward, 100);
    EXPECT_TRUE(events.has_value());
    return events ? std::move(*events) : std::vector<StoredEvent>{};
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<CommandHandler> handler_;
  app::CommandRunner run_;
  std::unique_ptr<projections::ProjectionService> views_;
  const ActorRef supervisor_{"sup-ana", R::SUPERVISOR};
};

TEST_F(UsersTest, ASupervisorCreatesAUserWithAnArgon2idHash) {
  auto created = Create(Rosa(), supervisor_);
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  auto events = Stream("rosa.quispe");
  ASSERT_EQ(events.size(), 1u);
  auto env = events.front().envelope();
  ASSERT_TRUE(env.getPayload().isUserCreated());
  EXPECT_EQ(std::string(env.getActor().getId().cStr()), "sup-ana");
  EXPECT_EQ(env.getActor().getRole(), R::SUPERVISOR);
  auto p = env.getPayload().getUserCreated();
  EXPECT_EQ(std::string(p.getUsername().cStr()), "rosa.quispe");
  EXPECT_EQ(std::string(p.getFullName().cStr()), "Rosa Quispe Mamani");
  EXPECT_EQ(std::string(p.getRole().cStr()), "platform");
  EXPECT_EQ(std::string(p.getAgency().cStr()), "Tupiza");
  EXPECT_EQ(std::string(p.getWindow().cStr()), "Ventanilla 2");
  const std::string hash = p.getPasswordHash().cStr();
  EXPECT_TRUE(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << hash;
  EXPECT_TRUE(app::VerifyPassword(hash, kPassword));
  EXPECT_FALSE(app::VerifyPassword(hash, "ventanilla-tupiza-2027"));
}

TEST_F(UsersTest, TheSamePasswordTwiceGivesTwoHashes) {
  auto a = app::HashPassword(kPassword);
  auto b = app::HashPassword(kPassword);
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);  // a fresh salt each time
  EXPECT_TRUE(app::VerifyPassword(*a, kPassword));
  EXPECT_TRUE(app::VerifyPassword(*b, kPassword));
  EXPECT_FALSE(app::VerifyPassword("not a hash", kPassword));
}

TEST_F(UsersTest, ADuplicateUsernameIsRefusedEvenAfterDisabling) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  uint64_t head = Head();
  auto again = Create(Rosa(), supervisor_);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "user_already_exists");
  EXPECT_EQ(Head(), head);
  ASSERT_TRUE(app::DisableUser(run_, supervisor_, "rosa.quispe", "dejó la cooperativa").has_value());
  head = Head();
  EXPECT_EQ(Create(Rosa(), supervisor_).error().code, "user_already_exists");
  EXPECT_EQ(Head(), head);
}

TEST_F(UsersTest, AMalformedUsernameIsRefused) {
  for (const char* bad : {"Rosa", "ro", "rosa quispe", "rosa_quispe", "rosá", "",
                          "una-cuenta-con-un-nombre-muy-largo"}) {
    app::NewUser user = Rosa();
    user.username = bad;
    auto created = Create(user, supervisor_);
    ASSERT_FALSE(created.has_value()) << bad;
    EXPECT_EQ(created.error().code, "username_malformed") << bad;
  }
  for (const char* good : {"ape", "rosa.quispe", "caja-1", "tec.2026"}) {
    app::NewUser user = Rosa();
    user.username = good;
    EXPECT_TRUE(Create(user, supervisor_).has_value()) << good;
  }
  EXPECT_EQ(app::ChangeUserRole(run_, supervisor_, "No Valido", R::CASHIER).error().code,
            "username_malformed");
}

TEST_F(UsersTest, AShortPasswordIsRefusedBeforeAnythingIsSent) {
  auto created = Create(Rosa(), supervisor_, "corta-123");  // 9 characters
  ASSERT_FALSE(created.has_value());
  EXPECT_EQ(created.error().code, "password_too_short");
  EXPECT_EQ(Head(), 0u);
  // Ten characters, counted as characters and not bytes.
  EXPECT_TRUE(Create(Rosa(), supervisor_, "ñandú-ñuñú").has_value());
  EXPECT_EQ(app::ResetUserPassword(run_, supervisor_, "rosa.quispe", "").error().code,
            "password_too_short");
}

TEST_F(UsersTest, AHashThatIsNotArgon2idIsRefusedAtTheHandler) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId("create-1");
  auto create = command.initCreateUser();
  create.setUsername("rosa.quispe");
  create.setFullName("Rosa Quispe");
  create.setRole(R::PLATFORM);
  create.setPasswordHash(kPassword);  // a password in clear where its hash belongs
  auto refused = handler_->Handle(supervisor_, command.asReader());
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "password_hash_malformed");
  EXPECT_EQ(Head(), 0u);
  create.setPasswordHash("$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2g");
  command.setCommandId("create-2");
  EXPECT_EQ(handler_->Handle(supervisor_, command.asReader()).error().code, "password_hash_malformed");
  create.setPasswordHash(*app::HashPassword(kPassword));
  create.setFullName("");
  command.setCommandId("create-3");
  EXPECT_EQ(handler_->Handle(supervisor_, command.asReader()).error().code, "field_required");
  create.setFullName("Rosa Quispe");
  create.setRole(R::SYSTEM);
  command.setCommandId("create-4");
  EXPECT_EQ(handler_->Handle(supervisor_, command.asReader()).error().code, "user_role_refused");
  EXPECT_EQ(Head(), 0u);
}

TEST_F(UsersTest, ASupervisorChangesAUsersRole) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  auto changed = app::ChangeUserRole(run_, supervisor_, "rosa.quispe", R::CASHIER);
  ASSERT_TRUE(changed.has_value()) << changed.error().ToString();
  auto events = Stream("rosa.quispe");
  ASSERT_EQ(events.size(), 2u);
  auto p = events.back().envelope().getPayload();
  ASSERT_TRUE(p.isUserRoleChanged());
  EXPECT_EQ(std::string(p.getUserRoleChanged().getRole().cStr()), "cashier");
  EXPECT_EQ(std::string(p.getUserRoleChanged().getPreviousRole().cStr()), "platform");
  auto list = List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].role, R::CASHIER);
  EXPECT_EQ(app::ChangeUserRole(run_, supervisor_, "rosa.quispe", R::SYSTEM).error().code,
            "user_role_refused");
  EXPECT_EQ(app::ChangeUserRole(run_, supervisor_, "nadie", R::CASHIER).error().code,
            "user_not_found");
}

TEST_F(UsersTest, ASupervisorResetsAPasswordAndOnlyTheNewOneVerifies) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  auto reset = app::ResetUserPassword(run_, supervisor_, "rosa.quispe", "otra-clave-segura");
  ASSERT_TRUE(reset.has_value()) << reset.error().ToString();
  auto events = Stream("rosa.quispe");
  ASSERT_EQ(events.size(), 2u);
  auto p = events.back().envelope().getPayload();
  ASSERT_TRUE(p.isUserPasswordReset());
  const std::string hash = p.getUserPasswordReset().getPasswordHash().cStr();
  EXPECT_TRUE(app::VerifyPassword(hash, "otra-clave-segura"));
  EXPECT_FALSE(app::VerifyPassword(hash, kPassword));
  EXPECT_EQ(app::ResetUserPassword(run_, supervisor_, "nadie", "otra-clave-segura").error().code,
            "user_not_found");
}

TEST_F(UsersTest, ADisabledUserTakesNoRoleChangeNorReset) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  auto disabled = app::DisableUser(run_, supervisor_, "rosa.quispe", "dejó la cooperativa");
  ASSERT_TRUE(disabled.has_value()) << disabled.error().ToString();
  auto events = Stream("rosa.quispe");
  ASSERT_EQ(events.size(), 2u);
  ASSERT_TRUE(events.back().envelope().getPayload().isUserDisabled());
  EXPECT_EQ(std::string(events.back().envelope().getPayload().getUserDisabled().getReason().cStr()),
            "dejó la cooperativa");
  const uint64_t head = Head();
  EXPECT_EQ(app::ChangeUserRole(run_, supervisor_, "rosa.quispe", R::CASHIER).error().code,
            "user_disabled");
  EXPECT_EQ(app::ResetUserPassword(run_, supervisor_, "rosa.quispe", "otra-clave-segura").error().code,
            "user_disabled");
  EXPECT_EQ(app::DisableUser(run_, supervisor_, "rosa.quispe", "otra vez").error().code,
            "user_disabled");
  EXPECT_EQ(app::DisableUser(run_, supervisor_, "nadie", "").error().code, "user_not_found");
  EXPECT_EQ(Head(), head);
  auto list = List();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_TRUE(list[0].disabled);
}

TEST_F(UsersTest, OnlyASupervisorManagesUsersAndNothingIsAppendedOtherwise) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  const uint64_t head = Head();
  for (R role : kOtherRoles) {
    const ActorRef other{"x", role};
    app::NewUser user = Rosa();
    user.username = "otro.usuario";
    auto created = Create(user, other);
    ASSERT_FALSE(created.has_value());
    EXPECT_EQ(created.error().code, "not_allowed_for_role");
    EXPECT_EQ(created.error().kind, ErrorKind::kPermissionDenied);
    EXPECT_EQ(app::ChangeUserRole(run_, other, "rosa.quispe", R::SUPERVISOR).error().code,
              "not_allowed_for_role");
    EXPECT_EQ(app::ResetUserPassword(run_, other, "rosa.quispe", "otra-clave-segura").error().code,
              "not_allowed_for_role");
    EXPECT_EQ(app::DisableUser(run_, other, "rosa.quispe", "").error().code, "not_allowed_for_role");
  }
  EXPECT_EQ(Head(), head);
}

TEST_F(UsersTest, ANoteMayNotGoOnAUsersStream) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId("note-1");
  command.initRecordNote().setStream("user-rosa.quispe");
  command.getRecordNote().setText("x");
  EXPECT_EQ(handler_->Handle(supervisor_, command.asReader()).error().code, "stream_reserved");
}

TEST_F(UsersTest, AUserEventTakesNoCorrection) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.setCommandId("correction-1");
  auto c = command.initRecordCorrection();
  c.setCorrectedPosition(1);
  c.setField("passwordHash");
  c.setCorrectedValue("otra");
  c.setReason("prueba");
  EXPECT_EQ(handler_->Handle(supervisor_, command.asReader()).error().code, "field_not_correctable");
  EXPECT_EQ(Head(), 1u);
}

TEST_F(UsersTest, ThePasswordNeverAppearsInTheStoreBytes) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  ASSERT_TRUE(app::ResetUserPassword(run_, supervisor_, "rosa.quispe", "segunda-clave-de-rosa").has_value());
  List();  // the views too
  // Every event's stored bytes.
  auto log = store_->ReadLog(1, Head());
  ASSERT_TRUE(log.has_value());
  ASSERT_EQ(log->size(), 2u);
  for (const StoredEvent& e : *log) {
    EXPECT_EQ(e.bytes().find(kPassword), std::string_view::npos);
    EXPECT_EQ(e.bytes().find("segunda-clave-de-rosa"), std::string_view::npos);
  }
  // Every file the store and the views wrote (the write-ahead logs hold the appends as written).
  Close();
  size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.path())) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream read;
    read << in.rdbuf();
    const std::string bytes = read.str();
    EXPECT_EQ(bytes.find(kPassword), std::string::npos) << entry.path();
    EXPECT_EQ(bytes.find("segunda-clave-de-rosa"), std::string::npos) << entry.path();
    ++files;
  }
  EXPECT_GT(files, 0u);
}

TEST_F(UsersTest, UsersSurviveARestartAndARebuildAndTheListShowsNoHash) {
  ASSERT_TRUE(Create(Rosa(), supervisor_).has_value());
  app::NewUser caja{.username = "caja-1", .full_name = "Juan Flores", .role = R::CASHIER,
                    .agency = "", .window = ""};
  ASSERT_TRUE(Create(caja, supervisor_).has_value());
  ASSERT_TRUE(app::DisableUser(run_, supervisor_, "caja-1", "fin de contrato").has_value());
  auto check = [](const std::vector<app::UserInfo>& list) {
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0].username, "caja-1");  // by username
    EXPECT_EQ(list[0].role, R::CASHIER);
    EXPECT_TRUE(list[0].disabled);
    EXPECT_EQ(list[1].username, "rosa.quispe");
    EXPECT_EQ(list[1].full_name, "Rosa Quispe Mamani");
    EXPECT_EQ(list[1].role, R::PLATFORM);
    EXPECT_EQ(list[1].agency, "Tupiza");
    EXPECT_EQ(list[1].window, "Ventanilla 2");
    EXPECT_FALSE(list[1].disabled);
    EXPECT_FALSE(list[1].created_at.empty());
    EXPECT_FALSE(list[1].updated_at.empty());
  };
  check(List());
  Close();
  Open();
  check(List());
  ASSERT_TRUE(views_->Rebuild().has_value());
  check(List());
  const std::string json = app::UserListJson(List());
  EXPECT_EQ(json.find("argon2"), std::string::npos);
  auto back = app::UserListFromJson(json);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  check(*back);
}

}  // namespace
}  // namespace bitacora::testing
