// The command handler on a real EventStore: a full 8.1 run, refusals append nothing, a repeated
// command id takes effect once and answers the same, concurrent clerks on one case, gap-free
// numbers under concurrency, and the reconnection window measured from the stored time.
#include <atomic>
#include <set>
#include <thread>

#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;

class Handler : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  Fill WithId(const std::string& id, Fill fill) {
    return [=](C::Builder c) {
      fill(c);
      c.setCommandId(id);
    };
  }

  StoreLedger ledger_;
};

TEST_F(Handler, FullNewConnectionThroughTheStore) {
  auto r = RunNewConnection(ledger_, "8899001", Stage::kCompleted, MeterOwnership::GIZ, "GIZ-100");
  EXPECT_EQ(r.ort, "ORT-2026-000001");
  EXPECT_EQ(r.oemd, "OEMD-2026-000001");
  EXPECT_EQ(ledger_.Subscriber(r.subscriber).status, SubscriberStatus::NORMAL);
  EXPECT_TRUE(ledger_.Case(r.case_id).closed);
  EXPECT_TRUE(ledger_.Order(r.ort).requirements_processed);
  EXPECT_EQ(*ledger_.store().CounterValue("order-ORT-2026"), 1u);
  EXPECT_EQ(*ledger_.store().CounterValue("case-2026"), 1u);
  // Every event of the case carries the case id and the actor's role.
  auto events = ledger_.store().ReadStream(domain::CaseStream(r.case_id), 1, Direction::kForward, 1000);
  ASSERT_TRUE(events);
  for (const StoredEvent& e : *events) {
    EXPECT_EQ(std::string(e.envelope().getCaseId().cStr()), r.case_id);
    EXPECT_FALSE(e.envelope().getCommandId().size() == 0);
  }
  auto verified = ledger_.store().Verify(0, 0);
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok);
}

TEST_F(Handler, RefusalAppendsNothingAndSpeaksSpanish) {
  auto r = RunNewConnection(ledger_, "8899001", Stage::kOrt);
  const uint64_t head = ledger_.HeadPosition();
  auto refused = ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_QUOTE, r.case_id));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "step_not_allowed");
  EXPECT_EQ(refused.error().kind, ErrorKind::kRefused);
  EXPECT_NE(refused.error().message.find("El trámite"), std::string::npos);
  EXPECT_EQ(ledger_.HeadPosition(), head);
}

TEST_F(Handler, RepeatedCommandTakesEffectOnceAndAnswersTheSame) {
  auto first = Ok(ledger_.Run(Role::PLATFORM, WithId("open-1", OpenCase(CaseKind::NEW_CONNECTION, "8899001"))));
  const uint64_t head = ledger_.HeadPosition();
  auto again = Ok(ledger_.Run(Role::PLATFORM, WithId("open-1", OpenCase(CaseKind::NEW_CONNECTION, "8899001"))));
  EXPECT_FALSE(first.duplicate);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.case_id, first.case_id);
  EXPECT_EQ(again.first_position, first.first_position);
  EXPECT_EQ(again.streams, first.streams);
  EXPECT_EQ(ledger_.HeadPosition(), head);
  EXPECT_EQ(*ledger_.store().CounterValue("case-2026"), 1u);
  // An order issued twice by the same command keeps one number.
  Ok(ledger_.Run(Role::PLATFORM, PresentDocuments(first.case_id, kConnectionDocs)));
  Ok(ledger_.Run(Role::PLATFORM, RegisterClient(first.case_id, "8899001")));
  auto ort = Ok(ledger_.Run(Role::PLATFORM, WithId("ort-1", ByCase(C::ISSUE_REQUIREMENTS_ORDER, first.case_id))));
  auto ort_again = Ok(ledger_.Run(Role::PLATFORM, WithId("ort-1", ByCase(C::ISSUE_REQUIREMENTS_ORDER, first.case_id))));
  EXPECT_EQ(ort_again.issued_orders, ort.issued_orders);
  EXPECT_EQ(*ledger_.store().CounterValue("order-ORT-2026"), 1u);
}

TEST_F(Handler, RepeatedIncompleteDocumentsAnswerTheSameNotice) {
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::NEW_CONNECTION, "8899001"))).case_id;
  auto first = Ok(ledger_.Run(Role::PLATFORM, WithId("docs-1", PresentDocuments(id, {"Fotocopia de CI"}))));
  auto again = Ok(ledger_.Run(Role::PLATFORM, WithId("docs-1", PresentDocuments(id, {"Fotocopia de CI"}))));
  EXPECT_EQ(first.notice_code, "documents_incomplete");
  EXPECT_EQ(again.notice_code, first.notice_code);
  EXPECT_EQ(again.notice_message, first.notice_message);
}

TEST_F(Handler, CommandWithoutIdIsRefused) {
  auto refused = ledger_.handler().Handle(ActorRef{"ana", Role::PLATFORM}, [] {
    static capnp::MallocMessageBuilder message;
    auto c = message.initRoot<C>();
    c.initOpenCase().setClientCi("8899001");
    return c.asReader();
  }());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "field_required");
}

