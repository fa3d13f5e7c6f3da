// Issue #17, signing in: a person signs in with user and password (POST /v1/session), gets an
// HttpOnly SameSite=Strict cookie and a CSRF token, acts as themselves with their current role,
// and signs out; idle sessions and disabled users' sessions end; failed sign-ins are limited per
// user and per address, and every sign-in checked is recorded. The clock is injected: no sleeps.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <string>

#include "app/sessions.h"
#include "app/users.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using Role = schema::Role;
constexpr int64_t kMinute = 60'000'000'000LL;
constexpr const char* kRosaPassword = "ventanilla-tupiza-2026";
constexpr const char* kAnaPassword = "supervisora-de-tupiza";

class RestSessionsTest : public RestFixture {
 protected:
  void SetUp() override {
    OpenLedger();
    MakeSessions();
    StartServer(shim::ServerOptions{});
    auto run = app::RunnerOf(*handler_);
    ASSERT_TRUE(app::CreateUser(run, admin_, {.username = "rosa.quispe", .full_name = "Rosa Quispe",
                                              .role = Role::PLATFORM, .agency = "", .window = ""}, kRosaPassword).has_value());
    ASSERT_TRUE(app::CreateUser(run, admin_, {.username = "ana.rojas", .full_name = "Ana Rojas",
                                              .role = Role::SUPERVISOR, .agency = "", .window = ""}, kAnaPassword).has_value());
  }

  void MakeSessions() {
    sessions_ = std::make_shared<app::SessionStore>(
        *store_,
        [this](const ActorRef& actor, schema::Command::Reader command) {
          return handler_->Handle(actor, command);
        },
        app::SessionOptions{}, [this] { return now_.load(); });
  }

  httplib::Result SignIn(const std::string& username, const std::string& password) {
    return client_->Post("/v1/session",
                         R"({"username":")" + username + R"(","password":")" + password + R"("})",
                         "application/json");
  }

  // The session id in a sign-in's Set-Cookie.
  static std::string CookieOf(const httplib::Result& res) {
    std::smatch m;
    const std::string header = res->get_header_value("Set-Cookie");
    if (std::regex_search(header, m, std::regex("bitacora_session=([0-9a-f]{64});"))) return m[1];
    return "";
  }

  struct Signed {
    std::string cookie;
    std::string csrf;
  };
  Signed SignInOk(const std::string& username, const std::string& password) {
    auto res = SignIn(username, password);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    return Signed{CookieOf(res), JsonText(res->body, "csrfToken")};
  }

  httplib::Headers With(const Signed& s, bool csrf = true) {
    httplib::Headers h{{"Cookie", "bitacora_session=" + s.cookie}};
    if (csrf) h.emplace("X-CSRF-Token", s.csrf);
    return h;
  }

  httplib::Result Note(const httplib::Headers& headers, const std::string& text = "nota") {
    return client_->Post("/v1/commands/recordNote", headers,
                         R"({"stream":"case-TRA-2026-000001","text":")" + text + R"("})",
                         "application/json");
  }

  std::vector<StoredEvent> Stream(const std::string& id) {
    auto events = store_->ReadStream(id, 1, Direction::kForward, 1000);
    EXPECT_TRUE(events.has_value());
    return events ? std::move(*events) : std::vector<StoredEvent>{};
  }

  const ActorRef admin_{"bitacora-cli", Role::SUPERVISOR};
  std::atomic<int64_t> now_{1'790'000'000LL * 1'000'000'000LL};
};

TEST_F(RestSessionsTest, ASignInGivesAStrictHttpOnlyCookieAndACsrfToken) {
  auto res = SignIn("rosa.quispe", kRosaPassword);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_TRUE(std::regex_match(cookie, std::regex(
      "bitacora_session=[0-9a-f]{64}; HttpOnly; SameSite=Strict; Path=/"))) << cookie;
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  EXPECT_TRUE(std::regex_match(JsonText(res->body, "csrfToken"), std::regex("[0-9a-f]{64}")));
  EXPECT_EQ(JsonText(res->body, "username"), "rosa.quispe");
  EXPECT_EQ(JsonText(res->body, "role"), "platform");
  // Recorded on the user's stream by the ledger itself, with the address; never the password.
  auto events = Stream("user-rosa.quispe");
  ASSERT_EQ(events.size(), 2u);
  auto env = events.back().envelope();
  ASSERT_TRUE(env.getPayload().isSignedIn());
  EXPECT_EQ(std::string(env.getActor().getId().cStr()), "bitacora-sessions");
  EXPECT_EQ(env.getActor().getRole(), Role::SYSTEM);
  EXPECT_EQ(std::string(env.getPayload().getSignedIn().getAddress().cStr()), "127.0.0.1");
  EXPECT_EQ(std::string(env.getPayload().getSignedIn().getSession().cStr()),
            app::CredentialOfSession(CookieOf(res)));
  EXPECT_EQ(events.back().bytes().find(kRosaPassword), std::string_view::npos);
  EXPECT_EQ(events.back().bytes().find(CookieOf(res)), std::string_view::npos);
}

