// The role matrix over HTTP: every command kind from every role's token; a role the roles table
// does not allow gets 403 and nothing is appended; an allowed role is never 403.
#include <gtest/gtest.h>

#include "core/domain/decide.h"
#include "rest/client.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

class RestRolesTest : public RestFixture {};

TEST_F(RestRolesTest, EveryCommandFromEveryRole) {
  size_t forbidden = 0, allowed = 0;
  for (const app::CommandKind& kind : app::CommandKinds()) {
    for (const auto& [role, token] : tokens_) {
      const uint64_t head = Head();
      auto res = Post(kind.name, "{}", role);
      ASSERT_TRUE(res) << kind.name;
      if (domain::RoleMayIssue(role, kind.which)) {
        ++allowed;
        EXPECT_NE(res->status, 403) << kind.name << " as " << app::RoleName(role) << ": " << res->body;
        EXPECT_NE(res->status, 401) << res->body;
      } else {
        ++forbidden;
        EXPECT_EQ(res->status, 403) << kind.name << " as " << app::RoleName(role) << ": " << res->body;
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
      auto who = app::Authenticate(*store_, fresh);
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

TEST_F(RestRolesTest, SupervisorListsTokensAndRevokesOneThroughTheApi) {
  auto listed = Get("/v1/tokens", schema::Role::SUPERVISOR);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->status, 200) << listed->body;
  auto tokens = app::TokenListFromJson(listed->body);
  ASSERT_TRUE(tokens.has_value()) << tokens.error().ToString();
  EXPECT_EQ(tokens->size(), tokens_.size());
  const std::string cashier_hash = app::TokenHashHex(tokens_[schema::Role::CASHIER]);
  bool seen = false;
  for (const app::TokenInfo& t : *tokens) {
    EXPECT_EQ(t.hash_hex.size(), 64u);
    EXPECT_FALSE(t.revoked);
    if (t.hash_hex == cashier_hash) {
      seen = true;
      EXPECT_EQ(t.grant.role, schema::Role::CASHIER);
    }
  }
  EXPECT_TRUE(seen);
  // The token text itself is never listed: only hashes.
  EXPECT_EQ(listed->body.find(tokens_[schema::Role::CASHIER]), std::string::npos);
  for (const auto& [role, token] : tokens_) {
    if (role == schema::Role::SUPERVISOR) continue;
    auto refused = Get("/v1/tokens", role);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << app::RoleName(role);
  }
  auto revoked = client_->Delete(("/v1/tokens/" + cashier_hash + "?reason=baja").c_str(),
                                 httplib::Headers{{"Authorization", "Bearer " + tokens_[schema::Role::SUPERVISOR]}});
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 200) << revoked->body;
  auto after = app::TokenListFromJson(Get("/v1/tokens", schema::Role::SUPERVISOR)->body);
  ASSERT_TRUE(after.has_value());
  for (const app::TokenInfo& t : *after) EXPECT_EQ(t.revoked, t.hash_hex == cashier_hash);
  EXPECT_EQ(Get("/v1/clients/x", schema::Role::CASHIER)->status, 401);
}

TEST_F(RestRolesTest, EveryRoleMayReadTheViews) {
  for (const auto& [role, token] : tokens_) {
    auto order = Get("/v1/orders/ORT-2026-000001", role);
    ASSERT_TRUE(order);
    EXPECT_EQ(order->status, 404) << app::RoleName(role) << order->body;  // none yet, and not 403
  }
}

}  // namespace
}  // namespace bitacora::testing
