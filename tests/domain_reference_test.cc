// Reference data as events (checklists, prices, tariffs, technician on duty), the price list in
// force when a quote is issued, and supervisors' corrections.
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;

Fill SetPrice(const std::string& code, int64_t centavos) {
  return [=](C::Builder c) {
    auto item = c.initSetMaterialPrices().initItems(1)[0];
    item.setCode(code);
    item.setDescription("Cable concéntrico 2x6 AWG");
    item.setUnit("m");
    item.setPriceCentavos(centavos);
  };
}

Fill Correction(uint64_t position, const std::string& reason) {
  return [=](C::Builder c) {
    auto p = c.initRecordCorrection();
    p.setCorrectedPosition(position);
    p.setReason(reason);
    p.setCorrectedValue("Juana Mamani Quispe");
    p.setField("fullName");
  };
}

class Reference : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }
  MemoryLedger ledger_;
};

TEST_F(Reference, SupervisorSetsChecklistTariffAndTechnicianOnDuty) {
  Ok(ledger_.Run(Role::SUPERVISOR, [](C::Builder c) {
    auto p = c.initSetTariff();
    p.setCategory(schema::TariffCategory::GENERAL);
    p.setDescription("General (comercial)");
    p.setFixedChargeCentavos(1500);
    p.setEnergyChargeCentavosPerKwh(95);
  }));
  Ok(ledger_.Run(Role::SUPERVISOR, [](C::Builder c) {
    auto p = c.initSetTechnicianOnDuty();
    p.setName("Mario Ramos");
    p.setPhone("72612345");
  }));
  auto ref = ledger_.Reference();
  EXPECT_EQ(ref.tariffs.at(schema::TariffCategory::GENERAL).energy_charge_centavos_per_kwh, 95);
  EXPECT_EQ(ref.technician_on_duty, "Mario Ramos");
  EXPECT_EQ(ref.technician_phone, "72612345");
  EXPECT_EQ(ref.checklists.at({CaseKind::NEW_CONNECTION, schema::TariffCategory::RESIDENTIAL}), kConnectionDocs);
}

TEST_F(Reference, InvalidReferenceDataIsRefused) {
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, SetPrice("CAB-6", 0), "value_out_of_range");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, [](C::Builder c) { c.initSetTechnicianOnDuty().setName("X"); },
                 "field_required");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, [](C::Builder c) { c.initSetRequirementChecklist(); }, "field_required");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, SetPrice("CAB-6", 100), "not_allowed_for_role");
}

TEST_F(Reference, SupervisorSetsTheHolidaysOnceEachInDateOrder) {
  Ok(ledger_.Run(Role::SUPERVISOR, SetHolidays({"2026-08-06", "2026-01-01", "2026-08-06"})));
  EXPECT_EQ(ledger_.Reference().holidays, (std::set<std::string>{"2026-01-01", "2026-08-06"}));
  Ok(ledger_.Run(Role::SUPERVISOR, SetHolidays({"2027-01-01"})));  // the whole list is replaced
  EXPECT_EQ(ledger_.Reference().holidays, (std::set<std::string>{"2027-01-01"}));
}

TEST_F(Reference, AHolidayThatIsNotARealDateIsRefused) {
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, SetHolidays({"2026-02-30"}), "date_malformed");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, SetHolidays({"2026/08/06"}), "date_malformed");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, SetHolidays({"6 de agosto"}), "date_malformed");
}

TEST_F(Reference, OnlyTheSupervisorSetsTheHolidays) {
  EXPECT_REFUSED(ledger_, Role::PLATFORM, SetHolidays({"2026-08-06"}), "not_allowed_for_role");
}

TEST_F(Reference, QuoteUsesThePriceListInForceWhenIssued) {
  auto first = RunNewConnection(ledger_, "1112223", Stage::kQuote);
  Ok(ledger_.Run(Role::SUPERVISOR, SetPrice("CAB-6", 1400)));  // Bs 12.50 -> Bs 14.00
  auto second = RunNewConnection(ledger_, "2223334", Stage::kQuote);
  EXPECT_EQ(ledger_.Order(first.cot).quote_lines[0].unit_price_centavos, 1250);
  EXPECT_EQ(ledger_.Order(first.cot).total_centavos, 50585);
  EXPECT_EQ(ledger_.Order(second.cot).quote_lines[0].unit_price_centavos, 1400);
  EXPECT_EQ(ledger_.Order(second.cot).total_centavos, 30 * 1400 + 8575 + 4510);
  // The earlier quote is paid at its own total.
  Ok(ledger_.Run(Role::CASHIER, RecordPayment(first.case_id, 50585)));
}

TEST_F(Reference, SupervisorCorrectsARecordedEventWithoutRewritingIt) {
  auto r = RunNewConnection(ledger_, "1112223", Stage::kClient);
  const uint64_t head = ledger_.HeadPosition();
  // The client's registration is the event before the case's caseClientRecorded.
  const uint64_t registered = head - 1;
  auto out = Ok(ledger_.Run(Role::SUPERVISOR, Correction(registered, "Apellido materno omitido")));
  ASSERT_EQ(out.streams.size(), 1u);
  EXPECT_EQ(out.streams[0], domain::ClientStream("1112223"));
  EXPECT_EQ(ledger_.HeadPosition(), head + 1);  // appended, nothing rewritten
  // The client reads as corrected (domain_correction_test.cc has each kind of fact).
  EXPECT_EQ(ledger_.Client("1112223").full_name, "Juana Mamani Quispe");
}

TEST_F(Reference, CorrectionNeedsSupervisorReasonAndAnExistingEvent) {
  RunNewConnection(ledger_, "1112223", Stage::kClient);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, Correction(1, "x"), "not_allowed_for_role");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correction(1, ""), "reason_required");
  EXPECT_REFUSED(ledger_, Role::SUPERVISOR, Correction(999, "x"), "event_not_found");
}

// Through the real store and handler, which check each stream's expected version: the correction
// goes to the corrected event's stream, whose version must be read (issue 15: every correction
// answered 409 conflict_retries_exhausted).
TEST(CorrectionOnTheStore, SupervisorCorrectsARecordedEventOnTheRealStore) {
  StoreLedger ledger;
  SeedReference(ledger);
  RunNewConnection(ledger, "1112223", Stage::kClient);
  const uint64_t head = ledger.HeadPosition();
  const uint64_t registered = head - 1;  // clientRegistered, before the case's caseClientRecorded
  auto out = Ok(ledger.Run(Role::SUPERVISOR, Correction(registered, "Apellido materno omitido")));
  ASSERT_EQ(out.streams.size(), 1u);
  EXPECT_EQ(out.streams[0], domain::ClientStream("1112223"));
  EXPECT_EQ(ledger.HeadPosition(), head + 1);
  // A second correction of the same stream goes through as well (its version was read again).
  Ok(ledger.Run(Role::SUPERVISOR, [&](C::Builder c) {
    auto p = c.initRecordCorrection();
    p.setCorrectedPosition(registered);
    p.setField("address");
    p.setCorrectedValue("Av. Chichas 120");
    p.setReason("Dirección mal escrita");
  }));
  EXPECT_EQ(ledger.HeadPosition(), head + 2);
  EXPECT_REFUSED(ledger, Role::SUPERVISOR, Correction(999, "x"), "event_not_found");
}

}  // namespace
}  // namespace bitacora::testing
