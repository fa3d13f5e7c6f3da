// Bounded text (app/field_limits.h): every text field of a command has a maximum length and
// refuses control characters it does not allow, at decode, with a 400 naming the field; a refused
// command appends nothing.
#include <gtest/gtest.h>

#include "app/command_codec.h"
#include "app/field_limits.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

class RestBoundedTextTest : public RestFixture {};

std::string RegisterClient(const std::string& full_name) {
  return R"({"caseId":"TRA-2026-000001","clientCi":"5566778","fullName":")" + full_name +
         R"(","address":"Av. Santa Cruz 3","phone":"71234567"})";
}

TEST_F(RestBoundedTextTest, SixtyThousandByteNameIsRefusedNamingTheField) {
  const uint64_t before = Head();
  auto res = Post("registerClient", RegisterClient(std::string(60000, 'A')), Role::PLATFORM);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(JsonText(res->body, "code"), "field_too_long") << res->body;
  EXPECT_NE(res->body.find("fullName"), std::string::npos) << res->body;
  EXPECT_EQ(Head(), before);
}

TEST_F(RestBoundedTextTest, EscapedControlBytesAreRefusedNamingTheField) {
  const uint64_t before = Head();
  auto res = Post("registerClient", RegisterClient("Rosa\\u0001\\u0001Quispe"), Role::PLATFORM);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(JsonText(res->body, "code"), "control_character") << res->body;
  EXPECT_NE(res->body.find("fullName"), std::string::npos) << res->body;
  EXPECT_EQ(Head(), before);
}

TEST_F(RestBoundedTextTest, RawControlBytesAreRefused) {
  const uint64_t before = Head();
  auto res = Post("registerClient", RegisterClient(std::string(1000, '\x01')), Role::PLATFORM);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  EXPECT_EQ(Head(), before);
}

TEST(FieldLimitsTest, EveryTextFieldOfEveryCommandHasARow) {
  for (const app::CommandKind& kind : app::CommandKinds()) {
    for (auto field : kind.params.getFields()) {
      capnp::Type type = field.getType();
      if (type.isList()) type = type.asList().getElementType();
      if (!type.isText()) continue;
      EXPECT_NE(app::FindTextFieldLimit(field.getProto().getName().cStr()), nullptr)
          << kind.name << "." << field.getProto().getName().cStr();
    }
  }
}

TEST(FieldLimitsTest, FreeNotesTakeLineBreaksButNotCarriageReturnsOrEscapes) {
  app::CommandDecoder decoder;
  const app::CommandKind* note = decoder.Find("recordNote");
  ASSERT_NE(note, nullptr);
  capnp::MallocMessageBuilder message;
  EXPECT_TRUE(decoder.Decode(*note, R"({"stream":"case-1","text":"línea uno\nlínea dos\tfin"})",
                             message.initRoot<schema::Command>()));
  auto cr = decoder.Decode(*note, R"({"stream":"case-1","text":"forja\r\nlínea"})", message.initRoot<schema::Command>());
  ASSERT_FALSE(cr);
  EXPECT_TRUE(cr.error().Is(Code::kControlCharacter)) << cr.error().ToString();
  auto esc = decoder.Decode(*note, R"({"stream":"case-1","text":"\u001b[2J"})", message.initRoot<schema::Command>());
  ASSERT_FALSE(esc);
  EXPECT_TRUE(esc.error().Is(Code::kControlCharacter));
  auto line = decoder.Decode(*note, R"({"stream":"case-1\nX","text":"ok"})", message.initRoot<schema::Command>());
  ASSERT_FALSE(line);
  EXPECT_TRUE(line.error().Is(Code::kControlCharacter));
  EXPECT_NE(line.error().message.find("stream"), std::string::npos);
}

TEST(FieldLimitsTest, C1ControlsAndBidiOverridesAreControlCharacters) {
  EXPECT_FALSE(app::HasForbiddenControl("Ñandú José", false));
  EXPECT_TRUE(app::HasForbiddenControl("a\xc2\x85" "b", false));        // U+0085 NEL
  EXPECT_TRUE(app::HasForbiddenControl("a\xe2\x80\xae" "b", true));     // U+202E RLO
  EXPECT_TRUE(app::HasForbiddenControl("a\xe2\x81\xa6" "b", true));     // U+2066 LRI
  EXPECT_TRUE(app::HasForbiddenControl("a\x7f", true));
  EXPECT_FALSE(app::HasForbiddenControl("a\nb", true));
  EXPECT_TRUE(app::HasForbiddenControl("a\nb", false));
}

TEST(FieldLimitsTest, TheTableIsSortedSoLookupsFindEveryRow) {
  for (const app::TextFieldLimit& row : app::TextFieldLimits()) {
    EXPECT_EQ(app::FindTextFieldLimit(row.field), &row) << row.field;
  }
}

}  // namespace
}  // namespace bitacora::testing
