// The views after each procedure path: client, case, order, subscriber, meter records, the
// report indexes, not found, the follower thread, and views equal to the fold of each stream.
#include <chrono>
#include <thread>

#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::FieldOutcome;
using domain::MeterLocation;
using domain::OrderStatus;
using projections::Verification;
namespace keys = projections::keys;

constexpr const char* kCi = "4455667";

bool Contains(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

class ProjectionViews : public ProjectionTest {};

TEST_F(ProjectionViews, NewConnectionHalfwayShowsOpenCaseAndOutstandingOrder) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  ViewReader v = Views();
  auto client = v.Client(kCi);
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->state.full_name, "Juana Mamani");
  auto kase = v.Case(r.case_id);
  ASSERT_TRUE(kase.has_value());
  EXPECT_FALSE(kase->state.closed);
  EXPECT_EQ(kase->closed_at_ns, 0);
  ASSERT_EQ(kase->state.orders.size(), 1u);
  EXPECT_EQ(kase->state.orders[0].second, r.ort);
  auto ort = v.Order(r.ort);
  ASSERT_TRUE(ort.has_value());
  EXPECT_EQ(ort->state.status, OrderStatus::kIssued);
  EXPECT_EQ(ort->state.issued_at_ns, kStart);
  EXPECT_EQ(ort->issued_by, "actor-0");
  EXPECT_TRUE(Contains(*v.Index(keys::kOpen, ""), r.ort));
  EXPECT_TRUE(Contains(*v.Index(keys::kIssued, "2026-11"), r.ort));
  EXPECT_EQ(*v.Sequence("ORT", 2026), (std::pair<uint64_t, uint64_t>{1, 1}));
  EXPECT_EQ(*v.ClientCases(kCi), std::vector<std::string>{r.case_id});
  EXPECT_EQ(v.checkpoint()->position, ledger_.HeadPosition());
}

TEST_F(ProjectionViews, CompletedNewConnectionWithLentMeter) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kCompleted, MeterOwnership::LENT, "COOP-1");
  ViewReader v = Views();
  auto kase = *v.Case(r.case_id);
  EXPECT_TRUE(kase.state.closed);
  EXPECT_EQ(kase.state.outcome, schema::CaseOutcome::COMPLETED);
  EXPECT_GT(kase.closed_at_ns, 0);
  auto sub = *v.Subscriber(r.subscriber);
  EXPECT_EQ(domain::SubscriberStatusLetter(sub.state.status), 'N');
  EXPECT_EQ(sub.state.meter_serial, "COOP-1");
  auto meter = *v.Meter("COOP-1");
  EXPECT_EQ(meter.state.location, MeterLocation::kInstalled);
  EXPECT_EQ(meter.state.ownership, MeterOwnership::LENT);
  EXPECT_EQ(meter.subscribers, std::vector<std::string>{r.subscriber});
  auto oc = *v.Order(r.oc);
  EXPECT_EQ(oc.state.outcome, FieldOutcome::kExecuted);
  EXPECT_EQ(oc.technician, "tec-ramos");
  EXPECT_GT(oc.first_returned_at_ns, 0);
  EXPECT_TRUE(v.Order(r.ort)->state.requirements_processed);
  EXPECT_EQ(v.Order(r.frm)->state.type, OrderType::FRM);
  EXPECT_EQ(v.Order(r.oemd)->state.outcome, FieldOutcome::kExecuted);
  EXPECT_EQ(*v.ClientSubscribers(kCi), std::vector<std::string>{r.subscriber});
  // Nothing is outstanding: every returnable order came back, the rest are never returned.
  EXPECT_TRUE(v.Index(keys::kOpen, "")->empty());
  ExpectViewsEqualFolds();
}

