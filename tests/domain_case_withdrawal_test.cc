// Cases that do not complete (issue #15): the desk withdraws a case (withdrawCase), which annuls
// its orders not executed and releases the subscriber, until the field has changed the service;
// the ORT of a case that does not complete goes to the archive or to ODECO (8.1 step 4).
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::OrderStatus;

constexpr const char* kCi = "7788990";

Fill Withdraw(const std::string& case_id, const std::string& reason) {
  return [=](C::Builder c) {
    auto p = c.initWithdrawCase();
    p.setCaseId(case_id);
    p.setReason(reason);
  };
}

class Withdrawal : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  // Returned, verified and registered in today's daily control.
  void VerifyAndRegister(const std::string& order) {
    Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, order)));
    Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {order})));
  }

  MemoryLedger ledger_;
};

TEST_F(Withdrawal, ClientWhoNeverPaysTheQuoteHasTheCaseWithdrawnAndItsQuoteAnnulled) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kQuote);
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(run.case_id, "el cliente no volvió tras la cotización")));
  auto kase = ledger_.Case(run.case_id);
  EXPECT_TRUE(kase.closed);
  EXPECT_TRUE(kase.withdrawn);
  EXPECT_EQ(kase.withdrawal_reason, "el cliente no volvió tras la cotización");
  EXPECT_EQ(ledger_.Order(run.cot).status, OrderStatus::kAnnulled);
  // The visited ORT is not annulled: it is left for the archive or ODECO.
  EXPECT_EQ(ledger_.Order(run.ort).status, OrderStatus::kReturned);
  EXPECT_TRUE(ledger_.Order(run.ort).case_unfinished);
  // A withdrawn case takes no more steps.
  EXPECT_REFUSED(ledger_, Role::CASHIER, RecordPayment(run.case_id, 100), "case_closed");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Withdraw(run.case_id, "otra vez"), "case_closed");
}

TEST_F(Withdrawal, SupervisorWithdrawsACaseWhoseOrtIsStillInTheFieldAndTheOrtIsAnnulled) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kOrt);
  Ok(ledger_.Run(Role::SUPERVISOR, Withdraw(run.case_id, "desiste")));
  auto ort = ledger_.Order(run.ort);
  EXPECT_EQ(ort.status, OrderStatus::kAnnulled);
  EXPECT_NE(ort.annul_reason.find("desistido"), std::string::npos);
}

TEST_F(Withdrawal, WithdrawingAfterTheInspectionRetiresTheSubscriberNumberNeverConnected) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kInspectionOrdered);
  ASSERT_FALSE(run.subscriber.empty());
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(run.case_id, "desiste")));
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).status, SubscriberStatus::RETIRED);
  EXPECT_EQ(ledger_.Order(run.oit).status, OrderStatus::kAnnulled);
  // The paid quote and the delivered materials stay as executed; they are not annulled.
  EXPECT_NE(ledger_.Order(run.cot).status, OrderStatus::kAnnulled);
  EXPECT_NE(ledger_.Order(run.oem).status, OrderStatus::kAnnulled);
}

TEST_F(Withdrawal, ClientWhoDeclinesTheCutHasTheCaseWithdrawnAndMayOpenAnotherLater) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  const std::string case_id =
      Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, run.subscriber))).case_id;
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CUT_CONDITIONS_EXPLAINED, case_id)));
  // Without a withdrawal the subscriber stays blocked.
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, run.subscriber),
                 "service_case_already_open");
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(case_id, "8.3 paso 3: el socio no confirma")));
  EXPECT_TRUE(ledger_.Subscriber(run.subscriber).open_service_case.empty());
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).status, SubscriberStatus::NORMAL);
  Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, run.subscriber)));
}

TEST_F(Withdrawal, WithdrawingACutWithItsOrderHandedOverAnnulsTheOrder) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  const std::string case_id =
      Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, run.subscriber))).case_id;
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CUT_CONDITIONS_EXPLAINED, case_id)));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CLIENT_CONFIRMATION, case_id)));
  auto ocs = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CUT_ORDER, case_id))));
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, ocs)));
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(case_id, "el socio pagó su deuda y desiste")));
  EXPECT_EQ(ledger_.Order(ocs).status, OrderStatus::kAnnulled);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, ByOrder(C::RECORD_CUT_EXECUTED, ocs), "order_annulled");
}

TEST_F(Withdrawal, CaseWhoseConnectionWasEnergizedCannotBeWithdrawn) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kEnergized);
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Withdraw(run.case_id, "desiste"),
                 "case_past_point_of_no_return");
}

TEST_F(Withdrawal, ExecutedCutClosesTheCaseSoItCannotBeWithdrawn) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  auto [case_id, ocs] = CutService(ledger_, kCi, run.subscriber);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Withdraw(case_id, "desiste"), "case_closed");
}