TEST_F(RestSessionsTest, TheCookieIsSecureWhenTheServerIsToldItIsBehindTls) {
  shim::ServerOptions options;
  options.session_cookie_secure = true;
  StartServer(options);
  auto res = SignIn("rosa.quispe", kRosaPassword);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_NE(res->get_header_value("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(RestSessionsTest, AWrongPasswordAnUnknownUserAndADisabledUserAreRefusedAndRecorded) {
  ASSERT_TRUE(app::DisableUser(app::RunnerOf(*handler_), admin_, "ana.rojas", "baja").has_value());
  struct Case {
    std::string username, password, stream, reason, recorded;
  };
  for (const Case& c : {Case{"rosa.quispe", "no-es-la-clave", "user-rosa.quispe", "wrong_password", "rosa.quispe"},
                        Case{"nadie.aqui", kRosaPassword, "sign-ins", "user_not_found", "nadie.aqui"},
                        Case{"ana.rojas", kAnaPassword, "user-ana.rojas", "user_disabled", "ana.rojas"},
                        Case{"NO VALE", kRosaPassword, "sign-ins", "username_malformed", ""}}) {
    auto res = SignIn(c.username, c.password);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << c.username;
    EXPECT_EQ(JsonText(res->body, "code"), "sign_in_failed") << c.username;
    EXPECT_FALSE(res->has_header("Set-Cookie")) << c.username;
    auto events = Stream(c.stream);
    ASSERT_FALSE(events.empty()) << c.stream;
    auto p = events.back().envelope().getPayload();
    ASSERT_TRUE(p.isSignInFailed()) << c.username;
    EXPECT_EQ(std::string(p.getSignInFailed().getReason().cStr()), c.reason);
    EXPECT_EQ(std::string(p.getSignInFailed().getUsername().cStr()), c.recorded);
    EXPECT_EQ(events.back().bytes().find(c.password), std::string_view::npos);
  }
  EXPECT_EQ(sessions_->size(), 0u);
}

TEST_F(RestSessionsTest, ACommandThroughASessionActsAsTheUserWithTheirCurrentRole) {
  const Signed ana = SignInOk("ana.rojas", kAnaPassword);
  auto noted = Note(With(ana));
  ASSERT_TRUE(noted);
  ASSERT_EQ(noted->status, 201) << noted->body;
  auto events = Stream("case-TRA-2026-000001");
  ASSERT_EQ(events.size(), 1u);
  auto actor = events.back().envelope().getActor();
  EXPECT_EQ(std::string(actor.getId().cStr()), "ana.rojas");
  EXPECT_EQ(actor.getRole(), Role::SUPERVISOR);
  EXPECT_EQ(std::string(actor.getCredential().cStr()), app::CredentialOfSession(ana.cookie));
  // A role change applies to the session at its next request.
  ASSERT_TRUE(app::ChangeUserRole(app::RunnerOf(*handler_), admin_, "ana.rojas", Role::AUDITOR).has_value());
  auto refused = Note(With(ana));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403) << refused->body;
  EXPECT_EQ(JsonText(refused->body, "code"), "not_allowed_for_role");
  EXPECT_EQ(Stream("case-TRA-2026-000001").size(), 1u);
  // Bearer tokens keep working for machines.
  EXPECT_EQ(Post("recordNote", R"({"stream":"case-TRA-2026-000001","text":"máquina"})",
                 Role::SUPERVISOR)->status, 201);
}

TEST_F(RestSessionsTest, AChangeWithoutTheRightCsrfTokenIs403AndNothingIsAppended) {
  const Signed ana = SignInOk("ana.rojas", kAnaPassword);
  const uint64_t head = Head();
  auto missing = Note(With(ana, /*csrf=*/false));
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 403);
  EXPECT_EQ(JsonText(missing->body, "code"), "csrf_token_invalid");
  httplib::Headers wrong = With(ana, false);
  wrong.emplace("X-CSRF-Token", std::string(64, 'a'));
  auto forged = Note(wrong);
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 403);
  EXPECT_EQ(JsonText(forged->body, "code"), "csrf_token_invalid");
  auto signout = client_->Delete("/v1/session", With(ana, false));
  ASSERT_TRUE(signout);
  EXPECT_EQ(signout->status, 403);
  EXPECT_EQ(Head(), head);
  // A read needs no CSRF token.
  auto listed = client_->Get("/v1/users", With(ana, false));
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->status, 200) << listed->body;
}

