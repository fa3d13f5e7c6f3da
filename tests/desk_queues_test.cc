// The desk's queues (#15): each order enters its queue and leaves it when someone acts.
#include "app/queues.h"
#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
namespace connection = scenarios::connection;

class DeskQueues : public ProjectionTest {
 protected:
  // The order numbers in queue `name` (actor and date as given); fails the test on an error.
  std::vector<std::string> Queue(const std::string& name, const std::string& actor = "",
                                 const std::string& date = "") {
    auto kind = app::QueueKindOf(name);
    EXPECT_TRUE(kind.has_value()) << name;
    if (!kind) return {};
    auto answer = app::QueueQuery(Views(), *kind, actor, date);
    EXPECT_TRUE(answer.has_value()) << answer.error().ToString();
    if (!answer) return {};
    std::vector<std::string> numbers;
    auto q = answer->reader().as<schema::QueueAnswer>();
    EXPECT_EQ(q.getQueue().cStr(), name);
    for (auto e : q.getEntries()) {
      numbers.emplace_back(e.getOrderNumber().cStr());
      last_ = {e.getActor().cStr(), e.getCaseId().cStr(), e.getSince().cStr(),
               e.getTotalCentavos()};
    }
    return numbers;
  }
  struct Last {
    std::string actor, case_id, since;
    int64_t total = 0;
  } last_;
  using V = std::vector<std::string>;
};

TEST_F(DeskQueues, AnOrderHandedToATechnicianWaitsWithHimUntilReturned) {
  ConnectionRun c = RunNewConnection(ledger_, "1112223", Stage::kOrt);
  EXPECT_EQ(Queue("with-technicians"), V{});  // issued, not handed over yet
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, c.ort)));
  EXPECT_EQ(Queue("with-technicians"), V{c.ort});
  EXPECT_EQ(last_.actor, "tec-ramos");
  EXPECT_EQ(last_.case_id, c.case_id);
  EXPECT_EQ(Queue("with-technicians", "tec-ramos"), V{c.ort});
  EXPECT_EQ(Queue("with-technicians", "tec-flores"), V{});
  Ok(connection::RecordVisit(ledger_, c));
  EXPECT_EQ(Queue("with-technicians"), V{});
}

TEST_F(DeskQueues, AQuoteAwaitsPaymentAndItsOemAwaitsTheWarehouse) {
  ConnectionRun c = RunNewConnection(ledger_, "1112223", Stage::kQuote);
  EXPECT_EQ(Queue("awaiting-payment"), V{c.cot});
  EXPECT_EQ(last_.total, c.payment_centavos);
  EXPECT_EQ(last_.actor, ledger_.ActorOf(Role::PLATFORM));
  EXPECT_EQ(Queue("awaiting-payment", "someone-else"), V{});
  EXPECT_EQ(Queue("awaiting-delivery"), V{});
  Ok(connection::Pay(ledger_, c));
  EXPECT_EQ(Queue("awaiting-payment"), V{});
  EXPECT_EQ(Queue("awaiting-delivery"), V{c.oem});
  EXPECT_EQ(last_.actor, ledger_.ActorOf(Role::CASHIER));
  Ok(connection::DeliverMaterials(ledger_, c));
  EXPECT_EQ(Queue("awaiting-delivery"), V{});
}

TEST_F(DeskQueues, AnAnnulledQuoteLeavesThePaymentQueue) {
  ConnectionRun c = RunNewConnection(ledger_, "1112223", Stage::kQuote);
  Ok(ledger_.Run(Role::PLATFORM, AnnulOrder(c.cot, "Precio mal copiado")));
  EXPECT_EQ(Queue("awaiting-payment"), V{});
}

TEST_F(DeskQueues, ALentMeterAwaitsItsDeliveryOrder) {
  ConnectionRun c =
      RunNewConnection(ledger_, "1112223", Stage::kMeter, MeterOwnership::LENT, "COOP-9");
  ASSERT_FALSE(c.oemd.empty());
  EXPECT_EQ(Queue("awaiting-delivery"), V{c.oemd});
  Ok(connection::DeliverMeter(ledger_, c));
  EXPECT_EQ(Queue("awaiting-delivery"), V{});
}

