// Business time (issue #15; docs/procedures.md, "Business time"): the time a command says its fact
// happened (occurredAtNs) may lie at most 5 minutes after the ledger's clock, never before the
// newest event of the streams the command reads, and more than a day back only by the supervisor
// with a reason, which every envelope of the command records. A refused command appends nothing.
#include "core/domain/business_time.h"

#include "core/store/stored_event.h"
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;

constexpr const char* kCi = "5566778";
constexpr int64_t kHour = 60 * kMinute;
constexpr int64_t kDay = 24 * kHour;

// `fill` with the business time `occurred` and, when not empty, the back-dating reason.
Fill At(const Fill& fill, int64_t occurred, const std::string& reason = "") {
  return [=](C::Builder c) {
    fill(c);
    c.setOccurredAtNs(occurred);
    if (!reason.empty()) c.setBackdatingReason(reason);
  };
}

Fill Documents(const std::string& case_id) { return PresentDocuments(case_id, kConnectionDocs); }

template <class L>
class BusinessTime : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  // A new connection case opened now (kStart plus whatever the test advanced).
  std::string OpenNewConnection() {
    return Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::NEW_CONNECTION, kCi))).case_id;
  }

  L ledger_;
};

using Ledgers = ::testing::Types<MemoryLedger, StoreLedger>;
TYPED_TEST_SUITE(BusinessTime, Ledgers);

TYPED_TEST(BusinessTime, ClerkWhoseClockRunsFourMinutesAheadIsRecordedAndSixMinutesIsRefused) {
  auto& l = this->ledger_;
  const std::string case_id = this->OpenNewConnection();
  EXPECT_REFUSED(l, Role::PLATFORM, At(Documents(case_id), l.now() + 6 * kMinute),
                 "occurred_at_in_future");
  Ok(l.Run(Role::PLATFORM, At(Documents(case_id), l.now() + 4 * kMinute)));
  EXPECT_TRUE(l.Case(case_id).documents_accepted);
}

TYPED_TEST(BusinessTime, SupervisorCannotRecordAFutureFactEither) {
  auto& l = this->ledger_;
  const std::string case_id = this->OpenNewConnection();
  EXPECT_REFUSED(l, Role::SUPERVISOR, At(Documents(case_id), l.now() + kDay, "mañana"),
                 "occurred_at_in_future");
}

TYPED_TEST(BusinessTime, AFactDatedBeforeTheCaseWasOpenedIsRefused) {
  auto& l = this->ledger_;
  const int64_t opened = l.now();
  const std::string case_id = this->OpenNewConnection();
  l.Advance(2 * kHour);
  EXPECT_REFUSED(l, Role::PLATFORM, At(Documents(case_id), opened - 10 * kMinute),
                 "occurred_at_before_last_event");
  // Between the opening and now: the desk records what happened an hour ago without anyone's leave.
  Ok(l.Run(Role::PLATFORM, At(Documents(case_id), opened + kHour)));
  EXPECT_TRUE(l.Case(case_id).documents_accepted);
}

TYPED_TEST(BusinessTime, AnOrderVerifiedTodayCannotBePlacedInYesterdaysDailyControl) {
  auto& l = this->ledger_;
  auto run = RunNewConnection(l, kCi, Stage::kVisit);
  Ok(l.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, run.ort)));
  EXPECT_REFUSED(l, Role::PLATFORM,
                 At(OrderList(C::REGISTER_IN_DAILY_CONTROL, {run.ort}), l.now() - 12 * kHour),
                 "occurred_at_before_last_event");
  // Nor by the supervisor, reason or not: no one writes a fact before the facts it follows.
  l.Advance(3 * kDay);
  EXPECT_REFUSED(l, Role::SUPERVISOR,
                 At(OrderList(C::REGISTER_IN_DAILY_CONTROL, {run.ort}), kStart - kDay, "olvido"),
                 "occurred_at_before_last_event");
  EXPECT_EQ(l.Order(run.ort).control_date, "");
}

