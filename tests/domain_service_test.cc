// 8.2 reconnection (with and without folder, the window), 8.3 cut at the client's request,
// 8.4 suspension or meter removal, and the 8.1 kinds acting on an existing subscriber.
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::MeterLocation;

constexpr const char* kCi = "5566778";

class Service : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  Fill IssueRemoval(const std::string& case_id, schema::RemovalMode mode, bool signed_by_client = true) {
    return [=](C::Builder c) {
      auto p = c.initIssueRemovalOrder();
      p.setCaseId(case_id);
      p.setMode(mode);
      p.setSignedByClient(signed_by_client);
    };
  }

  // Runs 8.2 from the OIT on (the case already past its intake), checking the window.
  void ReconnectFromInspection(const std::string& case_id, const std::string& subscriber,
                               const std::string& meter) {
    auto oit = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, case_id))));
    EXPECT_EQ(ledger_.Order(oit).inspection_kind, schema::InspectionKind::RECONNECTION);
    ledger_.Advance(10 * kMinute + kSecond);
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, case_id)));
    auto oc = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, case_id))));
    EXPECT_EQ(ledger_.Order(oc).meter_serial, meter);
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PREPARE_CONTRACT, case_id)));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CONTRACT_SIGNED, case_id)));
    Ok(ledger_.Run(Role::PLATFORM, HandOver(case_id)));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ASSEMBLE_FOLDER, case_id)));
    Ok(ledger_.Run(Role::TECHNICIAN, RecordEnergization(oc, meter)));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::COMPLETE_CASE, case_id)));
    auto sub = ledger_.Subscriber(subscriber);
    EXPECT_EQ(sub.status, SubscriberStatus::NORMAL);
    EXPECT_TRUE(sub.open_service_case.empty());
    EXPECT_TRUE(ledger_.Case(case_id).closed);
  }

  MemoryLedger ledger_;
};

TEST_F(Service, CutAtClientsRequestSuspendsTheService) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  const std::string case_id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, run.subscriber))).case_id;
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).open_service_case, case_id);
  // Steps 2-4 in order: conditions explained, client confirms, OCS issued and signed.
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::ISSUE_CUT_ORDER, case_id), "step_not_allowed");
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CUT_CONDITIONS_EXPLAINED, case_id)));
  EXPECT_TRUE(ledger_.Case(case_id).conditions_explained);
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CLIENT_CONFIRMATION, case_id)));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, [&](C::Builder c) { c.initIssueCutOrder().setCaseId(case_id); },
                 "signature_required");
  auto ocs = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CUT_ORDER, case_id))));
  EXPECT_EQ(ocs, "OCS-2026-000001");
  EXPECT_TRUE(ledger_.Order(ocs).signed_by_client);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, ocs)));
  EXPECT_EQ(ledger_.Order(ocs).status, domain::OrderStatus::kHandedOver);
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).status, SubscriberStatus::NORMAL);
  Ok(ledger_.Run(Role::TECHNICIAN, ByOrder(C::RECORD_CUT_EXECUTED, ocs)));
  auto sub = ledger_.Subscriber(run.subscriber);
  EXPECT_EQ(domain::SubscriberStatusLetter(sub.status), 'S');
  EXPECT_EQ(sub.meter_serial, "MED-0001");  // a cut leaves the meter in place
  EXPECT_TRUE(sub.open_service_case.empty());
  EXPECT_TRUE(ledger_.Case(case_id).closed);
}

TEST_F(Service, CutOfServiceNotInNormalStateIsRefused) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  CutService(ledger_, kCi, run.subscriber);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, run.subscriber), "subscriber_not_active");
}

TEST_F(Service, CaseOnAnotherClientsSubscriberIsRefused) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::CUT, "1112223", run.subscriber),
                 "subscriber_not_of_client");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::CUT, kCi), "subscriber_required");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::CUT, kCi, "999999"), "subscriber_not_found");
}

