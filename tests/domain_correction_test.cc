// Corrections (issue #15; docs/procedures.md, "Corrections"): the supervisor puts right a text a
// clerk typed wrong — a client's name, a receipt number, an address — without rewriting the log.
// The correction names the event and its field; from then on the ledger reads that event as
// corrected, for the commands decided on it as for the views. Who, which, when and how much are
// not corrected this way, and every refusal appends nothing.
#include <gtest/gtest.h>

#include <string>

#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using E = schema::Event;

// The position of the first event of `type` in `stream`; 0 if none.
uint64_t PositionOf(const EventStore& store, const std::string& stream, E::Which type) {
  auto events = store.ReadStream(stream, 1, Direction::kForward, 1000);
  EXPECT_TRUE(events.has_value());
  for (const StoredEvent& e : *events) {
    if (e.envelope().getPayload().which() == type) return e.envelope().getPosition();
  }
  return 0;
}

scenarios::Fill Correct(uint64_t position, const std::string& field, const std::string& value,
                        const std::string& reason = "Error de tipeo en ventanilla") {
  return [=](C::Builder c) {
    auto p = c.initRecordCorrection();
    p.setCorrectedPosition(position);
    p.setField(field);
    p.setCorrectedValue(value);
    p.setReason(reason);
  };
}

class Corrections : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }

  // The correctionRecorded event at the head.
  void ExpectRecorded(const std::string& field, const std::string& previous, const std::string& value,
                      const std::string& kind) {
    auto head = ledger_.store().ReadLog(ledger_.HeadPosition(), 1);
    ASSERT_TRUE(head.has_value());
    ASSERT_EQ(head->size(), 1u);
    auto e = head->front().envelope().getPayload();
    ASSERT_EQ(e.which(), E::CORRECTION_RECORDED);
    auto c = e.getCorrectionRecorded();
    EXPECT_EQ(std::string(c.getField().cStr()), field);
    EXPECT_EQ(std::string(c.getPreviousValue().cStr()), previous);
    EXPECT_EQ(std::string(c.getCorrectedValue().cStr()), value);
    EXPECT_EQ(std::string(c.getCorrectedEvent().cStr()), kind);
    EXPECT_EQ(head->front().envelope().getActor().getRole(), Role::SUPERVISOR);
  }

  StoreLedger ledger_;
};

TEST_F(Corrections, TheSupervisorCorrectsTheClientsNameAndTheClientReadsCorrected) {
  RunNewConnection(ledger_, "1112223", Stage::kClient);
  const uint64_t at = PositionOf(ledger_.store(), domain::ClientStream("1112223"), E::CLIENT_REGISTERED);
  ASSERT_NE(at, 0u);
  const uint64_t head = ledger_.HeadPosition();
  Ok(ledger_.Run(Role::SUPERVISOR, Correct(at, "fullName", "Juana Mamani Quispe")));
  EXPECT_EQ(ledger_.HeadPosition(), head + 1);  // one event appended, none rewritten
  ExpectRecorded("fullName", "Juana Mamani", "Juana Mamani Quispe", "clientRegistered");
  EXPECT_EQ(ledger_.Client("1112223").full_name, "Juana Mamani Quispe");
}

TEST_F(Corrections, TheCashierMistypedTheReceiptAndTheRefundGoesByTheCorrectedOne) {
  auto run = RunNewConnection(ledger_, "2223334", Stage::kPaid);  // receipt "R-1"
  const uint64_t at = PositionOf(ledger_.store(), domain::OrderStream(run.oem), E::ORDER_ISSUED);
  Ok(ledger_.Run(Role::SUPERVISOR, Correct(at, "receiptNumber", "R-0001", "El recibo dice R-0001")));
  ExpectRecorded("receiptNumber", "R-1", "R-0001", "orderIssued");
  EXPECT_EQ(ledger_.Order(run.oem).receipt_number, "R-0001");
  // The client desists; the cashier gives back the payment of the receipt the client holds.
  Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder c) {
    auto p = c.initWithdrawCase();
    p.setCaseId(run.case_id);
    p.setReason("desiste");
  }));
  auto refund = [&](const std::string& receipt) {
    return [=, &run](C::Builder c) {
      auto p = c.initRefundPayment();
      p.setCaseId(run.case_id);
      p.setReceiptNumber(receipt);
      p.setAmountCentavos(50585);
      p.setReason("desiste");
    };
  };
  EXPECT_REFUSED(ledger_, Role::CASHIER, refund("R-1"), "refund_does_not_match_payment");
  Ok(ledger_.Run(Role::CASHIER, refund("R-0001")));
}