TEST_F(ProjectionViews, NotViableCaseRetiresTheSubscriberAndGoesToOdeco) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, DecideViability(r.case_id, false)));
  Ok(ledger_.Run(Role::ODECO, ByCase(C::RECEIVE_NON_VIABLE_CASE, r.case_id)));
  ViewReader v = Views();
  auto kase = *v.Case(r.case_id);
  EXPECT_TRUE(kase.state.closed);
  EXPECT_EQ(kase.state.outcome, schema::CaseOutcome::NOT_VIABLE);
  EXPECT_TRUE(kase.state.sent_to_odeco);
  EXPECT_TRUE(kase.state.received_by_odeco);
  EXPECT_EQ(domain::SubscriberStatusLetter(v.Subscriber(r.subscriber)->state.status), 'R');
  ExpectViewsEqualFolds();
}

TEST_F(ProjectionViews, CutThenReconnectionMoveTheSubscriberThroughSAndBackToN) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  auto [cut_case, ocs] = CutService(ledger_, kCi, run.subscriber);
  {
    ViewReader v = Views();
    EXPECT_EQ(domain::SubscriberStatusLetter(v.Subscriber(run.subscriber)->state.status), 'S');
    auto order = *v.Order(ocs);
    EXPECT_EQ(order.technician, "actor-1");  // not handed over: the technician who returned it
    EXPECT_TRUE(order.state.signed_by_client);
    EXPECT_TRUE(v.Case(cut_case)->state.closed);
  }
  auto opened = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber)));
  auto oit = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, opened.case_id))));
  ledger_.Advance(11 * kMinute);
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, opened.case_id)));
  auto oc = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, opened.case_id))));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PREPARE_CONTRACT, opened.case_id)));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CONTRACT_SIGNED, opened.case_id)));
  Ok(ledger_.Run(Role::PLATFORM, HandOver(opened.case_id)));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ASSEMBLE_FOLDER, opened.case_id)));
  Ok(ledger_.Run(Role::TECHNICIAN, RecordEnergization(oc, "MED-0001")));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::COMPLETE_CASE, opened.case_id)));
  ViewReader v = Views();
  auto sub = *v.Subscriber(run.subscriber);
  EXPECT_EQ(domain::SubscriberStatusLetter(sub.state.status), 'N');
  EXPECT_EQ(sub.cases, (std::vector<std::string>{cut_case, opened.case_id}));
  EXPECT_TRUE(sub.state.open_service_case.empty());
  EXPECT_TRUE(v.Order(oit)->state.reconnection_processed);
  EXPECT_FALSE(Contains(*v.Index(keys::kOpen, ""), oit));  // processed at the desk, not outstanding
  EXPECT_EQ(v.Client(kCi)->state.folder_cases.size(), 2u);
  ExpectViewsEqualFolds();
}

TEST_F(ProjectionViews, RemovalOfLentMeterReturnsItToTheCooperative) {
  auto run = ConnectedSubscriber(ledger_, kCi, MeterOwnership::LENT, "COOP-9");
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::REMOVAL, kCi, run.subscriber))).case_id;
  auto osr = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder c) {
    auto p = c.initIssueRemovalOrder();
    p.setCaseId(id);
    p.setMode(schema::RemovalMode::REMOVAL);
    p.setSignedByClient(true);
  })));
  Ok(ledger_.Run(Role::TECHNICIAN, ByOrder(C::RECORD_REMOVAL_EXECUTED, osr)));
  ViewReader v = Views();
  EXPECT_EQ(domain::SubscriberStatusLetter(v.Subscriber(run.subscriber)->state.status), 'R');
  auto meter = *v.Meter("COOP-9");
  EXPECT_EQ(meter.state.location, MeterLocation::kRemoved);
  EXPECT_TRUE(meter.state.with_cooperative);
  EXPECT_EQ(v.Order(osr)->state.removal_mode, schema::RemovalMode::REMOVAL);
  ExpectViewsEqualFolds();
}