TEST_F(DeskQueues, AReturnedOrderAwaitsVerificationOnTheDayItCameBack) {
  ConnectionRun c = RunNewConnection(ledger_, "1112223", Stage::kVisit);  // 2026-11-18, La Paz
  EXPECT_EQ(Queue("awaiting-verification", "", "2026-11-18"), V{c.ort});
  EXPECT_EQ(last_.actor, ledger_.ActorOf(Role::TECHNICIAN));
  EXPECT_EQ(Queue("awaiting-verification", "", "2026-11-19"), V{});
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, c.ort)));
  EXPECT_EQ(Queue("awaiting-verification", "", "2026-11-18"), V{});
}

TEST_F(DeskQueues, AnOrderSentToOdecoWaitsUntilOdecoProcessesIt) {
  ConnectionRun c = RunNewConnection(ledger_, "1112223", Stage::kDelivered);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, c.oem)));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {c.oem})));
  EXPECT_EQ(Queue("odeco-pending"), V{});
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {c.oem})));
  EXPECT_EQ(Queue("odeco-pending"), V{c.oem});
  EXPECT_EQ(last_.actor, ledger_.ActorOf(Role::WAREHOUSE));
  Ok(ledger_.Run(Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {c.oem})));
  EXPECT_EQ(Queue("odeco-pending"), V{});
}

TEST_F(DeskQueues, BadQueueNamesAndDatesAreRefused) {
  EXPECT_FALSE(app::QueueKindOf("pending").has_value());
  ViewReader v = Views();
  auto no_date = app::QueueQuery(v, app::QueueKind::kAwaitingVerification, "", "");
  ASSERT_FALSE(no_date.has_value());
  EXPECT_EQ(no_date.error().code, "period_required");
  auto bad_date = app::QueueQuery(v, app::QueueKind::kAwaitingVerification, "", "18/11/2026");
  ASSERT_FALSE(bad_date.has_value());
  EXPECT_EQ(bad_date.error().code, "date_malformed");
  auto stray = app::QueueQuery(v, app::QueueKind::kAwaitingPayment, "", "2026-11-18");
  ASSERT_FALSE(stray.has_value());
  EXPECT_EQ(stray.error().code, "bad_parameter");
}

TEST(DeskQueueRoles, EachQueueIsReadByWhoWorksIt) {
  using app::QueueKind;
  using app::RoleMayReadQueue;
  for (QueueKind k :
       {QueueKind::kWithTechnicians, QueueKind::kAwaitingPayment, QueueKind::kAwaitingDelivery,
        QueueKind::kAwaitingVerification, QueueKind::kOdecoPending}) {
    EXPECT_TRUE(RoleMayReadQueue(k, Role::PLATFORM));
    EXPECT_TRUE(RoleMayReadQueue(k, Role::SUPERVISOR));
    EXPECT_TRUE(RoleMayReadQueue(k, Role::AUDITOR));
    EXPECT_FALSE(RoleMayReadQueue(k, Role::CPD));
  }
  EXPECT_TRUE(RoleMayReadQueue(QueueKind::kWithTechnicians, Role::TECHNICIAN));
  EXPECT_FALSE(RoleMayReadQueue(QueueKind::kWithTechnicians, Role::CASHIER));
  EXPECT_TRUE(RoleMayReadQueue(QueueKind::kAwaitingPayment, Role::CASHIER));
  EXPECT_FALSE(RoleMayReadQueue(QueueKind::kAwaitingPayment, Role::WAREHOUSE));
  EXPECT_TRUE(RoleMayReadQueue(QueueKind::kAwaitingDelivery, Role::WAREHOUSE));
  EXPECT_FALSE(RoleMayReadQueue(QueueKind::kAwaitingDelivery, Role::TECHNICIAN));
  EXPECT_FALSE(RoleMayReadQueue(QueueKind::kAwaitingVerification, Role::TECHNICIAN));
  EXPECT_TRUE(RoleMayReadQueue(QueueKind::kOdecoPending, Role::ODECO));
  EXPECT_FALSE(RoleMayReadQueue(QueueKind::kOdecoPending, Role::CASHIER));
}

}  // namespace
}  // namespace bitacora::testing
