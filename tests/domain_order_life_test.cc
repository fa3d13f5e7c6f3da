// 8.5 the life of an order (issue #15): verifying a day's returned orders in one command, and the
// reconnection OIT that goes to the field with the OC (8.2 step 9) and comes back with it (8.5
// step 1), to the daily control and ODECO like any returned order.
#include <algorithm>

#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::FieldOutcome;
using domain::OrderStatus;

constexpr const char* kCi = "7788990";
constexpr const char* kOtherCi = "7788991";

class OrderLife : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  // 8.2 up to the processed OIT: a connected subscriber of `kCi`, cut, and a reconnection case.
  struct Reconnection {
    std::string case_id, subscriber, oit;
  };
  Reconnection ProcessedReconnection() {
    auto run = ConnectedSubscriber(ledger_, kCi);
    CutService(ledger_, kCi, run.subscriber);
    Reconnection r;
    r.subscriber = run.subscriber;
    r.case_id =
        Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber)))
            .case_id;
    r.oit =
        OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, r.case_id))));
    ledger_.Advance(10 * kMinute + kSecond);
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, r.case_id)));
    return r;
  }

  Fill HandCase(const std::string& case_id, const std::string& order = "") {
    return [=](C::Builder c) {
      auto p = c.initHandOrderToTechnician();
      p.setCaseId(case_id);
      p.setOrderNumber(order);
      p.setTechnician(scenarios::kFieldTechnician);
    };
  }

  MemoryLedger ledger_;
};

std::vector<std::string> OrderStreams(const std::vector<std::string>& orders) {
  std::vector<std::string> out;
  for (const auto& o : orders) out.push_back(domain::OrderStream(o));
  return out;
}

// ---- 8.5 step 2 on a busy day: a list, all or none ----

TEST_F(OrderLife, PlatformVerifiesTheDaysReturnedOrdersInOneCommand) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto second =
      RunNewConnection(ledger_, kOtherCi, Stage::kVisit, MeterOwnership::BOUGHT, "MED-0002");
  auto out =
      Ok(ledger_.Run(Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {first.ort, second.ort})));
  // Each order's outcome: one orderVerified on each order's stream, in the list's order.
  EXPECT_EQ(out.streams, OrderStreams({first.ort, second.ort}));
  EXPECT_EQ(ledger_.Order(first.ort).status, OrderStatus::kVerified);
  EXPECT_EQ(ledger_.Order(second.ort).status, OrderStatus::kVerified);
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {first.ort, second.ort})));
}

TEST_F(OrderLife, AnOrderListedTwiceIsVerifiedOnce) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto out =
      Ok(ledger_.Run(Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {first.ort, first.ort})));
  EXPECT_EQ(out.streams, OrderStreams({first.ort}));
}

TEST_F(OrderLife, OneOrderNotReturnedRefusesTheWholeListNamingIt) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto second =
      RunNewConnection(ledger_, kOtherCi, Stage::kOrt, MeterOwnership::BOUGHT, "MED-0002");
  const uint64_t head = ledger_.HeadPosition();
  auto refused =
      ledger_.Run(Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {first.ort, second.ort}));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "order_not_returned");
  EXPECT_NE(refused.error().message.find(second.ort), std::string::npos) << refused.error().message;
  EXPECT_EQ(ledger_.HeadPosition(), head);
  EXPECT_EQ(ledger_.Order(first.ort).status,
            OrderStatus::kReturned);  // atomic: not verified either
}

TEST_F(OrderLife, AnOrderAlreadyVerifiedRefusesTheWholeListNamingIt) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto second =
      RunNewConnection(ledger_, kOtherCi, Stage::kVisit, MeterOwnership::BOUGHT, "MED-0002");
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, first.ort)));
  auto refused =
      ledger_.Run(Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {second.ort, first.ort}));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "order_not_returned");
  EXPECT_NE(refused.error().message.find(first.ort), std::string::npos) << refused.error().message;
  EXPECT_EQ(ledger_.Order(second.ort).status, OrderStatus::kReturned);
}

TEST_F(OrderLife, AnOrderThatDoesNotExistRefusesTheWholeListNamingIt) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto refused = ledger_.Run(Role::PLATFORM,
                             OrderList(C::VERIFY_RETURNED_ORDER, {first.ort, "OIT-2026-000099"}));
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, "order_not_found");
  EXPECT_NE(refused.error().message.find("OIT-2026-000099"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(ledger_.Order(first.ort).status, OrderStatus::kReturned);
}

TEST_F(OrderLife, VerificationWithoutAnyOrderIsRefused) {
  EXPECT_REFUSED(
      ledger_, Role::PLATFORM, [](C::Builder c) { c.initVerifyReturnedOrder(); }, "field_required");
}

TEST_F(OrderLife, TheSingleOrderAndTheListAreVerifiedTogether) {
  auto first = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto second =
      RunNewConnection(ledger_, kOtherCi, Stage::kVisit, MeterOwnership::BOUGHT, "MED-0002");
  auto out = Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder c) {
    auto p = c.initVerifyReturnedOrder();
    p.setOrderNumber(first.ort);
    p.initOrderNumbers(1).set(0, second.ort);
  }));
  EXPECT_EQ(out.streams, OrderStreams({first.ort, second.ort}));
}

