// The supervisor's note over REST: POST /v1/commands/recordNote goes through the handler like
// any command (403 for other roles, nothing appended; 422 stream_reserved on a token's stream).
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using Role = schema::Role;

class RestNotesTest : public RestFixture {};

TEST_F(RestNotesTest, OnlyTheSupervisorRecordsANote) {
  const std::string body = R"({"stream":"case-TRA-2026-000001","text":"llamó el socio"})";
  const uint64_t head = Head();
  for (Role role : {Role::PLATFORM, Role::CASHIER, Role::AUDITOR}) {  // no system token exists
    auto refused = Post("recordNote", body, role, "note-" + std::to_string(static_cast<int>(role)));
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << refused->body;
    EXPECT_NE(refused->body.find("not_allowed_for_role"), std::string::npos) << refused->body;
  }
  EXPECT_EQ(Head(), head);
  auto noted = Post("recordNote", body, Role::SUPERVISOR, "note-sup");
  ASSERT_TRUE(noted);
  EXPECT_EQ(noted->status, 201) << noted->body;
  EXPECT_EQ(Head(), head + 1);
  auto events = store_->ReadStream("case-TRA-2026-000001", 1, Direction::kForward, 10);
  ASSERT_TRUE(events.has_value());
  ASSERT_EQ(events->size(), 1u);
  EXPECT_TRUE(events->front().envelope().getPayload().isNoteRecorded());
  const std::string token_stream = app::TokenStream(app::TokenHashHex(tokens_[Role::CASHIER]));
  auto reserved = Post("recordNote", R"({"stream":")" + token_stream + R"(","text":"x"})",
                       Role::SUPERVISOR, "note-token");
  ASSERT_TRUE(reserved);
  EXPECT_EQ(reserved->status, 422) << reserved->body;
  EXPECT_NE(reserved->body.find("stream_reserved"), std::string::npos) << reserved->body;
  EXPECT_EQ(Head(), head + 1);
}

}  // namespace
}  // namespace bitacora::testing
