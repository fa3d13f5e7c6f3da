// The OpenAPI document describes every answer of events/api.capnp: each field of each answer
// struct (and of the structs they hold) is a property, the fields not marked $optional are listed
// as required, and every response of every route that has a body points at such a schema.
#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "app/answer_codec.h"
#include "rest/routes.h"

namespace bitacora::shim {
namespace {

using JV = capnp::JsonValue;

std::optional<JV::Reader> Member(JV::Reader object, std::string_view name) {
  if (object.which() != JV::OBJECT) return std::nullopt;
  for (auto f : object.getObject()) {
    if (std::string_view(f.getName().cStr()) == name) return f.getValue();
  }
  return std::nullopt;
}

std::set<std::string> Names(std::optional<JV::Reader> value, bool keys) {
  std::set<std::string> out;
  if (!value) return out;
  if (keys && value->which() == JV::OBJECT) {
    for (auto f : value->getObject()) out.insert(f.getName().cStr());
  } else if (!keys && value->which() == JV::ARRAY) {
    for (auto e : value->getArray()) {
      if (e.which() == JV::STRING) out.insert(e.getString().cStr());
    }
  }
  return out;
}

class OpenApiAnswers : public ::testing::Test {
 protected:
  void SetUp() override {
    document_ = OpenApiJson();
    message_ = std::make_unique<capnp::MallocMessageBuilder>();
    root_ = message_->initRoot<JV>();
    capnp::JsonCodec().decodeRaw(kj::ArrayPtr<const char>(document_.data(), document_.size()),
                                 root_);
    auto components = Member(root_.asReader(), "components");
    ASSERT_TRUE(components);
    auto schemas = Member(*components, "schemas");
    ASSERT_TRUE(schemas);
    schemas_ = *schemas;
  }

  // The file a struct is declared in ("events/api.capnp"), from its display name.
  static std::string FileOf(capnp::StructSchema s) {
    const std::string display = s.getProto().getDisplayName().cStr();
    return display.substr(0, display.find(':'));
  }

  // Checks `s` and every struct of api.capnp it holds against the document. Structs declared
  // elsewhere (an event's envelope in a log page) are records: their members are present when
  // set, so the document lists them without `required`.
  void Check(capnp::StructSchema s, std::set<std::string>& seen) {
    const std::string name = s.getShortDisplayName().cStr();
    if (FileOf(s) != FileOf(app::AnswerSchemas().front())) {
      auto schema = Member(schemas_, name);
      ASSERT_TRUE(schema) << "components.schemas lacks the record " << name;
      EXPECT_FALSE(Member(*schema, "required")) << name << " is a record: nothing is required";
      return;
    }
    if (!seen.insert(name).second) return;
    auto schema = Member(schemas_, name);
    ASSERT_TRUE(schema) << "components.schemas lacks the answer " << name;
    const std::set<std::string> properties = Names(Member(*schema, "properties"), true);
    const std::set<std::string> required = Names(Member(*schema, "required"), false);
    EXPECT_FALSE(required.empty()) << name << " lists no required member";
    for (capnp::StructSchema::Field f : s.getFields()) {
      const std::string field = f.getProto().getName().cStr();
      EXPECT_TRUE(properties.count(field)) << name << "." << field << " is not in the document";
      EXPECT_EQ(required.count(field) > 0, app::IsRequired(f)) << name << "." << field;
      capnp::Type t = f.getType();
      while (t.isList()) t = t.asList().getElementType();
      if (t.isStruct()) Check(t.asStruct(), seen);
    }
    EXPECT_EQ(properties.size(), s.getFields().size()) << name << " has members the schema lacks";
  }

  std::string document_;
  std::unique_ptr<capnp::MallocMessageBuilder> message_;
  JV::Builder root_ = nullptr;
  JV::Reader schemas_;
};

TEST_F(OpenApiAnswers, EveryFieldOfEveryAnswerIsInTheDocumentAndRequiredUnlessOptional) {
  std::set<std::string> seen;
  for (capnp::StructSchema answer : app::AnswerSchemas()) Check(answer, seen);
  EXPECT_GE(seen.size(), 11u);  // Outcome … BackupResult, tokens, projections, tables, log page
  EXPECT_TRUE(seen.count("LogPage"));
  EXPECT_TRUE(seen.count("ReportTable"));
  EXPECT_TRUE(seen.count("TokenEntry"));
}

TEST_F(OpenApiAnswers, EveryRequestBodyIsInTheDocumentWithItsRequiredMembers) {
  std::set<std::string> seen;
  for (capnp::StructSchema request : app::RequestSchemas()) Check(request, seen);
  EXPECT_TRUE(seen.count("TokenRequest"));
  EXPECT_TRUE(seen.count("BackupRequest"));
}

TEST_F(OpenApiAnswers, EveryJsonResponseNamesASchemaThatListsRequired) {
  auto paths = Member(root_.asReader(), "paths");
  ASSERT_TRUE(paths);
  int checked = 0;
  for (auto path : paths->getObject()) {
    for (auto operation : path.getValue().getObject()) {
      auto responses = Member(operation.getValue(), "responses");
      if (!responses) continue;
      for (auto response : responses->getObject()) {
        auto content = Member(response.getValue(), "content");
        if (!content) continue;
        auto json = Member(*content, "application/json");
        ASSERT_TRUE(json);
        auto schema = Member(*json, "schema");
        ASSERT_TRUE(schema);
        // An array answer (the report tables) names its element's schema under `items`.
        auto items = Member(*schema, "items");
        auto ref = Member(items ? *items : *schema, "$ref");
        ASSERT_TRUE(ref) << path.getName().cStr() << " " << response.getName().cStr();
        const std::string target = ref->getString().cStr();
        const std::string prefix = "#/components/schemas/";
        ASSERT_EQ(target.rfind(prefix, 0), 0u) << target;
        auto component = Member(schemas_, target.substr(prefix.size()));
        ASSERT_TRUE(component) << target;
        EXPECT_FALSE(Names(Member(*component, "required"), false).empty()) << target;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

TEST(OpenApiAnswersDocument, TheBackupRouteAnswersABackupResult) {
  const std::string doc = OpenApiJson();
  EXPECT_NE(
      doc.find(
          R"("201":{"description":"out, position, hash and root of the backup",)"
          R"("content":{"application/json":{"schema":{"$ref":"#/components/schemas/BackupResult"}}}})"),
      std::string::npos);
}

}  // namespace
}  // namespace bitacora::shim
