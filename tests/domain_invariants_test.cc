// "Invariants an auditor will test" (docs/domain.md §8), each violated once, both decided in memory
// and through the CommandHandler on a real store (where the head position must not move).
#include <memory>

#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;

constexpr const char* kCi = "7788990";

class Invariants : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (GetParam()) {
      ledger_ = std::make_unique<StoreLedger>();
    } else {
      ledger_ = std::make_unique<MemoryLedger>();
    }
    SeedReference(*ledger_);
  }
  Ledger& l() { return *ledger_; }
  std::unique_ptr<Ledger> ledger_;
};

TEST_P(Invariants, NoMaterialsWithoutPaymentCoveringTheQuote) {
  auto r = RunNewConnection(l(), kCi, Stage::kQuote);
  EXPECT_REFUSED(l(), Role::CASHIER, RecordPayment(r.case_id, 50584), "payment_insufficient");
  EXPECT_REFUSED(l(), Role::WAREHOUSE, RecordDelivery(r.cot, {{"CAB-6", 1}}), "wrong_order_type");
}

TEST_P(Invariants, DeliveredQuantitiesNeverExceedQuoted) {
  auto r = RunNewConnection(l(), kCi, Stage::kPaid);
  EXPECT_REFUSED(l(), Role::WAREHOUSE, RecordDelivery(r.oem, {{"CAB-6", 31}}), "delivery_exceeds_quote");
  EXPECT_REFUSED(l(), Role::WAREHOUSE, RecordDelivery(r.oem, {{"POSTE-9", 1}}), "delivery_exceeds_quote");
}

TEST_P(Invariants, NoConnectionOrderWithoutSatisfactoryInspection) {
  auto r = RunNewConnection(l(), kCi, Stage::kInspectionOrdered);
  Ok(l().Run(Role::TECHNICIAN, RecordInspection(r.oit, false)));
  EXPECT_REFUSED(l(), Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id), "inspection_not_satisfactory");
}

TEST_P(Invariants, NoConnectionOrderWithoutViableDecision) {
  auto r = RunNewConnection(l(), kCi, Stage::kInspected);
  EXPECT_REFUSED(l(), Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id), "viability_not_decided");
}

TEST_P(Invariants, NoConnectionOrderWithoutRegisteredMeter) {
  auto r = RunNewConnection(l(), kCi, Stage::kViable);
  EXPECT_REFUSED(l(), Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id), "meter_not_registered");
}

TEST_P(Invariants, ReconnectionOnlyForCutService) {
  auto r = ConnectedSubscriber(l(), kCi);
  EXPECT_REFUSED(l(), Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, r.subscriber), "subscriber_not_cut");
}

TEST_P(Invariants, OneOpenCutOrReconnectionPerSubscriber) {
  auto r = ConnectedSubscriber(l(), kCi);
  Ok(l().Run(Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, r.subscriber)));
  EXPECT_REFUSED(l(), Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, r.subscriber), "service_case_already_open");
}

TEST_P(Invariants, MeterInstalledAtOneSubscriberAtATime) {
  ConnectedSubscriber(l(), kCi, MeterOwnership::LENT, "COOP-3");
  auto other = RunNewConnection(l(), "1231231", Stage::kViable);
  EXPECT_REFUSED(l(), Role::PLATFORM, RegisterMeter(other.case_id, "COOP-3", MeterOwnership::LENT),
                 "meter_installed_elsewhere");
}

TEST_P(Invariants, CaseCannotSkipAStep) {
  auto r = RunNewConnection(l(), kCi, Stage::kVisit);
  EXPECT_REFUSED(l(), Role::CASHIER, RecordPayment(r.case_id, 100000), "step_not_allowed");
}

TEST_P(Invariants, ClosedCaseTakesNoFurtherSteps) {
  auto r = RunNewConnection(l(), kCi, Stage::kInspectionOrdered);
  Ok(l().Run(Role::TECHNICIAN, RecordInspection(r.oit, false)));
  Ok(l().Run(Role::PLATFORM, DecideViability(r.case_id, false)));
  EXPECT_REFUSED(l(), Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, r.case_id), "case_closed");
  EXPECT_REFUSED(l(), Role::PLATFORM, DecideViability(r.case_id, true), "case_closed");
}

TEST_P(Invariants, OrderNumbersHaveNoGapsAndAnnulledNumbersStay) {
  auto a = RunNewConnection(l(), kCi, Stage::kOrt);
  auto b = RunNewConnection(l(), "2342342", Stage::kOrt);
  Ok(l().Run(Role::PLATFORM, AnnulOrder(a.ort, "Duplicada")));
  auto c = RunNewConnection(l(), "3453453", Stage::kOrt);
  EXPECT_EQ(a.ort, "ORT-2026-000001");
  EXPECT_EQ(b.ort, "ORT-2026-000002");
  EXPECT_EQ(c.ort, "ORT-2026-000003");
  EXPECT_EQ(l().Order(a.ort).status, domain::OrderStatus::kAnnulled);
  EXPECT_EQ(l().Order(a.ort).annul_reason, "Duplicada");
  // A refused command does not consume a number.
  EXPECT_REFUSED(l(), Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, c.case_id), "step_not_allowed");
  auto d = RunNewConnection(l(), "4564564", Stage::kOrt);
  EXPECT_EQ(d.ort, "ORT-2026-000004");
}

INSTANTIATE_TEST_SUITE_P(MemoryAndStore, Invariants, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& param) {
                           return param.param ? "Store" : "Memory";
                         });

}  // namespace
}  // namespace bitacora::testing