TEST_F(RestSessionsTest, SigningOutEndsTheSession) {
  const Signed rosa = SignInOk("rosa.quispe", kRosaPassword);
  auto out = client_->Delete("/v1/session", With(rosa));
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 200) << out->body;
  EXPECT_NE(out->get_header_value("Set-Cookie").find("Max-Age=0"), std::string::npos);
  auto after = client_->Get("/v1/projections", With(rosa));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 401);
  EXPECT_EQ(JsonText(after->body, "code"), "session_invalid");
}

TEST_F(RestSessionsTest, AnIdleSessionEnds) {
  const Signed rosa = SignInOk("rosa.quispe", kRosaPassword);
  now_ += 29 * kMinute;
  EXPECT_EQ(client_->Get("/v1/projections", With(rosa))->status, 200);
  now_ += 29 * kMinute;  // each request starts the idle time again
  EXPECT_EQ(client_->Get("/v1/projections", With(rosa))->status, 200);
  now_ += 31 * kMinute;
  auto expired = client_->Get("/v1/projections", With(rosa));
  EXPECT_EQ(expired->status, 401);
  EXPECT_EQ(JsonText(expired->body, "code"), "session_invalid");
  EXPECT_EQ(sessions_->size(), 0u);
  // A session nobody uses again is forgotten at the next sign-in once it is idle too long.
  SignInOk("rosa.quispe", kRosaPassword);
  now_ += 31 * kMinute;
  SignInOk("ana.rojas", kAnaPassword);
  EXPECT_EQ(sessions_->size(), 1u);
}

TEST_F(RestSessionsTest, DisablingAUserEndsTheirSessions) {
  const Signed rosa = SignInOk("rosa.quispe", kRosaPassword);
  const Signed again = SignInOk("rosa.quispe", kRosaPassword);
  ASSERT_EQ(client_->Get("/v1/projections", With(rosa))->status, 200);
  ASSERT_TRUE(app::DisableUser(app::RunnerOf(*handler_), admin_, "rosa.quispe", "baja").has_value());
  EXPECT_EQ(client_->Get("/v1/projections", With(rosa))->status, 401);
  EXPECT_EQ(client_->Get("/v1/projections", With(again))->status, 401);
  EXPECT_EQ(sessions_->size(), 0u);
}

TEST_F(RestSessionsTest, FailedSignInsAreLimitedPerUsername) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(SignIn("rosa.quispe", "no-es-la-clave")->status, 401);
    now_ += kMinute;
  }
  const uint64_t head = Head();
  auto limited = SignIn("rosa.quispe", kRosaPassword);  // even the right password, for now
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(JsonText(limited->body, "code"), "sign_in_rate_limited");
  EXPECT_EQ(limited->get_header_value("Retry-After"), "900");
  EXPECT_EQ(Head(), head);  // nothing checked, nothing recorded
  now_ += 11 * kMinute;  // the first failure has left the 15-minute window
  SignInOk("rosa.quispe", kRosaPassword);
}

TEST_F(RestSessionsTest, FailedSignInsAreLimitedPerAddress) {
  for (const char* name : {"uno.x", "dos.x", "tres.x", "cuatro.x", "cinco.x"}) {
    EXPECT_EQ(SignIn(name, "lo-que-sea-123")->status, 401);
  }
  auto limited = SignIn("ana.rojas", kAnaPassword);
  ASSERT_TRUE(limited);
  EXPECT_EQ(limited->status, 429);
  now_ += 16 * kMinute;
  SignInOk("ana.rojas", kAnaPassword);
}

TEST_F(RestSessionsTest, UsersSignInAgainAfterARestart) {
  client_.reset();
  server_.reset();
  views_.reset();
  handler_.reset();
  store_.reset();
  OpenLedger();
  MakeSessions();
  StartServer(shim::ServerOptions{});
  SignInOk("rosa.quispe", kRosaPassword);
}

}  // namespace
}  // namespace bitacora::testing