// ---- 8.2 step 9 and 8.5 step 1: the reconnection OIT goes to the field and comes back ----

TEST_F(OrderLife, ProcessedReconnectionOitStaysWithTheDeskUntilHandedOver) {
  auto r = ProcessedReconnection();
  auto oit = ledger_.Order(r.oit);
  EXPECT_EQ(oit.status, OrderStatus::kIssued);
  EXPECT_TRUE(oit.reconnection_processed);
  // Processed at the desk, it is not returned from the field as an inspection result.
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordInspection(r.oit, true), "order_not_outstanding");
}

TEST_F(OrderLife, FullReconnectionEndsWithItsOitInTheDailyControlAndAtOdeco) {
  auto r = ProcessedReconnection();
  auto oc =
      OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id))));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PREPARE_CONTRACT, r.case_id)));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CONTRACT_SIGNED, r.case_id)));
  // 8.2 step 9: "entregar al técnico todas las órdenes servicio emitidas": the OC and the OIT.
  Ok(ledger_.Run(Role::PLATFORM, HandOver(r.case_id)));
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kHandedOver);
  EXPECT_EQ(ledger_.Order(oc).status, OrderStatus::kHandedOver);
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ASSEMBLE_FOLDER, r.case_id)));
  // 8.5 step 1: the technician returns every order after the visit; the OIT comes back with the OC.
  auto energized = Ok(ledger_.Run(Role::TECHNICIAN, RecordEnergization(oc, "MED-0001")));
  auto oit = ledger_.Order(r.oit);
  EXPECT_EQ(oit.status, OrderStatus::kReturned);
  EXPECT_EQ(oit.outcome, FieldOutcome::kExecuted);
  EXPECT_TRUE(oit.satisfactory);
  EXPECT_EQ(
      std::count(energized.streams.begin(), energized.streams.end(), domain::OrderStream(r.oit)),
      1);
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::COMPLETE_CASE, r.case_id)));
  // 8.5 steps 2-6: verified, registered in the daily control, sent to ODECO and processed there.
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {r.oit, oc})));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.oit, oc})));
  EXPECT_FALSE(ledger_.Order(r.oit).control_date.empty());
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit, oc})));
  Ok(ledger_.Run(Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {r.oit, oc})));
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kProcessedByOdeco);
  EXPECT_EQ(ledger_.Order(oc).status, OrderStatus::kProcessedByOdeco);
}

TEST_F(OrderLife, HandingOverByCaseHandsEveryOrderStillWithTheDesk) {
  auto r = ProcessedReconnection();
  auto oc =
      OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id))));
  auto out = Ok(ledger_.Run(Role::PLATFORM, HandCase(r.case_id)));
  EXPECT_EQ(out.streams, OrderStreams({r.oit, oc}));
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kHandedOver);
  EXPECT_EQ(ledger_.Order(oc).status, OrderStatus::kHandedOver);
  // Nothing is left with the desk now.
  EXPECT_REFUSED(ledger_, Role::PLATFORM, HandCase(r.case_id), "no_order_to_hand_over");
}

TEST_F(OrderLife, HandingOverAnOrderOfAnotherCaseIsRefused) {
  auto r = ProcessedReconnection();
  auto other = RunNewConnection(ledger_, kOtherCi, Stage::kOrt, MeterOwnership::BOUGHT, "MED-0002");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, HandCase(r.case_id, other.ort), "order_not_in_case");
  Ok(ledger_.Run(Role::PLATFORM, HandCase(r.case_id, r.oit)));  // its own order: handed
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kHandedOver);
}

TEST_F(OrderLife, HandingOverWithoutOrderOrCaseIsRefused) {
  EXPECT_REFUSED(ledger_, Role::PLATFORM, HandCase(""), "field_required");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, HandCase("TRA-2026-000099"), "case_not_found");
}

TEST_F(OrderLife, WithdrawnReconnectionReturnsItsProcessedOit) {
  auto r = ProcessedReconnection();
  Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder c) {
    auto p = c.initWithdrawCase();
    p.setCaseId(r.case_id);
    p.setReason("El socio desiste");
  }));
  // Executed at the desk, it cannot be annulled: it comes back and goes on to the daily control.
  EXPECT_EQ(ledger_.Order(r.oit).status, OrderStatus::kReturned);
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {r.oit})));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.oit})));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit})));
}

}  // namespace
}  // namespace bitacora::testing
