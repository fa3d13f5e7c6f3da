// Cash (issue #15): the quote (COT) is paid at the cashier for its exact amount (8.1 step 6), so
// an overpayment is refused; the payment of a case that does not complete (withdrawn, or not
// viable at 8.1 step 10) is given back by the cashier (refundPayment), once and in full.
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;

constexpr int64_t kQuoteCentavos = 50585;  // the quote of the scenarios' default materials

Fill Refund(const std::string& case_id, const std::string& receipt, int64_t centavos,
            const std::string& reason = "el cliente desistió antes de la instalación") {
  return [=](C::Builder c) {
    auto p = c.initRefundPayment();
    p.setCaseId(case_id);
    p.setReceiptNumber(receipt);
    p.setAmountCentavos(centavos);
    p.setReason(reason);
  };
}

Fill Withdraw(const std::string& case_id) {
  return [=](C::Builder c) {
    auto p = c.initWithdrawCase();
    p.setCaseId(case_id);
    p.setReason("el cliente desiste");
  };
}

class CashRefund : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  // A case paid with receipt "R-1" for the whole quote, then withdrawn.
  ConnectionRun PaidThenWithdrawn(const std::string& ci) {
    auto run = RunNewConnection(ledger_, ci, Stage::kPaid);
    Ok(ledger_.Run(Role::PLATFORM, Withdraw(run.case_id)));
    return run;
  }

  MemoryLedger ledger_;
};

TEST_F(CashRefund, CashierRefusesAPaymentAboveTheQuoteAndTakesTheExactAmount) {
  auto run = RunNewConnection(ledger_, "1111111", Stage::kQuote);
  ASSERT_EQ(ledger_.Order(run.cot).total_centavos, kQuoteCentavos);
  const uint64_t head = ledger_.HeadPosition();
  auto over = ledger_.Run(Role::CASHIER, RecordPayment(run.case_id, kQuoteCentavos + 1500));
  ASSERT_FALSE(over.has_value());
  EXPECT_EQ(over.error().code, "payment_exceeds_quote");
  EXPECT_NE(over.error().message.find("monto exacto"), std::string::npos) << over.error().message;
  EXPECT_NE(over.error().message.find(run.cot), std::string::npos);
  EXPECT_EQ(ledger_.HeadPosition(), head);
  // Below the quote is still refused as before; the exact amount issues the OEM.
  EXPECT_REFUSED(ledger_, Role::CASHIER, RecordPayment(run.case_id, kQuoteCentavos - 1),
                 "payment_insufficient");
  auto paid = Ok(ledger_.Run(Role::CASHIER, RecordPayment(run.case_id, kQuoteCentavos)));
  EXPECT_EQ(ledger_.Order(OnlyOrder(paid)).total_centavos, kQuoteCentavos);
}

TEST_F(CashRefund, CashierGivesBackThePaymentOfAWithdrawnCaseOnce) {
  auto run = PaidThenWithdrawn("2222222");
  Ok(ledger_.Run(Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos)));
  EXPECT_EQ(ledger_.Case(run.case_id).refund_receipt, "R-1");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos),
                 "refund_already_made");
}

TEST_F(CashRefund, CashierGivesBackThePaymentOfACaseFoundNotViable) {
  auto run = RunNewConnection(ledger_, "3333333", Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, DecideViability(run.case_id, false)));
  ASSERT_TRUE(ledger_.Case(run.case_id).closed);
  Ok(ledger_.Run(Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos, "trámite no viable")));
  EXPECT_EQ(ledger_.Case(run.case_id).refund_receipt, "R-1");
}

TEST_F(CashRefund, NoRefundWhileTheCaseIsOpen) {
  auto run = RunNewConnection(ledger_, "4444444", Stage::kDelivered);
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos),
                 "refund_case_open");
}

TEST_F(CashRefund, NoRefundOfACaseThatCompleted) {
  auto run = RunNewConnection(ledger_, "5555555", Stage::kCompleted);
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos),
                 "refund_case_completed");
}

TEST_F(CashRefund, NoRefundWhenNothingWasPaid) {
  auto run = RunNewConnection(ledger_, "6666666", Stage::kQuote);
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(run.case_id)));
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos),
                 "refund_nothing_paid");
}

TEST_F(CashRefund, TheRefundIsOfThePaymentsReceiptAndWholeAmount) {
  auto run = PaidThenWithdrawn("7777777");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos - 100),
                 "refund_does_not_match_payment");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos + 100),
                 "refund_does_not_match_payment");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-9", kQuoteCentavos),
                 "refund_does_not_match_payment");
  EXPECT_EQ(ledger_.Case(run.case_id).refund_receipt, "");
}

TEST_F(CashRefund, ARefundNeedsTheReceiptAReasonTheCashierAndAKnownCase) {
  auto run = PaidThenWithdrawn("8888888");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "", kQuoteCentavos), "field_required");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund(run.case_id, "R-1", kQuoteCentavos, ""),
                 "reason_required");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Refund(run.case_id, "R-1", kQuoteCentavos),
                 "not_allowed_for_role");
  EXPECT_REFUSED(ledger_, Role::CASHIER, Refund("TRA-2026-999999", "R-1", kQuoteCentavos),
                 "case_not_found");
}

}  // namespace
}  // namespace bitacora::testing
