// docs/rest.md promises that an enum is given by its name: {"kind":0} would be decoded by
// capnp-json as the first member (newConnection) and a typo in a client's table of numbers would
// open the wrong kind of case. The decoder refuses a number for an enum with 400 naming the field.
#include <capnp/message.h>
#include <gtest/gtest.h>

#include <string>

#include "app/command_codec.h"
#include "core/errors/error_codes.h"

namespace bitacora::app {
namespace {

Status Decode(const std::string& name, const std::string& json) {
  CommandDecoder decoder;
  const CommandKind* kind = decoder.Find(name);
  EXPECT_NE(kind, nullptr) << name;
  if (kind == nullptr) return Fail(Code::kUnknownCommand, name);
  capnp::MallocMessageBuilder message;
  return decoder.Decode(*kind, json, message.initRoot<schema::Command>());
}

TEST(EnumNames, ACaseKindGivenByNameIsDecoded) {
  EXPECT_TRUE(Decode("openCase", R"({"kind":"newConnection","clientCi":"5566778","tariffCategory":"general","address":"Av. Chichas 3"})"));
}

TEST(EnumNames, ACaseKindGivenAsANumberIsRefusedNamingTheField) {
  Status s = Decode("openCase", R"({"kind":0,"clientCi":"5566778","tariffCategory":"general","address":"Av. Chichas 3"})");
  ASSERT_FALSE(s);
  EXPECT_TRUE(s.error().Is(Code::kBadJson)) << s.error().ToString();
  EXPECT_NE(s.error().message.find("kind"), std::string::npos) << s.error().message;
  EXPECT_NE(s.error().message.find("newConnection"), std::string::npos) << s.error().message;
}

TEST(EnumNames, ATariffCategoryGivenAsANumberIsRefusedNamingTheField) {
  Status s = Decode("openCase", R"({"kind":"newConnection","clientCi":"5566778","tariffCategory":1,"address":"Av. Chichas 3"})");
  ASSERT_FALSE(s);
  EXPECT_TRUE(s.error().Is(Code::kBadJson)) << s.error().ToString();
  EXPECT_NE(s.error().message.find("tariffCategory"), std::string::npos) << s.error().message;
}

TEST(EnumNames, ANumberOutOfRangeIsRefusedToo) {
  Status s = Decode("setRequirementChecklist", R"({"caseKind":99,"tariffCategory":"general","documents":["CI"]})");
  ASSERT_FALSE(s);
  EXPECT_TRUE(s.error().Is(Code::kBadJson)) << s.error().ToString();
  EXPECT_NE(s.error().message.find("caseKind"), std::string::npos) << s.error().message;
}

TEST(EnumNames, ANumberForAnIntegerFieldIsStillANumber) {
  EXPECT_TRUE(Decode("recordPayment", R"({"caseId":"TRA-2026-000001","amountCentavos":150000,"receiptNumber":"R-1"})"));
}

}  // namespace
}  // namespace bitacora::app
