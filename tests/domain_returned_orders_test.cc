// 8.5 returned orders: return, verification or sending back, the daily control, archive (ORT) or
// ODECO, ODECO's daily processing, the monthly batch to CPD; orders not executed; annulment.
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::FieldOutcome;
using domain::OrderStatus;

constexpr const char* kCi = "6677889";

class ReturnedOrders : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }
  MemoryLedger ledger_;
};

TEST_F(ReturnedOrders, TechnicianReturnsOrderNotExecutedWithReasonAndOrtIsReissued) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, NotExecuted(r.ort, ""), "reason_required");
  Ok(ledger_.Run(Role::TECHNICIAN, NotExecuted(r.ort, "Domicilio cerrado")));
  auto ort = ledger_.Order(r.ort);
  EXPECT_EQ(ort.status, OrderStatus::kReturned);
  EXPECT_EQ(ort.outcome, FieldOutcome::kNotExecuted);
  EXPECT_EQ(ort.not_executed_reason, "Domicilio cerrado");
  // The case is back at step 3: a new ORT, the next number.
  auto second = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, r.case_id))));
  EXPECT_EQ(second, "ORT-2026-000002");
  Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(second, {{"CAB-6", 1}})));
}

TEST_F(ReturnedOrders, PlatformVerifiesReturnedOrder) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kVisit);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.ort)));
  EXPECT_EQ(ledger_.Order(r.ort).status, OrderStatus::kVerified);
}

TEST_F(ReturnedOrders, OrderNotYetReturnedCannotBeVerified) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.ort), "order_not_returned");
}

TEST_F(ReturnedOrders, WronglyFilledOrderIsSentBackWithReasonsAndReturnedAgain) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kVisit);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, [&](C::Builder c) { c.initSendBackOrder().setOrderNumber(r.ort); },
                 "reason_required");
  Ok(ledger_.Run(Role::PLATFORM, SendBack(r.ort, "Falta la firma del técnico")));
  EXPECT_EQ(ledger_.Order(r.ort).status, OrderStatus::kSentBack);
  // The case does not move back: the visit was done, only the form is corrected.
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_QUOTE, r.case_id)));
  Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(r.ort, {{"CAB-6", 30}, {"CAJ-1", 1}, {"TER-1", 1}})));
  EXPECT_EQ(ledger_.Order(r.ort).status, OrderStatus::kReturned);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.ort)));
}

TEST_F(ReturnedOrders, OrderReturnedTwiceIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kVisit);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordVisit(r.ort, {{"CAB-6", 1}}), "order_not_outstanding");
}

TEST_F(ReturnedOrders, DailyControlRegistersOnlyVerifiedOrders) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kDelivered);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.ort}), "order_not_verified");
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.ort)));
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.oem)));
  ledger_.Advance(14 * 3600 * kSecond);  // 2026-11-19 00:13 UTC is still the 18th in La Paz
  auto out = Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.ort, r.oem, r.ort})));
  EXPECT_EQ(out.streams.size(), 2u);
  EXPECT_EQ(ledger_.Order(r.ort).control_date, "2026-11-18");
  EXPECT_EQ(ledger_.Order(r.oem).status, OrderStatus::kRegistered);
}

TEST_F(ReturnedOrders, AnUnverifiedOrderSentToOdecoIsToldToBeVerifiedFirst) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspected);
  const uint64_t head = ledger_.HeadPosition();
  auto refused = ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit}));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "order_not_verified") << refused.error().ToString();
  EXPECT_NE(refused.error().message.find("primero debe verificarse"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find(r.oit), std::string::npos) << refused.error().message;
  EXPECT_EQ(ledger_.HeadPosition(), head);
}

TEST_F(ReturnedOrders, OnlyProcessedOrtsAreArchived) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspected);
  for (const std::string& n : {r.ort, r.oit}) {
    Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, n)));
  }
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.ort, r.oit})));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, r.oit), "only_ort_archived");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, r.ort), "order_not_processed");
}