TEST_F(Handler, TwoClerksOnOneCaseOneWinsTheOtherIsToldTheCaseChanged) {
  auto r = RunNewConnection(ledger_, "8899001", Stage::kQuote);
  std::atomic<int> ok{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> clerks;
  for (int i = 0; i < 4; ++i) {
    clerks.emplace_back([&, i] {
      capnp::MallocMessageBuilder message;
      auto c = message.initRoot<C>();
      c.setCommandId("pay-" + std::to_string(i));
      auto p = c.initRecordPayment();
      p.setCaseId(r.case_id);
      p.setAmountCentavos(50585);
      auto result = ledger_.handler().Handle(ActorRef{"caja-" + std::to_string(i), Role::CASHIER}, c.asReader());
      if (result) {
        ++ok;
      } else {
        EXPECT_EQ(result.error().code, "step_not_allowed") << result.error().ToString();
        ++refused;
      }
    });
  }
  for (auto& t : clerks) t.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(refused.load(), 3);
  EXPECT_EQ(*ledger_.store().CounterValue("order-OEM-2026"), 1u);
}

TEST_F(Handler, ConcurrentCasesGetGapFreeNumbers) {
  std::vector<std::thread> clerks;
  std::mutex mu;
  std::set<std::string> ids;
  for (int i = 0; i < 6; ++i) {
    clerks.emplace_back([&, i] {
      capnp::MallocMessageBuilder message;
      auto c = message.initRoot<C>();
      c.setCommandId("open-" + std::to_string(i));
      auto p = c.initOpenCase();
      p.setKind(CaseKind::NEW_CONNECTION);
      p.setClientCi(std::to_string(1000000 + i));
      p.setAddress("Calle " + std::to_string(i));
      auto result = ledger_.handler().Handle(ActorRef{"ape", Role::PLATFORM}, c.asReader());
      ASSERT_TRUE(result) << result.error().ToString();
      std::lock_guard lock(mu);
      ids.insert(result->case_id);
    });
  }
  for (auto& t : clerks) t.join();
  std::set<std::string> expected;
  for (int i = 1; i <= 6; ++i) expected.insert(domain::FormatCaseId(2026, static_cast<uint64_t>(i)));
  EXPECT_EQ(ids, expected);
}

// A busy morning: many clerks open cases at once, all claiming the year's case counter. Each
// group commit lets one claim through; the others must get their number on a later attempt, not
// give up with conflict_retries_exhausted.
TEST_F(Handler, ManyClerksOpeningCasesAtOnceAllGetTheirNumber) {
  constexpr int kClerks = 32;
  constexpr int kCasesEach = 8;
  std::vector<std::thread> clerks;
  std::mutex mu;
  std::set<std::string> ids;
  std::vector<std::string> failures;
  for (int i = 0; i < kClerks; ++i) {
    clerks.emplace_back([&, i] {
      for (int k = 0; k < kCasesEach; ++k) {
        capnp::MallocMessageBuilder message;
        auto c = message.initRoot<C>();
        const int n = i * kCasesEach + k;
        c.setCommandId("busy-" + std::to_string(n));
        auto p = c.initOpenCase();
        p.setKind(CaseKind::NEW_CONNECTION);
        p.setClientCi(std::to_string(2000000 + n));
        p.setAddress("Calle " + std::to_string(n));
        auto result = ledger_.handler().Handle(ActorRef{"ape-" + std::to_string(i), Role::PLATFORM},
                                               c.asReader());
        std::lock_guard lock(mu);
        if (result) {
          ids.insert(result->case_id);
        } else {
          failures.push_back(result.error().ToString());
        }
      }
    });
  }
  for (auto& t : clerks) t.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " refused, first: " << failures.front();
  std::set<std::string> expected;
  for (int i = 1; i <= kClerks * kCasesEach; ++i) {
    expected.insert(domain::FormatCaseId(2026, static_cast<uint64_t>(i)));
  }
  EXPECT_EQ(ids, expected);
}

TEST_F(Handler, ReconnectionWindowMeasuredFromTheStoredEmission) {
  auto run = ConnectedSubscriber(ledger_, "8899001");
  CutService(ledger_, "8899001", run.subscriber);
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::RECONNECTION, "8899001", run.subscriber))).case_id;
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, id)));
  ledger_.Advance(10 * kMinute - kSecond);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, id), "reconnection_window_open");
  ledger_.Advance(2 * kSecond);
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::PROCESS_RECONNECTION_INSPECTION, id)));
}

TEST_F(Handler, MalformedCiIsRefusedSayingWhatIsWrong) {
  const uint64_t head = ledger_.HeadPosition();
  auto refused = ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::NEW_CONNECTION, "123-4 LP"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "ci_malformed");
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_NE(refused.error().message.find("entre 5 y 10 dígitos"), std::string::npos) << refused.error().message;
  EXPECT_EQ(ledger_.HeadPosition(), head);
}

TEST_F(Handler, PlatformUpdatesClientDataOutsideAnyCase) {
  RunNewConnection(ledger_, "8899001-1A", Stage::kClient);
  auto out = Ok(ledger_.Run(Role::PLATFORM, RegisterClient("", "8899001-1a CB", "Juana Mamani", "Calle Nueva 1")));
  EXPECT_EQ(out.streams, std::vector<std::string>{"client-8899001-1A"});
  auto client = ledger_.Client("8899001-1A");
  EXPECT_EQ(client.address, "Calle Nueva 1");
  EXPECT_EQ(client.department, "CB");
}

TEST_F(Handler, UnknownCaseIsNotFound) {
  auto refused = ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_QUOTE, "TRA-2026-000099"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "case_not_found");
  EXPECT_EQ(refused.error().kind, ErrorKind::kNotFound);
}

}  // namespace
}  // namespace bitacora::testing
