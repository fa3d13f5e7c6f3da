// The desk's common mistakes (scenarios/mistakes.h), each made where the manual's people make it:
// the ledger refuses it with its code and appends nothing, in memory and on a real store.
#include "scenarios/mistakes.h"
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using scenarios::Mistake;
namespace mistakes = scenarios::mistakes;

constexpr const char* kCi = "3100037 PT";

// Makes `m` on `ledger` and checks the refusal's code, its Spanish message and the unchanged log.
void ExpectRefused(Ledger& ledger, const Mistake& m) {
  const uint64_t head = ledger.HeadPosition();
  auto answer = ledger.Run(m.role, m.fill);
  ASSERT_FALSE(answer.has_value()) << m.name << " was recorded";
  EXPECT_TRUE(answer.error().Is(m.expected)) << m.name << ": " << answer.error().ToString();
  EXPECT_FALSE(answer.error().message.empty()) << m.name;
  EXPECT_EQ(ledger.HeadPosition(), head) << m.name << " appended events";
}

class DeskMistakes : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }
  MemoryLedger ledger_;
};

TEST_F(DeskMistakes, AClerkTypesALetterInTheCiNumberAtStepTwo) {
  auto c = RunNewConnection(ledger_, kCi, Stage::kOpened);
  ExpectRefused(ledger_, mistakes::CiWithLetter(c));
}

TEST_F(DeskMistakes, TheCashierCannotOpenACase) {
  auto c = RunNewConnection(ledger_, kCi, Stage::kOpened);
  ExpectRefused(ledger_, mistakes::CashierOpensCase(c));
}

TEST_F(DeskMistakes, TheCashierTakesLessThanTheQuoteAtStepSeven) {
  auto c = RunNewConnection(ledger_, kCi, Stage::kQuote);
  ExpectRefused(ledger_, mistakes::ShortPayment(c));
  // The right amount then goes through: the mistake changed nothing.
  EXPECT_TRUE(scenarios::connection::Pay(ledger_, c).has_value());
}

TEST_F(DeskMistakes, TheInspectionCannotBeOrderedBeforeTheInstallationIsReported) {
  auto c = RunNewConnection(ledger_, kCi, Stage::kDelivered);
  ExpectRefused(ledger_, mistakes::InspectionBeforeInstallation(c));
}

TEST_F(DeskMistakes, AnOrderIsNotAnnulledWithoutAReason) {
  auto c = RunNewConnection(ledger_, kCi, Stage::kInspectionOrdered);
  ExpectRefused(ledger_, mistakes::AnnulWithoutReason(c.oit));
}

TEST_F(DeskMistakes, EveryMistakeOfEveryStageIsRefusedAndTheWalkGoesOn) {
  scenarios::Connection c;
  c.ci = kCi;
  size_t made = 0;
  Stage from = Stage::kOpened;
  for (Stage stage : {Stage::kOpened, Stage::kQuote, Stage::kDelivered, Stage::kInspectionOrdered,
                      Stage::kCompleted}) {
    Status walked = scenarios::connection::Walk(ledger_, c, stage, from);
    ASSERT_TRUE(walked.has_value()) << walked.error().ToString();
    for (const Mistake& m : mistakes::At(c, stage)) {
      Status refused = mistakes::Make(ledger_, m);
      EXPECT_TRUE(refused.has_value()) << refused.error().ToString();
      ++made;
    }
    from = static_cast<Stage>(static_cast<int>(stage) + 1);
  }
  EXPECT_EQ(made, 2u * 5u + 3u);
  EXPECT_TRUE(ledger_.Case(c.case_id).closed);
}

TEST_F(DeskMistakes, MakeSaysWhenTheDeskRecordedWhatShouldHaveBeenRefused) {
  auto c = RunNewConnection(ledger_, kCi, Stage::kQuote);
  Mistake wrong = mistakes::ShortPayment(c);
  wrong.fill = scenarios::cmd::RecordPayment(c.case_id, c.payment_centavos, c.receipt);  // right
  Status made = mistakes::Make(ledger_, wrong);
  ASSERT_FALSE(made.has_value());
  EXPECT_TRUE(made.error().Is(Code::kScenarioDiverged));
  EXPECT_NE(made.error().message.find("recorded"), std::string::npos);
}

TEST(DeskMistakesOnAStore, AreRefusedByTheHandlerWithNothingAppended) {
  StoreLedger ledger;
  SeedReference(ledger);
  auto c = RunNewConnection(ledger, kCi, Stage::kQuote);
  for (const Mistake& m : mistakes::At(c, Stage::kQuote)) ExpectRefused(ledger, m);
}

}  // namespace
}  // namespace bitacora::testing