TEST_F(ReturnedOrders, OtherOrdersGoToOdecoProcessedDailyAndSentToCpdMonthly) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.oit)));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit}), "order_not_registered");
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.oit})));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.ort}), "ort_goes_to_archive");
  EXPECT_REFUSED(ledger_, Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {r.oit}), "order_not_at_odeco");
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit})));
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kAtOdeco);
  EXPECT_REFUSED(ledger_, Role::ODECO, OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {r.oit}, "2026-11"),
                 "order_not_processed_by_odeco");
  Ok(ledger_.Run(Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {r.oit})));
  EXPECT_EQ(ledger_.Order(r.oit).odeco_processed_date, "2026-11-18");
  EXPECT_REFUSED(ledger_, Role::ODECO, OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {r.oit}, "2026-10"),
                 "order_not_in_batch_month");
  EXPECT_REFUSED(ledger_, Role::ODECO, OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {r.oit}, "nov-2026"),
                 "batch_month_malformed");
  EXPECT_REFUSED(ledger_, Role::CPD, OrderList(C::RECEIVE_CPD_BATCH, {r.oit}, "2026-11"), "order_not_sent_to_cpd");
  Ok(ledger_.Run(Role::ODECO, OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {r.oit}, "2026-11")));
  EXPECT_EQ(ledger_.Order(r.oit).cpd_month, "2026-11");
  Ok(ledger_.Run(Role::CPD, OrderList(C::RECEIVE_CPD_BATCH, {r.oit}, "2026-11")));
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kReceivedByCpd);
}

TEST_F(ReturnedOrders, OrderIsAnnulledBeforeExecutionWithReasonAndItsNumberStays) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, AnnulOrder(r.ort, ""), "reason_required");
  Ok(ledger_.Run(Role::PLATFORM, AnnulOrder(r.ort, "Impresa con la dirección equivocada")));
  auto ort = ledger_.Order(r.ort);
  EXPECT_EQ(ort.status, OrderStatus::kAnnulled);
  EXPECT_EQ(ort.annul_reason, "Impresa con la dirección equivocada");
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordVisit(r.ort, {{"CAB-6", 1}}), "order_annulled");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, AnnulOrder(r.ort, "otra vez"), "order_annulled");
  // The case issues a new ORT with the next number: 000001 stays used, annulled.
  auto second = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, r.case_id))));
  EXPECT_EQ(second, "ORT-2026-000002");
  EXPECT_TRUE(ledger_.Order(r.ort).exists);
}

TEST_F(ReturnedOrders, ExecutedOrderCannotBeAnnulled) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kPaid);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, AnnulOrder(r.ort, "error"), "order_already_executed");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, AnnulOrder(r.cot, "error"), "order_already_executed");  // paid
}

TEST_F(ReturnedOrders, AnnulledMeterDeliveryOrderIsIssuedAgainWithTheMeter) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kMeter, MeterOwnership::LENT, "COOP-4");
  Ok(ledger_.Run(Role::PLATFORM, AnnulOrder(r.oemd, "Almacén sin stock de ese modelo")));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id), "meter_not_registered");
  auto again = Ok(ledger_.Run(Role::PLATFORM, RegisterMeter(r.case_id, "COOP-4", MeterOwnership::LENT)));
  EXPECT_EQ(again.issued_orders, (std::vector<std::string>{"FRM-2026-000002", "OEMD-2026-000002"}));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id)));
}

TEST_F(ReturnedOrders, HandingAnOrderTwiceIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, r.ort)));
  EXPECT_EQ(ledger_.Order(r.ort).status, OrderStatus::kHandedOver);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, r.ort), "order_not_outstanding");
  Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(r.ort, {{"CAB-6", 1}})));  // returned from handed-over
}

TEST_F(ReturnedOrders, UnknownOrMalformedOrderNumbersAreNotFound) {
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, "ORT-2026-000099"), "order_not_found");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, "ORT-26-1"), "order_not_found");
}

TEST_F(ReturnedOrders, ReturningAnOrderOfAnotherTypeIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kQuote);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordInspection(r.ort, true), "wrong_order_type");
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, NotExecuted(r.cot, "no"), "wrong_order_type");
}

}  // namespace
}  // namespace bitacora::testing
