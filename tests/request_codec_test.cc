// The bodies that are not commands (POST /v1/tokens, POST /v1/backup) are declared in
// events/api.capnp and decoded by one codec, as strictly as a command: a member the schema lacks,
// a wrong type, a missing required member or a broken escape is refused, never guessed at. The
// answers built by the same codec read back member for member.
#include <gtest/gtest.h>

#include <string>

#include "app/backup_json.h"
#include "app/reference.h"
#include "app/tokens.h"
#include "core/errors/error_codes.h"

namespace bitacora::app {
namespace {

TEST(RequestCodec, TheSupervisorAsksForATokenForAnAuditor) {
  auto request =
      TokenRequestFromJson(R"({"actorId":"aud-1","role":"AUDITOR","label":"ASFI 2026"})");
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->grant.id, "aud-1");
  EXPECT_EQ(request->grant.role, schema::Role::AUDITOR);
  EXPECT_EQ(request->label, "ASFI 2026");
}

TEST(RequestCodec, TheLabelOfATokenMayBeLeftOut) {
  auto request = TokenRequestFromJson(R"({"actorId":"caja-2","role":"CASHIER"})");
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->label, "");
}

TEST(RequestCodec, AMemberTheTokenRequestLacksIsRefused) {
  auto request = TokenRequestFromJson(R"({"actorId":"aud-1","role":"AUDITOR","expires":"never"})");
  ASSERT_FALSE(request);
  EXPECT_TRUE(request.error().Is(Code::kBadJson)) << request.error().ToString();
}

TEST(RequestCodec, ATokenRequestWithoutAnActorIsRefused) {
  auto request = TokenRequestFromJson(R"({"role":"AUDITOR"})");
  ASSERT_FALSE(request);
  EXPECT_TRUE(request.error().Is(Code::kBadJson)) << request.error().ToString();
  auto empty = TokenRequestFromJson(R"({"actorId":"","role":"AUDITOR"})");
  ASSERT_FALSE(empty);
  EXPECT_TRUE(empty.error().Is(Code::kBadJson)) << empty.error().ToString();
}

TEST(RequestCodec, ARoleThatIsNotOneIsRefusedByName) {
  auto request = TokenRequestFromJson(R"({"actorId":"x","role":"JEFE"})");
  ASSERT_FALSE(request);
  EXPECT_TRUE(request.error().Is(Code::kBadRole)) << request.error().ToString();
}

TEST(RequestCodec, AWrongTypeIsRefused) {
  auto request = TokenRequestFromJson(R"({"actorId":7,"role":"AUDITOR"})");
  ASSERT_FALSE(request);
  EXPECT_TRUE(request.error().Is(Code::kBadJson)) << request.error().ToString();
}

TEST(RequestCodec, ABrokenEscapeIsRefusedAsBadText) {
  auto request = TokenRequestFromJson(R"({"actorId":"a\ud800b","role":"AUDITOR"})");
  ASSERT_FALSE(request);
  EXPECT_TRUE(request.error().Is(Code::kBadText)) << request.error().ToString();
}

TEST(RequestCodec, MalformedJsonAndANonObjectAreRefused) {
  for (const char* body :
       {"{", "[]", "\"out\"", "", R"({"actorId":"a","actorId":"b","role":"AUDITOR"})"}) {
    auto request = TokenRequestFromJson(body);
    ASSERT_FALSE(request) << body;
    EXPECT_TRUE(request.error().Is(Code::kBadJson)) << body << ": " << request.error().ToString();
  }
}

TEST(RequestCodec, AMemberUnknownInsideAListIsRefused) {
  auto commands = ReferenceCommands(
      R"({"checklists":[{"caseKind":"cut","tariffCategory":"residential","documents":[],"x":1}],)"
      R"("materialPrices":[],"tariffs":[],"holidays":[]})");
  ASSERT_FALSE(commands);
  EXPECT_NE(commands.error().message.find("checklists[0].x"), std::string::npos) << commands.error().ToString();
}

TEST(RequestCodec, AnEnumGivenAsANumberIsRefusedNamingTheMember) {
  auto commands = ReferenceCommands(
      R"({"checklists":[],"materialPrices":[],"tariffs":[{"category":1,"description":"General",)"
      R"("fixedChargeCentavos":0,"energyChargeCentavosPerKwh":0}],"holidays":[]})");
  ASSERT_FALSE(commands);
  EXPECT_TRUE(commands.error().Is(Code::kBadJson));
  EXPECT_NE(commands.error().message.find("tariffs[0].category"), std::string::npos) << commands.error().ToString();
}

TEST(RequestCodec, TheBackupFolderReadsBackFromTheBodyTheClientWrites) {
  const std::string folder = "/var/backups/bitacora/2026-12-07 \"noche\"";
  auto out = BackupOutFromJson(BackupRequestJson(folder));
  ASSERT_TRUE(out) << out.error().ToString();
  EXPECT_EQ(*out, folder);
}

TEST(RequestCodec, ABackupBodyWithAnotherMemberIsRefused) {
  auto out = BackupOutFromJson(R"({"out":"/tmp/b","force":true})");
  ASSERT_FALSE(out);
  EXPECT_TRUE(out.error().Is(Code::kBadJson)) << out.error().ToString();
}

TEST(AnswerCodec, TheTokenListReadsBackEntryForEntry) {
  TokenInfo info;
  info.hash_hex = std::string(64, 'a');
  info.grant = ActorRef{"aud-1", schema::Role::AUDITOR};
  info.label = "ASFI";
  info.issued_at_position = 42;
  info.revoked = true;
  auto back = TokenListFromJson(TokenListJson({info}));
  ASSERT_TRUE(back) << back.error().ToString();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0].hash_hex, info.hash_hex);
  EXPECT_EQ((*back)[0].grant.id, "aud-1");
  EXPECT_EQ((*back)[0].grant.role, schema::Role::AUDITOR);
  EXPECT_EQ((*back)[0].label, "ASFI");
  EXPECT_EQ((*back)[0].issued_at_position, 42u);
  EXPECT_TRUE((*back)[0].revoked);
}

TEST(AnswerCodec, AnIssuedTokenNamesWhomItIsFor) {
  const std::string json = TokenIssuedJson("btk_x", ActorRef{"aud-1", schema::Role::AUDITOR});
  EXPECT_NE(json.find(R"("token":"btk_x")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("actorId":"aud-1")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("role":"auditor")"), std::string::npos) << json;
  EXPECT_EQ(RevokedJson(), R"({"revoked":true})");
}

TEST(RequestCodec, TheBodyTheCliSendsForATokenIsTheOneTheServerReads) {
  auto request = TokenRequestFromJson(TokenRequestJson("ape-rosa", "PLATFORM", "ventanilla 2"));
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->grant.id, "ape-rosa");
  EXPECT_EQ(request->grant.role, schema::Role::PLATFORM);
  EXPECT_EQ(request->label, "ventanilla 2");
}

TEST(AnswerCodec, TheCliReadsTheIssuedTokenFromTheAnswer) {
  const std::string token = "btk_" + std::string(64, 'f');
  auto back = TokenIssuedFromJson(TokenIssuedJson(token, ActorRef{"aud-1", schema::Role::AUDITOR}));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(*back, token);
  auto forged = TokenIssuedFromJson(R"({"token":"btk_zz","actorId":"a","role":"auditor"})");
  ASSERT_FALSE(forged);
  EXPECT_TRUE(forged.error().Is(Code::kBadJson));
}

}  // namespace
}  // namespace bitacora::app
