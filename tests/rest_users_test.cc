// Issue #17: the users list over HTTP (GET /v1/users, supervisor only, never a hash), the user
// commands refused when a password in clear is sent where its hash belongs, and `bitacora user`
// on the embedded store and through --server, the password read from standard input.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

#include "app/users.h"
#include "tests/rest_fixture.h"
#include "tests/cli_run.h"

namespace bitacora::testing {
namespace {

using Role = schema::Role;

// Runs the bitacora binary with `args`, `input` on its stdin, capturing stdout (stderr
// discarded); returns the exit code.
int RunCli(const std::string& args, const std::string& input, std::string* out) {
  auto run = testing::RunBitacora(args, testing::Stderr::kDiscard, "printf '%s\\n' '" + input + "' | ");
  out->append(run.out);
  return run.code;
}

class RestUsersTest : public RestFixture {
 protected:
  const ActorRef supervisor_{"sup-ana", Role::SUPERVISOR};
};

TEST_F(RestUsersTest, TheSupervisorListsUsersWithoutTheirHashes) {
  auto created = app::CreateUser(app::RunnerOf(*handler_), supervisor_,
                                 {.username = "rosa.quispe", .full_name = "Rosa Quispe",
                                  .role = Role::PLATFORM, .agency = "Tupiza", .window = "2"},
                                 "ventanilla-tupiza-2026");
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  auto listed = Get("/v1/users", Role::SUPERVISOR);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  auto users = app::UserListFromJson(listed->body);
  ASSERT_TRUE(users.has_value()) << users.error().ToString();
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].username, "rosa.quispe");
  EXPECT_EQ((*users)[0].role, Role::PLATFORM);
  EXPECT_EQ((*users)[0].agency, "Tupiza");
  EXPECT_EQ(listed->body.find("argon2"), std::string::npos);
  for (const auto& [role, token] : tokens_) {
    if (role == Role::SUPERVISOR) continue;
    auto refused = Get("/v1/users", role);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << app::RoleName(role);
  }
}

TEST_F(RestUsersTest, APasswordInClearWhereItsHashBelongsIsRefused) {
  const uint64_t head = Head();
  auto res = Post("createUser",
                  R"({"username":"rosa.quispe","fullName":"Rosa Quispe","role":"platform",)"
                  R"("passwordHash":"ventanilla-tupiza-2026"})",
                  Role::SUPERVISOR);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(JsonText(res->body, "code"), "password_hash_malformed");
  EXPECT_EQ(Head(), head);
}

TEST_F(RestUsersTest, TheCliManagesUsersThroughTheServer) {
  const std::string server = "--server http://127.0.0.1:" + std::to_string(server_->port()) +
                             " --token " + tokens_[Role::SUPERVISOR];
  std::string out;
  ASSERT_EQ(RunCli(server + " user create rosa.quispe --full-name 'Rosa Quispe' --role platform "
                            "--agency Tupiza --password-stdin",
                   "ventanilla-tupiza-2026", &out), 0) << out;
  ASSERT_EQ(RunCli(server + " user role rosa.quispe --role cashier", "", &out), 0) << out;
  std::string shortened;
  EXPECT_EQ(RunCli(server + " user reset-password rosa.quispe --password-stdin", "corta", &shortened), 2);
  ASSERT_EQ(RunCli(server + " user reset-password rosa.quispe --password-stdin",
                   "otra-clave-de-rosa", &out), 0) << out;
  auto events = store_->ReadStream("user-rosa.quispe", 1, Direction::kForward, 10);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 3u);
  // Made by the supervisor's token, hashed by the CLI: the server never saw the password.
  EXPECT_EQ(std::string(events->front().envelope().getActor().getId().cStr()), "actor-supervisor");
  const std::string hash =
      events->back().envelope().getPayload().getUserPasswordReset().getPasswordHash().cStr();
  EXPECT_TRUE(app::VerifyPassword(hash, "otra-clave-de-rosa"));
  ASSERT_EQ(RunCli(server + " user disable rosa.quispe --reason 'dejó el puesto'", "", &out), 0) << out;
  std::string listed;
  ASSERT_EQ(RunCli(server + " --json user list", "", &listed), 0);
  auto users = app::UserListFromJson(listed);
  ASSERT_TRUE(users.has_value()) << listed;
  ASSERT_EQ(users->size(), 1u);
  EXPECT_EQ((*users)[0].role, Role::CASHIER);
  EXPECT_TRUE((*users)[0].disabled);
  std::string denied;
  EXPECT_EQ(RunCli("--server http://127.0.0.1:" + std::to_string(server_->port()) + " --token " +
                       tokens_[Role::PLATFORM] + " user list", "", &denied), 3);
}

TEST(CliUsersTest, TheFirstSupervisorIsCreatedOnTheEmbeddedStore) {
  TempDir dir;
  const std::string data = "--data " + dir.Sub("datos");
  std::string out;
  ASSERT_EQ(RunCli(data + " user create ana.supervisora --full-name 'Ana Rojas' --role supervisor "
                          "--password-stdin", "clave-de-la-supervisora", &out), 0) << out;
  std::string again;
  EXPECT_EQ(RunCli(data + " user create ana.supervisora --full-name 'Ana Rojas' --role supervisor "
                          "--password-stdin", "clave-de-la-supervisora", &again), 6);
  std::string bad;
  EXPECT_EQ(RunCli(data + " user create Ana --full-name 'Ana' --role supervisor --password-stdin",
                   "clave-de-la-supervisora", &bad), 2);
  std::string listed;
  ASSERT_EQ(RunCli(data + " user list", "", &listed), 0);
  EXPECT_NE(listed.find("ana.supervisora"), std::string::npos) << listed;
  EXPECT_NE(listed.find("supervisor"), std::string::npos) << listed;
}

}  // namespace
}  // namespace bitacora::testing
