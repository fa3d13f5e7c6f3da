// The client's folder (carpeta) with two subscribers and a reconnection, subscriber folders,
// histories, and every view as of a past position or date.
#include <set>

#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using E = schema::Event;
using projections::AsOf;
using projections::Entity;
using projections::FolderEntry;

constexpr const char* kCi = "7788990";
constexpr int64_t kDay = 24 * 3600 * kSecond;

class ProjectionFolder : public ProjectionTest {
 protected:
  // Client kCi: subscriber 1 connected (day 0), subscriber 2 connected (day 1), subscriber 1 cut
  // (day 2) and reconnected with its folder (day 3).
  void BuildTwoSubscribersAndReconnection() {
    first_ = ConnectedSubscriber(ledger_, kCi, MeterOwnership::BOUGHT, "MED-A");
    ledger_.Advance(kDay);
    second_ = RunNewConnection(ledger_, kCi, Stage::kCompleted, MeterOwnership::BOUGHT, "MED-B");
    ledger_.Advance(kDay);
    cut_case_ = CutService(ledger_, kCi, first_.subscriber).first;
    before_reconnection_ = ledger_.HeadPosition();
    ledger_.Advance(kDay);
    reconnection_case_ = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, kCi, first_.subscriber))).case_id;
    OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, reconnection_case_))));
    ledger_.Advance(11 * kMinute);
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, reconnection_case_)));
    reconnection_oc_ = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, reconnection_case_))));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PREPARE_CONTRACT, reconnection_case_)));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::RECORD_CONTRACT_SIGNED, reconnection_case_)));
    Ok(ledger_.Run(Role::PLATFORM, HandOver(reconnection_case_)));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ASSEMBLE_FOLDER, reconnection_case_)));
    Ok(ledger_.Run(Role::TECHNICIAN, RecordEnergization(reconnection_oc_, "MED-A")));
    Ok(ledger_.Run(Role::PLATFORM, ByCase(C::COMPLETE_CASE, reconnection_case_)));
  }

  static std::set<std::string> IssuedOrders(const std::vector<FolderEntry>& entries) {
    std::set<std::string> out;
    for (const auto& e : entries) {
      if (e.event_type == E::ORDER_ISSUED) out.insert(e.document);
    }
    return out;
  }
  static std::set<std::string> Cases(const std::vector<FolderEntry>& entries) {
    std::set<std::string> out;
    for (const auto& e : entries) {
      if (!e.case_id.empty()) out.insert(e.case_id);
    }
    return out;
  }

  ConnectionRun first_, second_;
  std::string cut_case_, reconnection_case_, reconnection_oc_;
  uint64_t before_reconnection_ = 0;
};

TEST_F(ProjectionFolder, ClientFolderHoldsEveryDocumentOfBothSubscribersInOrder) {
  BuildTwoSubscribersAndReconnection();
  ViewReader v = Views();
  auto folder = v.Folder(kCi);
  ASSERT_TRUE(folder.has_value());
  for (size_t i = 1; i < folder->size(); ++i) EXPECT_LT((*folder)[i - 1].position, (*folder)[i].position);
  // Every order of every case of the client, as issued.
  std::set<std::string> expected;
  for (const std::string& id : {first_.case_id, second_.case_id, cut_case_, reconnection_case_}) {
    auto kase = v.Case(id);
    ASSERT_TRUE(kase.has_value());
    for (const auto& [type, number] : kase->state.orders) expected.insert(number);
  }
  EXPECT_EQ(IssuedOrders(*folder), expected);
  EXPECT_EQ(Cases(*folder),
            (std::set<std::string>{first_.case_id, second_.case_id, cut_case_, reconnection_case_}));
  // Who and when: the reconnection's energization by the technician, at the ledger's time.
  auto energized = std::find_if(folder->begin(), folder->end(), [&](const FolderEntry& e) {
    return e.document == reconnection_oc_ && e.event_type == E::ORDER_RETURNED;
  });
  ASSERT_NE(energized, folder->end());
  EXPECT_EQ(energized->role, Role::TECHNICIAN);
  EXPECT_EQ(energized->actor_id, "actor-1");
  EXPECT_EQ(energized->recorded_at_ns, ledger_.now());
  EXPECT_EQ(energized->subscriber_number, first_.subscriber);
  // The first entry is the opening of the first case; the last case closed is the reconnection.
  EXPECT_EQ(folder->front().case_id, first_.case_id);
  EXPECT_EQ(folder->front().event_type, E::CASE_OPENED);
  auto last_closed = std::find_if(folder->rbegin(), folder->rend(),
                                  [](const FolderEntry& e) { return e.event_type == E::CASE_CLOSED; });
  ASSERT_NE(last_closed, folder->rend());
  EXPECT_EQ(last_closed->case_id, reconnection_case_);
}