TYPED_TEST(BusinessTime, ReferenceDataSetTodayDoesNotForbidRecordingThisMorningsFact) {
  auto& l = this->ledger_;
  const std::string case_id = this->OpenNewConnection();
  l.Advance(3 * kHour);
  Ok(l.Run(Role::SUPERVISOR, scenarios::cmd::SetTechnicianOnDuty("Ramos", "70000001")));
  Ok(l.Run(Role::PLATFORM, At(Documents(case_id), l.now() - 2 * kHour)));
  // The reference data's own commands do not go back past its last change.
  EXPECT_REFUSED(l, Role::SUPERVISOR,
                 At(scenarios::cmd::SetTechnicianOnDuty("Flores", "70000002"), l.now() - kHour),
                 "occurred_at_before_last_event");
}

TYPED_TEST(BusinessTime, BackDatingMoreThanADayNeedsTheSupervisorAndAReason) {
  auto& l = this->ledger_;
  const int64_t opened = l.now();
  const std::string case_id = this->OpenNewConnection();
  l.Advance(3 * kDay);
  const int64_t presented = opened + kHour;
  EXPECT_REFUSED(l, Role::PLATFORM, At(Documents(case_id), presented, "se olvidó registrar"),
                 "backdating_needs_supervisor");
  EXPECT_REFUSED(l, Role::SUPERVISOR, At(Documents(case_id), presented), "backdating_needs_reason");
  EXPECT_REFUSED(l, Role::SUPERVISOR, At(Documents(case_id), presented, "   "),
                 "backdating_needs_reason");
  Ok(l.Run(Role::SUPERVISOR, At(Documents(case_id), presented, "se olvidó registrar el lunes")));
  EXPECT_TRUE(l.Case(case_id).documents_accepted);
}

TYPED_TEST(BusinessTime, ADayBackExactlyIsTheDesksOwnToRecord) {
  auto& l = this->ledger_;
  const std::string case_id = this->OpenNewConnection();
  l.Advance(kDay);
  Ok(l.Run(Role::PLATFORM, At(Documents(case_id), l.now() - kDay)));
}

// The reason and the business time are in every envelope of the command, on a real store.
TEST(BusinessTimeRecorded, TheSupervisorsReasonIsRecordedInEveryEnvelopeOfTheCommand) {
  StoreLedger l;
  SeedReference(l);
  const int64_t opened = l.now();
  const std::string case_id =
      Ok(l.Run(Role::PLATFORM, OpenCase(CaseKind::NEW_CONNECTION, kCi))).case_id;
  Ok(l.Run(Role::PLATFORM, Documents(case_id)));
  auto registered = Ok(l.Run(Role::PLATFORM, RegisterClient(case_id, kCi)));
  l.Advance(2 * kDay);
  const int64_t issued = opened + kHour;
  auto out = Ok(l.Run(Role::SUPERVISOR, At(ByCase(C::ISSUE_REQUIREMENTS_ORDER, case_id), issued,
                                           "  la impresora falló; la ORT se llenó a mano  ")));
  auto events = l.store().ReadLog(out.first_position, out.last_position - out.first_position + 1);
  ASSERT_TRUE(events.has_value());
  ASSERT_GE(events->size(), 2u);  // orderIssued and caseOrderLinked
  for (const StoredEvent& e : *events) {
    auto env = e.envelope();
    EXPECT_EQ(std::string(env.getBackdatingReason().cStr()),
              "la impresora falló; la ORT se llenó a mano");
    EXPECT_EQ(env.getOccurredAtNs(), issued);
    EXPECT_EQ(env.getRecordedAtNs(), l.now());
  }
  // A command at the ledger's time records no reason.
  auto before = l.store().ReadLog(registered.first_position, 1);
  ASSERT_TRUE(before.has_value());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ(before->front().envelope().getBackdatingReason().size(), 0u);
}

}  // namespace
}  // namespace bitacora::testing