TEST_F(Withdrawal, WithdrawalWithoutReasonIsRefused) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kDocuments);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Withdraw(run.case_id, ""), "reason_required");
}

TEST_F(Withdrawal, WithdrawalOfAnUnknownCaseIsRefused) {
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Withdraw("TRA-2026-000099", "desiste"), "case_not_found");
}

TEST_F(Withdrawal, OnlyPlatformOrSupervisorWithdrawsACase) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kDocuments);
  for (Role role : {Role::TECHNICIAN, Role::CASHIER, Role::WAREHOUSE, Role::ODECO, Role::CPD,
                    Role::AUDITOR}) {
    EXPECT_REFUSED(ledger_, role, Withdraw(run.case_id, "desiste"), "not_allowed_for_role");
  }
}

// ---- The ORT of a case that does not complete: archive or ODECO (8.1 step 4) ----

TEST_F(Withdrawal, OrtOfAWithdrawnCaseIsArchived) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kQuote);
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(run.case_id, "desiste")));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, run.ort), "order_not_registered");
  VerifyAndRegister(run.ort);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, run.ort)));
  EXPECT_EQ(ledger_.Order(run.ort).status, OrderStatus::kArchived);
}

TEST_F(Withdrawal, OrtOfAWithdrawnCaseIsSentToOdecoAndProcessed) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kQuote);
  Ok(ledger_.Run(Role::PLATFORM, Withdraw(run.case_id, "desiste")));
  VerifyAndRegister(run.ort);
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {run.ort})));
  EXPECT_EQ(ledger_.Order(run.ort).status, OrderStatus::kAtOdeco);
  Ok(ledger_.Run(Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {run.ort})));
  EXPECT_EQ(ledger_.Order(run.ort).status, OrderStatus::kProcessedByOdeco);
}

TEST_F(Withdrawal, OrtOfANonViableCaseIsArchived) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, DecideViability(run.case_id, false, "acometida fuera de norma")));
  EXPECT_TRUE(ledger_.Order(run.ort).case_unfinished);
  VerifyAndRegister(run.ort);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, run.ort)));
  EXPECT_EQ(ledger_.Order(run.ort).status, OrderStatus::kArchived);
}

TEST_F(Withdrawal, OrtOfANonViableCaseIsSentToOdeco) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, DecideViability(run.case_id, false, "acometida fuera de norma")));
  VerifyAndRegister(run.ort);
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {run.ort})));
  EXPECT_EQ(ledger_.Order(run.ort).status, OrderStatus::kAtOdeco);
}

TEST_F(Withdrawal, OrtReturnedNotExecutedIsArchivedOrSentToOdeco) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kOrt);
  Ok(ledger_.Run(Role::TECHNICIAN, NotExecuted(first.ort, "domicilio cerrado")));
  VerifyAndRegister(first.ort);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, first.ort)));
  EXPECT_EQ(ledger_.Order(first.ort).status, OrderStatus::kArchived);

  auto second = RunNewConnection(ledger_, "7788991", Stage::kOrt);
  Ok(ledger_.Run(Role::TECHNICIAN, NotExecuted(second.ort, "domicilio cerrado")));
  VerifyAndRegister(second.ort);
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {second.ort})));
  EXPECT_EQ(ledger_.Order(second.ort).status, OrderStatus::kAtOdeco);
}

TEST_F(Withdrawal, OrtOfACompletedCaseStillGoesOnlyToTheArchive) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kCompleted);
  VerifyAndRegister(run.ort);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {run.ort}),
                 "ort_goes_to_archive");
}

TEST_F(Withdrawal, OrtOfAnOpenCaseIsNeitherArchivedNorSentToOdeco) {
  auto run = RunNewConnection(ledger_, kCi, Stage::kVisit);
  VerifyAndRegister(run.ort);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, run.ort), "order_not_processed");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {run.ort}),
                 "ort_goes_to_archive");
}

TEST_F(Withdrawal, WithdrawalThroughTheHandlerAppendsAndARefusalAppendsNothing) {
  StoreLedger store;
  SeedReference(store);
  auto run = RunNewConnection(store, kCi, Stage::kQuote);
  EXPECT_REFUSED(store, Role::PLATFORM, Withdraw(run.case_id, ""), "reason_required");
  Ok(store.Run(Role::PLATFORM, Withdraw(run.case_id, "desiste")));
  EXPECT_TRUE(store.Case(run.case_id).withdrawn);
  EXPECT_EQ(store.Order(run.cot).status, OrderStatus::kAnnulled);
}

}  // namespace
}  // namespace bitacora::testing