TEST_F(ProjectionFolder, SubscriberFoldersSplitTheClientsCases) {
  BuildTwoSubscribersAndReconnection();
  ViewReader v = Views();
  auto one = *v.SubscriberFolder(first_.subscriber);
  auto two = *v.SubscriberFolder(second_.subscriber);
  EXPECT_EQ(Cases(one), (std::set<std::string>{first_.case_id, cut_case_, reconnection_case_}));
  EXPECT_EQ(Cases(two), std::set<std::string>{second_.case_id});
  // The first case's documents, presented before the subscriber number existed, are in its folder.
  EXPECT_TRUE(std::any_of(one.begin(), one.end(), [&](const FolderEntry& e) {
    return e.case_id == first_.case_id && e.event_type == E::DOCUMENTS_ACCEPTED;
  }));
  EXPECT_TRUE(IssuedOrders(two).contains(second_.oc));
  EXPECT_FALSE(IssuedOrders(two).contains(first_.oc));
  // Each entry of the client's folder belongs to one of the two subscribers, or to the client.
  auto all = *v.Folder(kCi);
  size_t n = one.size() + two.size();
  for (const auto& e : all) {
    if (e.subscriber_number.empty() && e.case_id.empty()) ++n;
  }
  EXPECT_EQ(all.size(), n);
}

TEST_F(ProjectionFolder, FolderAsOfAPositionOrDateLeavesOutWhatCameLater) {
  BuildTwoSubscribersAndReconnection();
  ViewReader v = Views();
  auto before = *v.Folder(kCi, AsOf::Position(before_reconnection_));
  EXPECT_FALSE(Cases(before).contains(reconnection_case_));
  EXPECT_TRUE(Cases(before).contains(cut_case_));
  EXPECT_EQ(before.back().position, before_reconnection_);
  // By date: the end of day 0 has only the first connection.
  auto day0 = *v.Folder(kCi, AsOf::Time(kStart + kDay - 1));
  EXPECT_EQ(Cases(day0), std::set<std::string>{first_.case_id});
  EXPECT_EQ(v.Folder(kCi, AsOf::Time(kStart - 1)).error().kind, ErrorKind::kNotFound);
  auto sub_before = *v.SubscriberFolder(first_.subscriber, AsOf::Position(before_reconnection_));
  EXPECT_EQ(Cases(sub_before), (std::set<std::string>{first_.case_id, cut_case_}));
}