TEST_F(Corrections, TheSubscribersAddressIsCorrected) {
  auto run = ConnectedSubscriber(ledger_, "3334445");
  const std::string stream = domain::SubscriberStream(run.subscriber);
  const uint64_t at = PositionOf(ledger_.store(), stream, E::SUBSCRIBER_CREATED);
  ASSERT_NE(at, 0u);
  const std::string before = ledger_.Subscriber(run.subscriber).address;
  Ok(ledger_.Run(Role::SUPERVISOR, Correct(at, "address", "Calle Sucre 12, Tupiza")));
  ExpectRecorded("address", before, "Calle Sucre 12, Tupiza", "subscriberCreated");
  EXPECT_EQ(ledger_.Subscriber(run.subscriber).address, "Calle Sucre 12, Tupiza");
}

TEST_F(Corrections, ALaterCorrectionOfTheSameFieldWinsAndNamesTheValueItReplaces) {
  RunNewConnection(ledger_, "4445556", Stage::kClient);
  const uint64_t at = PositionOf(ledger_.store(), domain::ClientStream("4445556"), E::CLIENT_REGISTERED);
  Ok(ledger_.Run(Role::SUPERVISOR, Correct(at, "fullName", "Juana Mamany")));
  Ok(ledger_.Run(Role::SUPERVISOR, Correct(at, "fullName", "Juana Mamani Q.")));
  ExpectRecorded("fullName", "Juana Mamany", "Juana Mamani Q.", "clientRegistered");
  EXPECT_EQ(ledger_.Client("4445556").full_name, "Juana Mamani Q.");
  // Other fields of the event keep what was recorded.
  EXPECT_EQ(ledger_.Client("4445556").phone, "70012345");
}

TEST_F(Corrections, AFieldTheEventDoesNotHaveIsRefusedNamingTheOnesItHas) {
  RunNewConnection(ledger_, "5556667", Stage::kClient);
  const uint64_t at = PositionOf(ledger_.store(), domain::ClientStream("5556667"), E::CLIENT_REGISTERED);
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(at, "nombre", "x"), "correction_field_unknown");
  auto answer = ledger_.Run(Role::SUPERVISOR, Correct(at, "nombre", "x"));
  ASSERT_FALSE(answer.has_value());
  EXPECT_NE(answer.error().message.find("fullName"), std::string::npos) << answer.error().message;
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(at, "", "x"), "field_required");
}

TEST_F(Corrections, WhoWhichWhenAndHowMuchAreNotCorrected) {
  auto run = RunNewConnection(ledger_, "6667778", Stage::kPaid);
  const uint64_t client = PositionOf(ledger_.store(), domain::ClientStream("6667778"), E::CLIENT_REGISTERED);
  const uint64_t oem = PositionOf(ledger_.store(), domain::OrderStream(run.oem), E::ORDER_ISSUED);
  // The CI is the client's identity; the order's number, its case and its amount are not text typed.
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(client, "ci", "6667779"), "field_not_correctable");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(oem, "orderNumber", "OEM-2026-000009"), "field_not_correctable");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(oem, "caseId", "X"), "field_not_correctable");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(oem, "totalCentavos", "1"), "field_not_correctable");
}

TEST_F(Corrections, ACorrectionATokenOrTheReferenceDataIsNotCorrected) {
  RunNewConnection(ledger_, "7778889", Stage::kClient);
  const uint64_t client = PositionOf(ledger_.store(), domain::ClientStream("7778889"), E::CLIENT_REGISTERED);
  Ok(ledger_.Run(Role::SUPERVISOR, Correct(client, "fullName", "Juana Mamani Quispe")));
  const uint64_t correction = ledger_.HeadPosition();
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(correction, "reason", "otro"), "field_not_correctable");
  // The checklists seeded first are reference data: the supervisor sets them again instead.
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(1, "caseKind", "x"), "field_not_correctable");
}

TEST_F(Corrections, ACorrectionThatChangesNothingIsRefused) {
  RunNewConnection(ledger_, "8889990", Stage::kClient);
  const uint64_t at = PositionOf(ledger_.store(), domain::ClientStream("8889990"), E::CLIENT_REGISTERED);
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correct(at, "fullName", "Juana Mamani"), "correction_changes_nothing");
}

TEST_F(Corrections, OnlyTheSupervisorCorrects) {
  RunNewConnection(ledger_, "9990001", Stage::kClient);
  const uint64_t at = PositionOf(ledger_.store(), domain::ClientStream("9990001"), E::CLIENT_REGISTERED);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Correct(at, "fullName", "Otra"), "not_allowed_for_role");
  EXPECT_REFUSED(ledger_, Role::AUDITOR, Correct(at, "fullName", "Otra"), "not_allowed_for_role");
}

}  // namespace
}  // namespace bitacora::testing