TEST_F(Service, CutFollowedByReconnectionWithFolder) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  CutService(ledger_, kCi, run.subscriber);
  auto opened = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber)));
  auto c = ledger_.Case(opened.case_id);
  EXPECT_TRUE(c.client_has_folder);
  // With a folder, 8.2 goes straight to step 5: no documents, no ORT.
  EXPECT_REFUSED(ledger_, Role::PLATFORM, PresentDocuments(opened.case_id, kReconnectionDocs), "step_not_allowed");
  ReconnectFromInspection(opened.case_id, run.subscriber, "MED-0001");
  EXPECT_EQ(ledger_.Case(opened.case_id).orders.size(), 3u);  // OIT, OC, CON
}

TEST_F(Service, ReconnectionWithoutFolderStartsWithDocumentsClientAndOrt) {
  LegacySubscriber(ledger_, "900001", kCi, SubscriberStatus::SUSPENDED, "OLD-1");
  auto opened = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, "900001")));
  EXPECT_FALSE(ledger_.Case(opened.case_id).client_has_folder);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, opened.case_id), "step_not_allowed");
  Ok(ledger_.Run(Role::PLATFORM, PresentDocuments(opened.case_id, kReconnectionDocs)));
  Ok(ledger_.Run(Role::PLATFORM, RegisterClient(opened.case_id, kCi)));
  auto ort = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, opened.case_id))));
  ReconnectFromInspection(opened.case_id, "900001", "OLD-1");
  EXPECT_TRUE(ledger_.Order(ort).requirements_processed);
  EXPECT_FALSE(ledger_.Client(kCi).folder_cases.empty());
}

TEST_F(Service, ReconnectionInspectionOneSecondBeforeTheWindowIsRefusedWithMinutesLeft) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  CutService(ledger_, kCi, run.subscriber);
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber))).case_id;
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, id)));
  ledger_.Advance(3 * kMinute);
  auto early = ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, id));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, "reconnection_window_open");
  EXPECT_NE(early.error().message.find("Faltan 7 minutos"), std::string::npos) << early.error().message;
  ledger_.Advance(7 * kMinute - kSecond);  // one second before the window closes
  auto last_second = ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, id));
  ASSERT_FALSE(last_second);
  EXPECT_EQ(last_second.error().code, "reconnection_window_open");
  EXPECT_NE(last_second.error().message.find("Falta 1 minuto"), std::string::npos) << last_second.error().message;
  ledger_.Advance(2 * kSecond);  // one second after
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, id)));
}

TEST_F(Service, ReconnectionWindowIsConfigurable) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  CutService(ledger_, kCi, run.subscriber);
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber))).case_id;
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, id)));
  ledger_.Advance(4 * kMinute);
  // Decided directly with a 3-minute window: allowed now.
  capnp::MallocMessageBuilder message;
  auto cmd = message.initRoot<C>();
  cmd.setCommandId("x");
  cmd.initProcessReconnectionInspection().setCaseId(id);
  auto world = domain::LoadWorld(ledger_.Sources(), cmd.asReader(), ledger_.now());
  ASSERT_TRUE(world);
  domain::Context ctx{.now_ns = ledger_.now(), .occurred_at_ns = 0, .reconnection_window_ns = 3 * kMinute};
  EXPECT_TRUE(domain::Decide(*world, Role::PLATFORM, cmd.asReader(), ctx).has_value());
  ctx.reconnection_window_ns = 5 * kMinute;
  auto refused = domain::Decide(*world, Role::PLATFORM, cmd.asReader(), ctx);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "reconnection_window_open");
}

TEST_F(Service, ReconnectionOfServiceNotCutIsRefused) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber), "subscriber_not_cut");
}

TEST_F(Service, SecondOpenReconnectionForSubscriberIsRefused) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  CutService(ledger_, kCi, run.subscriber);
  Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber)));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, run.subscriber),
                 "service_case_already_open");
}