TEST_F(ProjectionFolder, RecordsAsOfBeforeAndAfterAChange) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  const uint64_t connected = ledger_.HeadPosition();
  const int64_t connected_at = ledger_.now();
  ledger_.Advance(kDay);
  CutService(ledger_, kCi, run.subscriber);
  ledger_.Advance(kDay);
  auto second = RunNewConnection(ledger_, kCi, Stage::kDocuments);
  Ok(ledger_.Run(Role::PLATFORM, RegisterClient(second.case_id, kCi, "Juana Mamani Quispe", "Calle Sucre 9")));
  const EventStore& store = ledger_.store();
  // Subscriber: N before the cut, S after; by position and by date.
  EXPECT_EQ(projections::SubscriberAsOf(store, run.subscriber, AsOf::Position(connected))->state.status,
            SubscriberStatus::NORMAL);
  EXPECT_EQ(projections::SubscriberAsOf(store, run.subscriber, AsOf::Time(connected_at + kDay - 1))->state.status,
            SubscriberStatus::NORMAL);
  EXPECT_EQ(projections::SubscriberAsOf(store, run.subscriber, {})->state.status, SubscriberStatus::SUSPENDED);
  // Client: the old name before the update, the new one after.
  EXPECT_EQ(projections::ClientAsOf(store, kCi, AsOf::Position(connected))->state.full_name, "Juana Mamani");
  EXPECT_EQ(projections::ClientAsOf(store, kCi, {})->state.full_name, "Juana Mamani Quispe");
  // The live view agrees with the as-of fold at the head.
  ViewReader v = Views();
  EXPECT_EQ(Bytes(*v.Client(kCi)), Bytes(*projections::ClientAsOf(store, kCi, {})));
  // Order and meter and case as of a position inside their life.
  const uint64_t oc_issued_at = projections::History(store, Entity::kOrder, run.oc)->front().position;
  auto oc_issued = projections::OrderAsOf(store, run.oc, AsOf::Position(oc_issued_at));
  ASSERT_TRUE(oc_issued.has_value());
  EXPECT_EQ(oc_issued->state.status, domain::OrderStatus::kIssued);
  EXPECT_EQ(projections::OrderAsOf(store, run.oc, {})->state.outcome, domain::FieldOutcome::kExecuted);
  EXPECT_EQ(projections::CaseAsOf(store, run.case_id, AsOf::Position(connected))->state.closed, true);
  EXPECT_EQ(projections::MeterAsOf(store, "MED-0001", AsOf::Position(connected))->state.location,
            domain::MeterLocation::kInstalled);
  // Before the entity existed: not found.
  EXPECT_EQ(projections::OrderAsOf(store, run.oc, AsOf::Position(1)).error().code, "order_not_found");
}

TEST_F(ProjectionFolder, HistoryOfAnOrderHasEveryEventWithWhoWhenAndHash) {
  auto run = ConnectedSubscriber(ledger_, kCi);
  auto history = projections::History(ledger_.store(), Entity::kOrder, run.oc);
  ASSERT_TRUE(history.has_value());
  auto stored = *ledger_.store().ReadStream(domain::OrderStream(run.oc), 1, Direction::kForward, 100);
  ASSERT_EQ(history->size(), stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    auto env = stored[i].envelope();
    EXPECT_EQ((*history)[i].position, env.getPosition());
    EXPECT_EQ((*history)[i].event_type, static_cast<uint16_t>(env.getPayload().which()));
    EXPECT_EQ((*history)[i].role, env.getActor().getRole());
    EXPECT_EQ((*history)[i].recorded_at_ns, env.getRecordedAtNs());
    EXPECT_EQ(0, std::memcmp((*history)[i].hash.data(), env.getHash().begin(), 32));
  }
  EXPECT_EQ(history->front().event_type, E::ORDER_ISSUED);
  EXPECT_EQ(history->front().role, Role::PLATFORM);
  EXPECT_EQ(projections::EventTypeName(history->front().event_type), "orderIssued");
  EXPECT_EQ(projections::EventLabel(history->front().event_type), "Emisión de orden");
  auto client = projections::History(ledger_.store(), Entity::kClient, kCi);
  ASSERT_TRUE(client.has_value());
  EXPECT_EQ(client->front().event_type, E::CLIENT_REGISTERED);
  EXPECT_EQ(projections::History(ledger_.store(), Entity::kMeter, "NONE").error().code, "meter_not_found");
  EXPECT_EQ(projections::History(ledger_.store(), Entity::kSubscriber, run.subscriber)->front().event_type,
            E::SUBSCRIBER_CREATED);
  EXPECT_EQ(projections::History(ledger_.store(), Entity::kCase, run.case_id)->back().event_type, E::CASE_CLOSED);
}

}  // namespace
}  // namespace bitacora::testing