TEST_F(ProjectionViews, ReturnedOrderLifeFillsTheReportIndexes) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, SendBack(r.oit, "Falta la firma del técnico")));
  {
    auto oit = *Views().Order(r.oit);
    EXPECT_EQ(oit.verification, Verification::kSentBack);
    EXPECT_EQ(oit.sent_back_count, 1u);
    EXPECT_EQ(oit.sent_back_reasons, std::vector<std::string>{"Falta la firma del técnico"});
  }
  ledger_.Advance(kMinute);
  Ok(ledger_.Run(Role::TECHNICIAN, RecordInspection(r.oit, true)));
  EXPECT_EQ(Views().Order(r.oit)->verification, Verification::kPending);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.oit)));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.oit})));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit})));
  Ok(ledger_.Run(Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {r.oit})));
  Ok(ledger_.Run(Role::ODECO, OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {r.oit}, "2026-11")));
  ViewReader v = Views();
  auto oit = *v.Order(r.oit);
  EXPECT_EQ(oit.verification, Verification::kVerified);
  EXPECT_EQ(oit.state.status, OrderStatus::kSentToCpd);
  EXPECT_EQ(oit.first_returned_at_ns, kStart);
  EXPECT_EQ(oit.returned_at_ns, kStart + kMinute);
  EXPECT_GT(oit.destination_at_ns, 0);
  EXPECT_TRUE(Contains(*v.Index(keys::kReturned, "2026-11-18"), r.oit));
  EXPECT_TRUE(Contains(*v.Index(keys::kControl, "2026-11-18"), r.oit));
  EXPECT_TRUE(Contains(*v.Index(keys::kToOdeco, "2026-11-18"), r.oit));
  EXPECT_TRUE(Contains(*v.Index(keys::kOdecoDone, "2026-11-18"), r.oit));
  EXPECT_EQ(*v.Index(keys::kCpdBatch, "2026-11"), std::vector<std::string>{r.oit});
  EXPECT_TRUE(v.Index(keys::kCpdBatch, "2026-10")->empty());
}

TEST_F(ProjectionViews, AnnulledOrderKeepsItsNumberAndLeavesTheBacklog) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  Ok(ledger_.Run(Role::PLATFORM, AnnulOrder(r.ort, "Impresa con la dirección equivocada")));
  auto second = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, r.case_id))));
  ViewReader v = Views();
  auto ort = *v.Order(r.ort);
  EXPECT_EQ(ort.state.status, OrderStatus::kAnnulled);
  EXPECT_EQ(ort.state.annul_reason, "Impresa con la dirección equivocada");
  EXPECT_GT(ort.annulled_at_ns, 0);
  EXPECT_EQ(*v.Index(keys::kOpen, ""), std::vector<std::string>{second});
  EXPECT_EQ(*v.Sequence("ORT", 2026), (std::pair<uint64_t, uint64_t>{2, 2}));
}

TEST_F(ProjectionViews, UnknownEntitiesAreNotFound) {
  RunNewConnection(ledger_, kCi, Stage::kOrt);
  ViewReader v = Views();
  EXPECT_EQ(v.Order("ORT-2026-999999").error().kind, ErrorKind::kNotFound);
  EXPECT_EQ(v.Order("ORT-2026-999999").error().code, "order_not_found");
  EXPECT_EQ(v.Client("1111111").error().code, "client_not_found");
  EXPECT_EQ(v.Case("TRA-2026-000099").error().code, "case_not_found");
  EXPECT_EQ(v.Subscriber("000099").error().code, "subscriber_not_found");
  EXPECT_EQ(v.Meter("NONE").error().code, "meter_not_found");
  EXPECT_EQ(v.Folder("1111111").error().kind, ErrorKind::kNotFound);
}

TEST_F(ProjectionViews, FollowerAppliesNewEventsAndStopsCleanly) {
  service_->Start();
  auto r = RunNewConnection(ledger_, kCi, Stage::kVisit);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (service_->position() < ledger_.HeadPosition() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_EQ(service_->position(), ledger_.HeadPosition());
  EXPECT_EQ(ViewReader(service_->Current()).Order(r.ort)->state.status, OrderStatus::kReturned);
  service_->Stop();
  service_->Stop();  // idempotent
  EXPECT_TRUE(service_->last_error().has_value());
}

}  // namespace
}  // namespace bitacora::testing