TEST_F(Service, RemovalOfLentMeterReturnsItToTheCooperative) {
  auto run = ConnectedSubscriber(ledger_, kCi, MeterOwnership::LENT, "COOP-9");
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::REMOVAL, kCi, run.subscriber))).case_id;
  EXPECT_REFUSED(ledger_, Role::PLATFORM, IssueRemoval(id, schema::RemovalMode::REMOVAL, false), "signature_required");
  auto osr = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, IssueRemoval(id, schema::RemovalMode::REMOVAL))));
  EXPECT_EQ(osr, "OSR-2026-000001");
  Ok(ledger_.Run(Role::TECHNICIAN, ByOrder(C::RECORD_REMOVAL_EXECUTED, osr)));
  auto sub = ledger_.Subscriber(run.subscriber);
  EXPECT_EQ(domain::SubscriberStatusLetter(sub.status), 'R');
  EXPECT_TRUE(sub.meter_serial.empty());
  auto meter = ledger_.Meter("COOP-9");
  EXPECT_EQ(meter.location, MeterLocation::kRemoved);
  EXPECT_TRUE(meter.with_cooperative);
  EXPECT_TRUE(ledger_.Case(id).closed);
  // Once removed, the cooperative lends it to another connection.
  auto other = RunNewConnection(ledger_, "3334445", Stage::kMeter, MeterOwnership::LENT, "COOP-9");
  EXPECT_EQ(ledger_.Case(other.case_id).meter_serial, "COOP-9");
}

TEST_F(Service, DefinitiveSuspensionOfBoughtMeterLeavesItWithTheClient) {
  auto run = ConnectedSubscriber(ledger_, kCi, MeterOwnership::BOUGHT, "OWN-1");
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::REMOVAL, kCi, run.subscriber))).case_id;
  auto osr = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, IssueRemoval(id, schema::RemovalMode::SUSPENSION))));
  Ok(ledger_.Run(Role::TECHNICIAN, ByOrder(C::RECORD_REMOVAL_EXECUTED, osr)));
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).status, SubscriberStatus::SUSPENDED);
  auto meter = ledger_.Meter("OWN-1");
  EXPECT_EQ(meter.location, MeterLocation::kRemoved);
  EXPECT_FALSE(meter.with_cooperative);
}

TEST_F(Service, RemovalOfRetiredSubscriberIsRefused) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::REMOVAL, kCi, run.subscriber))).case_id;
  auto osr = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, IssueRemoval(id, schema::RemovalMode::REMOVAL))));
  Ok(ledger_.Run(Role::TECHNICIAN, ByOrder(C::RECORD_REMOVAL_EXECUTED, osr)));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, OpenCase(CaseKind::REMOVAL, kCi, run.subscriber), "subscriber_not_active");
}

TEST_F(Service, RelocationMovesTheSubscribersAddressAtEnergization) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  auto moved = RunConnection(ledger_, CaseKind::RELOCATION, kCi, run.subscriber, Stage::kCompleted,
                             MeterOwnership::BOUGHT, "", "Barrio Lourdes 7");
  EXPECT_EQ(ledger_.Order(moved.oit).inspection_kind, schema::InspectionKind::RELOCATION);
  auto sub = ledger_.Subscriber(run.subscriber);
  EXPECT_EQ(sub.address, "Barrio Lourdes 7");
  EXPECT_EQ(sub.meter_serial, "MED-0001");
  EXPECT_EQ(sub.status, SubscriberStatus::NORMAL);
}

TEST_F(Service, MeterChangeRemovesTheOldMeterBeforeInstallingTheNew) {
  auto run = ConnectedSubscriber(ledger_, kCi, MeterOwnership::LENT, "COOP-OLD");
  RunConnection(ledger_, CaseKind::METER_CHANGE, kCi, run.subscriber, Stage::kCompleted,
                MeterOwnership::BOUGHT, "NEW-2");
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).meter_serial, "NEW-2");
  EXPECT_EQ(ledger_.Meter("NEW-2").installed_at, run.subscriber);
  auto old = ledger_.Meter("COOP-OLD");
  EXPECT_EQ(old.location, MeterLocation::kRemoved);
  EXPECT_TRUE(old.with_cooperative);
}

TEST_F(Service, ServiceDropRepairKeepsTheSubscribersMeter) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  auto repair = RunConnection(ledger_, CaseKind::SERVICE_DROP_REPAIR, kCi, run.subscriber, Stage::kCompleted,
                              MeterOwnership::BOUGHT, "");
  EXPECT_TRUE(ledger_.Case(repair.case_id).closed);
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).meter_serial, "MED-0001");
}

}  // namespace
}  // namespace bitacora::testing
