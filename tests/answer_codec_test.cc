// The answers declared in events/api.capnp go through one codec both ways: the JSON the server
// writes stays what clients read before the schema (numbers for positions, members in order,
// notice only when there is one), and what it writes the client reads back unchanged.
#include "app/answer_codec.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/result_testing.h"

namespace bitacora::app {
namespace {

CommandOutcome SampleOutcome() {
  CommandOutcome o;
  o.first_position = 41;
  o.last_position = 43;
  o.case_id = "TRM-2026-000007";
  o.issued_orders = {"ORT-2026-000001"};
  o.streams = {"case-TRM-2026-000007", "order-ORT-2026-000001", "client-5566778"};
  o.notice_code = "documents_incomplete";
  o.notice_message = "Faltan documentos: croquis de ubicación";
  return o;
}

TEST(AnswerCodec, TheOutcomeIsWrittenAsBefore) {
  EXPECT_EQ(
      OutcomeJson(SampleOutcome()),
      R"({"firstPosition":41,"lastPosition":43,"duplicate":false,"caseId":"TRM-2026-000007",)"
      R"("issuedOrders":["ORT-2026-000001"],"subscriberNumber":"",)"
      R"("streams":["case-TRM-2026-000007","order-ORT-2026-000001","client-5566778"],)"
      R"("notice":{"code":"documents_incomplete","message":"Faltan documentos: croquis de ubicación"}})");
  EXPECT_EQ(OutcomeJson(CommandOutcome{}),
            R"({"firstPosition":0,"lastPosition":0,"duplicate":false,"caseId":"",)"
            R"("issuedOrders":[],"subscriberNumber":"","streams":[]})");
}

TEST(AnswerCodec, TheOutcomeComesBackAsItWent) {
  const CommandOutcome sent = SampleOutcome();
  auto read = OutcomeFromJson(OutcomeJson(sent));
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->first_position, sent.first_position);
  EXPECT_EQ(read->last_position, sent.last_position);
  EXPECT_EQ(read->case_id, sent.case_id);
  EXPECT_EQ(read->issued_orders, sent.issued_orders);
  EXPECT_EQ(read->streams, sent.streams);
  EXPECT_EQ(read->notice_code, sent.notice_code);
  EXPECT_EQ(read->notice_message, sent.notice_message);
}

TEST(AnswerCodec, PositionsBeyondTwoToThe53AreStringsBothWays) {
  CommandOutcome big;
  big.first_position = (uint64_t{1} << 60) + 1;
  big.last_position = uint64_t{1} << 53;
  const std::string json = OutcomeJson(big);
  EXPECT_NE(json.find(R"("firstPosition":"1152921504606846977")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("lastPosition":9007199254740992,)"), std::string::npos) << json;
  auto read = OutcomeFromJson(json);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->first_position, big.first_position);
  EXPECT_EQ(read->last_position, big.last_position);
}

TEST(AnswerCodec, AnAnswerThatLacksARequiredMemberIsRefused) {
  EXPECT_EQ(CodeOf(OutcomeFromJson(R"({"firstPosition":1})")), "bad_json");
  EXPECT_EQ(CodeOf(OutcomeFromJson("[]")), "bad_json");
  EXPECT_EQ(CodeOf(OutcomeFromJson("not json")), "bad_json");
  EXPECT_EQ(CodeOf(OutcomeFromJson(
                R"({"firstPosition":-1,"lastPosition":1,"duplicate":false,)"
                R"("caseId":"","issuedOrders":[],"subscriberNumber":"","streams":[]})")),
            "bad_json");
  // A member this build does not know (a newer server) is ignored; "notice" is optional.
  auto read =
      OutcomeFromJson(R"({"firstPosition":"5","lastPosition":6,"duplicate":true,"caseId":"",)"
                      R"("issuedOrders":[],"subscriberNumber":"S-1","streams":[],"later":7})");
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->first_position, 5u);
  EXPECT_TRUE(read->duplicate);
  EXPECT_EQ(read->subscriber_number, "S-1");
  EXPECT_EQ(CodeOf(OutcomeFromJson(
                R"({"firstPosition":1,"lastPosition":1,"duplicate":false,"caseId":"",)"
                R"("issuedOrders":[],"subscriberNumber":"","streams":[],"notice":{"code":"x"}})")),
            "bad_json");
}

TEST(AnswerCodec, TheErrorCarriesItsRowsRetryableAndComesBack) {
  const Error error = MakeError(Code::kBadJson, "¿JSON? \"no\"");
  const ErrorCodeInfo* row = FindErrorCode("bad_json");
  ASSERT_NE(row, nullptr);
  EXPECT_EQ(ErrorJson(error),
            std::string(R"({"error":{"kind":"invalid_argument","code":"bad_json",)") +
                R"("message":"¿JSON? \"no\"","retryable":)" + (row->retryable ? "true" : "false") +
                "}}");
  auto read = ErrorFromJson(ErrorJson(error));
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(read->code, "bad_json");
  EXPECT_EQ(read->message, error.message);
  EXPECT_FALSE(ErrorFromJson(R"({"error":{"code":"x"}})").has_value());
}

TEST(AnswerCodec, TheBackupResultComesBackAndItsHashesAre32Bytes) {
  BackupInfo info;
  info.head.position = 668;
  info.head.hash.fill(0xab);
  info.root.fill(0x01);
  const std::string json = BackupInfoJson(info,
                                          "/respaldos/d\xc3\xad"
                                          "a-1");
  EXPECT_EQ(json, R"({"out":"/respaldos/día-1","position":668,"hash":")" + ToHex(info.head.hash) +
                      R"(","root":")" + ToHex(info.root) + R"("})");
  auto read = BackupInfoFromJson(json);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->head.position, 668u);
  EXPECT_EQ(read->head.hash, info.head.hash);
  EXPECT_EQ(read->root, info.root);
  EXPECT_EQ(CodeOf(BackupInfoFromJson(R"({"out":"/x","position":1,"hash":"abab","root":"0101"})")),
            "bad_json");
  EXPECT_EQ(CodeOf(BackupInfoFromJson(R"({"out":"/x","position":1,"hash":")" + ToHex(info.root) +
                                      R"("})")),
            "bad_json");
}

}  // namespace
}  // namespace bitacora::app
