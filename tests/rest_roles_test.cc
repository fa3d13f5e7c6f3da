// The role matrix over HTTP: every command kind from every role's token; a role the roles table
// does not allow gets 403 and nothing is appended; an allowed role is never 403.
#include <gtest/gtest.h>

#include "core/domain/decide.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

class RestRolesTest : public RestFixture {};

TEST_F(RestRolesTest, EveryCommandFromEveryRole) {
  size_t forbidden = 0, allowed = 0;
  for (const shim::CommandKind& kind : shim::CommandKinds()) {
    for (const auto& [role, token] : tokens_) {
      const uint64_t head = Head();
      auto res = Post(kind.name, "{}", role);
      ASSERT_TRUE(res) << kind.name;
      if (domain::RoleMayIssue(role, kind.which)) {
        ++allowed;
        EXPECT_NE(res->status, 403) << kind.name << " as " << shim::RoleName(role) << ": " << res->body;
        EXPECT_NE(res->status, 401) << res->body;
      } else {
        ++forbidden;
        EXPECT_EQ(res->status, 403) << kind.name << " as " << shim::RoleName(role) << ": " << res->body;
        EXPECT_EQ(Head(), head) << "a forbidden command appended";
      }
    }
  }
  EXPECT_GT(allowed, 45u);
  EXPECT_GT(forbidden, 200u);
}

TEST_F(RestRolesTest, OnlySupervisorManagesTokensAndRebuilds) {
  for (const auto& [role, token] : tokens_) {
    httplib::Headers auth{{"Authorization", "Bearer " + token}};
    auto created = client_->Post("/v1/tokens", auth, R"({"actorId":"tec-9","role":"technician"})", "application/json");
    ASSERT_TRUE(created);
    auto rebuilt = client_->Post("/v1/projections/rebuild", auth, "", "application/json");
    ASSERT_TRUE(rebuilt);
    if (role == schema::Role::SUPERVISOR) {
      EXPECT_EQ(created->status, 201) << created->body;
      const std::string fresh = JsonText(created->body, "token");
      auto who = shim::Authenticate(*store_, fresh);
      ASSERT_TRUE(who.has_value());
      EXPECT_EQ(who->id, "tec-9");
      EXPECT_EQ(who->role, schema::Role::TECHNICIAN);
      EXPECT_EQ(rebuilt->status, 200) << rebuilt->body;
    } else {
      EXPECT_EQ(created->status, 403);
      EXPECT_EQ(rebuilt->status, 403);
    }
  }
}

TEST_F(RestRolesTest, EveryRoleMayRead) {
  for (const auto& [role, token] : tokens_) {
    auto log = Get("/v1/log?from=1&limit=2", role);
    ASSERT_TRUE(log);
    EXPECT_EQ(log->status, 200) << shim::RoleName(role);
  }
}

}  // namespace
}  // namespace bitacora::testing
