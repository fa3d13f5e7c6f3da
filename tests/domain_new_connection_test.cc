// 8.1 new connection, step by step and branch by branch, decided in memory (no database).
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::FieldOutcome;
using domain::OrderStatus;

constexpr const char* kCi = "4455667 PT";
constexpr const char* kCiId = "4455667";

class NewConnection : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }
  MemoryLedger ledger_;
};

TEST_F(NewConnection, PlatformOpensCaseNumberedPerYear) {
  auto first = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::NEW_CONNECTION, kCi)));
  auto second = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::NEW_CONNECTION, "7654321")));
  EXPECT_EQ(first.case_id, "TRA-2026-000001");
  EXPECT_EQ(second.case_id, "TRA-2026-000002");
  auto c = ledger_.Case(first.case_id);
  EXPECT_TRUE(c.exists);
  EXPECT_EQ(c.client_ci, kCiId);
  EXPECT_EQ(c.kind, CaseKind::NEW_CONNECTION);
}

TEST_F(NewConnection, IncompleteDocumentsAreRecordedAndCaseWaitsAtStepOne) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOpened);
  auto out = Ok(ledger_.Run(Role::PLATFORM, PresentDocuments(r.case_id, {"Fotocopia de CI"},
                                                              schema::Referral::LEGAL_ADVICE)));
  EXPECT_EQ(out.notice_code, "documents_incomplete");
  EXPECT_NE(out.notice_message.find("Faltan documentos: Documento de propiedad y Croquis de ubicación"),
            std::string::npos)
      << out.notice_message;
  EXPECT_NE(out.notice_message.find("Asesoría Legal"), std::string::npos);
  auto c = ledger_.Case(r.case_id);
  EXPECT_FALSE(c.documents_accepted);
  EXPECT_EQ(c.missing_documents.size(), 2u);
  // The case cannot go on to step 2: refused naming what is missing.
  EXPECT_REFUSED(ledger_, Role::PLATFORM, RegisterClient(r.case_id, kCi), "documents_incomplete");
  // The client comes back with everything: accepted.
  auto again = Ok(ledger_.Run(Role::PLATFORM, PresentDocuments(r.case_id, kConnectionDocs)));
  EXPECT_TRUE(again.notice_code.empty());
  EXPECT_TRUE(ledger_.Case(r.case_id).documents_accepted);
}

TEST_F(NewConnection, DocumentsMatchIgnoringCaseAndSpaces) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOpened);
  auto out = Ok(ledger_.Run(Role::PLATFORM, PresentDocuments(r.case_id, {"fotocopia de ci", "DOCUMENTO DE PROPIEDAD",
                                                                          "Croquis de  ubicación"})));
  EXPECT_TRUE(out.notice_code.empty());
}

TEST_F(NewConnection, DocumentsWithoutChecklistAreRefused) {
  auto id = Ok(ledger_.Run(Role::PLATFORM, [](C::Builder c) {
                 auto p = c.initOpenCase();
                 p.setKind(CaseKind::NEW_CONNECTION);
                 p.setClientCi("4455667");
                 p.setTariffCategory(schema::TariffCategory::INDUSTRIAL_LARGE);
                 p.setAddress("Zona industrial");
               })).case_id;
  EXPECT_REFUSED(ledger_, Role::PLATFORM, PresentDocuments(id, kConnectionDocs), "checklist_not_defined");
}

TEST_F(NewConnection, PlatformRegistersNewClientByCi) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kClient);
  auto client = ledger_.Client(kCiId);
  EXPECT_TRUE(client.exists);
  EXPECT_EQ(client.full_name, "Juana Mamani");
  EXPECT_EQ(client.department, "PT");
  EXPECT_TRUE(ledger_.Case(r.case_id).client_recorded);
}

TEST_F(NewConnection, PlatformUpdatesKnownClientData) {
  RunNewConnection(ledger_, kCi, Stage::kClient);
  auto second = RunNewConnection(ledger_, kCi, Stage::kDocuments);
  Ok(ledger_.Run(Role::PLATFORM, RegisterClient(second.case_id, kCi, "Juana Mamani Quispe", "Calle Sucre 9")));
  auto client = ledger_.Client(kCiId);
  EXPECT_EQ(client.full_name, "Juana Mamani Quispe");
  EXPECT_EQ(client.address, "Calle Sucre 9");
}

TEST_F(NewConnection, RegisteringAnotherClientsCiInTheCaseIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kDocuments);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, RegisterClient(r.case_id, "9998887"), "client_mismatch");
}

TEST_F(NewConnection, PlatformIssuesOrtWithDocumentsAttached) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  EXPECT_EQ(r.ort, "ORT-2026-000001");
  auto ort = ledger_.Order(r.ort);
  EXPECT_EQ(ort.type, OrderType::ORT);
  EXPECT_EQ(ort.case_id, r.case_id);
  EXPECT_EQ(ort.attached_documents, kConnectionDocs);
  EXPECT_EQ(ort.status, OrderStatus::kIssued);
}

TEST_F(NewConnection, TechnicianRecordsVisitWithMaterialsDetail) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kVisit);
  auto ort = ledger_.Order(r.ort);
  EXPECT_EQ(ort.status, OrderStatus::kReturned);
  EXPECT_EQ(ort.outcome, FieldOutcome::kExecuted);
  ASSERT_EQ(ort.materials.size(), 3u);
  EXPECT_EQ(ort.materials[0], (std::pair<std::string, int64_t>{"CAB-6", 30}));
  EXPECT_EQ(ort.plan_reference, "Plano P-17");
}

TEST_F(NewConnection, VisitWithoutMaterialsIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordVisit(r.ort, {}), "materials_detail_empty");
}

TEST_F(NewConnection, PlatformIssuesQuoteAtCurrentPricesToTheCentavo) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kQuote);
  auto cot = ledger_.Order(r.cot);
  EXPECT_EQ(cot.related_order, r.ort);
  ASSERT_EQ(cot.quote_lines.size(), 3u);
  EXPECT_EQ(cot.quote_lines[0].subtotal_centavos, 30 * 1250);
  EXPECT_EQ(cot.total_centavos, 37500 + 8575 + 4510);
}

TEST_F(NewConnection, QuoteWithUnpricedMaterialIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kOrt);
  Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(r.ort, {{"POSTE-9", 1}})));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::ISSUE_QUOTE, r.case_id), "price_missing");
}

TEST_F(NewConnection, CashierRecordsPaymentWhichIssuesTheOem) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kPaid);
  auto oem = ledger_.Order(r.oem);
  EXPECT_EQ(oem.type, OrderType::OEM);
  EXPECT_EQ(oem.related_order, r.cot);
  EXPECT_EQ(oem.total_centavos, 50585);
  EXPECT_EQ(oem.quote_lines.size(), 3u);
}

TEST_F(NewConnection, WarehouseRecordsMaterialsDelivery) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kDelivered);
  auto oem = ledger_.Order(r.oem);
  EXPECT_EQ(oem.status, OrderStatus::kReturned);
  EXPECT_EQ(oem.outcome, FieldOutcome::kExecuted);
}

TEST_F(NewConnection, PartialDeliveryIsAllowed) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kPaid);
  Ok(ledger_.Run(Role::WAREHOUSE, RecordDelivery(r.oem, {{"CAB-6", 20}})));
  EXPECT_EQ(ledger_.Order(r.oem).materials.size(), 1u);
}

TEST_F(NewConnection, PlatformRecordsInstallationByAuthorisedTechnician) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInstalled);
  EXPECT_TRUE(ledger_.Case(r.case_id).installation_reported);
}

TEST_F(NewConnection, PlatformCreatesSubscriberAndIssuesInspectionOrder) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspectionOrdered);
  EXPECT_EQ(r.subscriber, "000001");
  auto sub = ledger_.Subscriber(r.subscriber);
  EXPECT_EQ(sub.status, SubscriberStatus::IN_CONNECTION);
  EXPECT_EQ(domain::SubscriberStatusLetter(sub.status), 'X');
  EXPECT_EQ(sub.client_ci, kCiId);
  auto oit = ledger_.Order(r.oit);
  EXPECT_EQ(oit.inspection_kind, schema::InspectionKind::NEW_INSTALLATION);
  EXPECT_EQ(oit.subscriber_number, r.subscriber);
}

TEST_F(NewConnection, TechnicianValidatesInstallationSatisfactory) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspected);
  auto oit = ledger_.Order(r.oit);
  EXPECT_TRUE(oit.satisfactory);
  EXPECT_EQ(oit.outcome, FieldOutcome::kExecuted);
}

TEST_F(NewConnection, UnsatisfactoryInspectionCannotBeViableButCanBeInspectedAgain) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspectionOrdered);
  Ok(ledger_.Run(Role::TECHNICIAN, RecordInspection(r.oit, false)));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, DecideViability(r.case_id, true), "inspection_not_satisfactory");
  auto second = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, r.case_id))));
  EXPECT_EQ(second, "OIT-2026-000002");
  EXPECT_EQ(ledger_.Order(second).subscriber_number, r.subscriber);  // same subscriber
  Ok(ledger_.Run(Role::TECHNICIAN, RecordInspection(second, true)));
  Ok(ledger_.Run(Role::PLATFORM, DecideViability(r.case_id, true)));
  EXPECT_EQ(ledger_.Case(r.case_id).viability_inspection, second);
}

TEST_F(NewConnection, NotViableRecordsReasonsInformsClientSendsToOdecoAndCloses) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kInspectionOrdered);
  Ok(ledger_.Run(Role::TECHNICIAN, RecordInspection(r.oit, false)));
  EXPECT_REFUSED(ledger_, Role::PLATFORM, [&](C::Builder c) {
    auto p = c.initDecideViability();
    p.setCaseId(r.case_id);
    p.setViable(false);
  }, "reason_required");
  Ok(ledger_.Run(Role::PLATFORM, DecideViability(r.case_id, false)));
  auto c = ledger_.Case(r.case_id);
  EXPECT_TRUE(c.closed);
  EXPECT_EQ(c.outcome, schema::CaseOutcome::NOT_VIABLE);
  EXPECT_TRUE(c.sent_to_odeco);
  EXPECT_EQ(ledger_.Subscriber(r.subscriber).status, SubscriberStatus::RETIRED);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, RegisterMeter(r.case_id, "M-9", MeterOwnership::BOUGHT), "case_closed");
  Ok(ledger_.Run(Role::ODECO, ByCase(C::RECEIVE_NON_VIABLE_CASE, r.case_id)));
  EXPECT_TRUE(ledger_.Case(r.case_id).received_by_odeco);
  EXPECT_REFUSED(ledger_, Role::ODECO, ByCase(C::RECEIVE_NON_VIABLE_CASE, r.case_id), "case_not_sent_to_odeco");
}

// 8.1 step 10: "Informar al cliente las razones": whether the clerk did is what the clerk
// records, not a constant.
TEST_F(NewConnection, NotViableRecordsWhetherTheClientWasInformedAsTheClerkSays) {
  for (bool informed : {false, true}) {
    auto r = RunNewConnection(ledger_, informed ? "7778881" : "7778882", Stage::kInspectionOrdered);
    Ok(ledger_.Run(Role::TECHNICIAN, RecordInspection(r.oit, false)));
    Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder c) {
      auto p = c.initDecideViability();
      p.setCaseId(r.case_id);
      p.setViable(false);
      p.initReasons(1).set(0, "Sin poste a menos de 40 m");
      p.setClientInformed(informed);
    }));
    int seen = 0;
    auto read = ledger_.Sources().read_stream(
        domain::CaseStream(r.case_id), [&](const domain::EventMeta&, schema::Event::Reader e) {
          if (e.which() != schema::Event::VIABILITY_DECIDED) return;
          EXPECT_EQ(e.getViabilityDecided().getClientInformed(), informed);
          ++seen;
        });
    ASSERT_TRUE(read.has_value());
    EXPECT_EQ(seen, 1);
  }
}

TEST_F(NewConnection, BoughtMeterIsRegisteredBySerialWithoutFrm) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kMeter, MeterOwnership::BOUGHT, "SN-123");
  EXPECT_TRUE(r.frm.empty());
  auto meter = ledger_.Meter("SN-123");
  EXPECT_TRUE(meter.exists);
  EXPECT_EQ(meter.ownership, MeterOwnership::BOUGHT);
  EXPECT_EQ(ledger_.Case(r.case_id).meter_serial, "SN-123");
}

TEST_F(NewConnection, LentMeterIssuesFrmAndOemd) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kMeter, MeterOwnership::LENT, "COOP-77");
  EXPECT_EQ(r.frm, "FRM-2026-000001");
  EXPECT_EQ(r.oemd, "OEMD-2026-000001");
  EXPECT_EQ(ledger_.Order(r.oemd).meter_serial, "COOP-77");
  EXPECT_EQ(ledger_.Order(r.frm).meter_ownership, MeterOwnership::LENT);
}

TEST_F(NewConnection, GizMeterIssuesFrmAndOemdAndNeedsDeliveryBeforeEnergization) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kFolder, MeterOwnership::GIZ, "GIZ-5");
  EXPECT_FALSE(r.oemd.empty());
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordEnergization(r.oc, "GIZ-5"), "meter_not_delivered");
  Ok(ledger_.Run(Role::WAREHOUSE, RecordMeterDelivery(r.oemd)));
  Ok(ledger_.Run(Role::TECHNICIAN, RecordEnergization(r.oc, "GIZ-5")));
  EXPECT_EQ(ledger_.Meter("GIZ-5").installed_at, r.subscriber);
}

TEST_F(NewConnection, ContractCarriesTheClientsData) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kContract);
  auto con = ledger_.Order(r.con);
  EXPECT_EQ(con.type, OrderType::CON);
  EXPECT_EQ(con.subscriber_number, r.subscriber);
}

TEST_F(NewConnection, HandOverGivesConnectionOrderToTechnician) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kHandedOver);
  EXPECT_EQ(ledger_.Order(r.oc).status, OrderStatus::kHandedOver);
  EXPECT_TRUE(ledger_.Case(r.case_id).handed_over);
}

TEST_F(NewConnection, FolderHoldsEveryDocumentAndOrder) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kFolder);
  EXPECT_TRUE(ledger_.Case(r.case_id).folder_assembled);
  EXPECT_EQ(ledger_.Client(kCiId).folder_cases, std::vector<std::string>{r.case_id});
}

TEST_F(NewConnection, EnergizationBeforeHandOverIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kSigned);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordEnergization(r.oc, "MED-0001"), "step_not_allowed");
}

TEST_F(NewConnection, EnergizationWithAnotherMeterIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kFolder);
  EXPECT_REFUSED(ledger_, Role::TECHNICIAN, RecordEnergization(r.oc, "OTRO-1"), "meter_mismatch");
}

TEST_F(NewConnection, CompletingBeforeEnergizationIsRefused) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kFolder);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::COMPLETE_CASE, r.case_id), "step_not_allowed");
}

TEST_F(NewConnection, FullRunFromDocumentsToArchivedOrt) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kCompleted, MeterOwnership::LENT, "COOP-1");
  // Every order, numbered from 1 for the year.
  EXPECT_EQ(r.ort, "ORT-2026-000001");
  EXPECT_EQ(r.cot, "COT-2026-000001");
  EXPECT_EQ(r.oem, "OEM-2026-000001");
  EXPECT_EQ(r.oit, "OIT-2026-000001");
  EXPECT_EQ(r.frm, "FRM-2026-000001");
  EXPECT_EQ(r.oemd, "OEMD-2026-000001");
  EXPECT_EQ(r.oc, "OC-2026-000001");
  EXPECT_EQ(r.con, "CON-2026-000001");
  // The case is complete; the subscriber is in normal service with the meter installed.
  auto c = ledger_.Case(r.case_id);
  EXPECT_TRUE(c.closed);
  EXPECT_EQ(c.outcome, schema::CaseOutcome::COMPLETED);
  EXPECT_EQ(c.orders.size(), 8u);
  auto sub = ledger_.Subscriber(r.subscriber);
  EXPECT_EQ(sub.status, SubscriberStatus::NORMAL);
  EXPECT_EQ(sub.meter_serial, "COOP-1");
  auto meter = ledger_.Meter("COOP-1");
  EXPECT_EQ(meter.location, domain::MeterLocation::kInstalled);
  EXPECT_EQ(meter.installed_at, r.subscriber);
  // Orders: field orders returned executed; the ORT processed.
  for (const std::string& n : {r.ort, r.oem, r.oit, r.oc, r.oemd}) {
    auto o = ledger_.Order(n);
    EXPECT_EQ(o.status, OrderStatus::kReturned) << n;
    EXPECT_EQ(o.outcome, FieldOutcome::kExecuted) << n;
  }
  EXPECT_TRUE(ledger_.Order(r.ort).requirements_processed);
  EXPECT_EQ(ledger_.Order(r.oc).meter_serial, "COOP-1");
  // 8.5: the ORT is verified, registered in the daily control and archived.
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.ort)));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.ort})));
  EXPECT_EQ(ledger_.Order(r.ort).control_date, "2026-11-18");
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, r.ort)));
  EXPECT_EQ(ledger_.Order(r.ort).status, OrderStatus::kArchived);
  // A closed case takes no further steps.
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::COMPLETE_CASE, r.case_id), "case_closed");
}

TEST_F(NewConnection, StepsCannotBeSkipped) {
  auto r = RunNewConnection(ledger_, kCi, Stage::kClient);
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::ISSUE_QUOTE, r.case_id), "step_not_allowed");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, r.case_id), "step_not_allowed");
  EXPECT_REFUSED(ledger_, Role::PLATFORM, ByCase(C::PREPARE_CONTRACT, r.case_id), "step_not_allowed");
  auto refused = ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_QUOTE, r.case_id));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("paso 3"), std::string::npos) << refused.error().message;
  EXPECT_NE(refused.error().message.find("paso 5"), std::string::npos) << refused.error().message;
}

TEST_F(NewConnection, DerivedConnectionUsesDerivedInspectionKind) {
  auto id = Ok(ledger_.Run(Role::PLATFORM, OpenCase(CaseKind::DERIVED_CONNECTION, kCi))).case_id;
  Ok(ledger_.Run(Role::PLATFORM, PresentDocuments(id, kConnectionDocs)));
  Ok(ledger_.Run(Role::PLATFORM, RegisterClient(id, kCi)));
  auto ort = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, id))));
  Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(ort, {{"CAB-6", 2}})));
  Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_QUOTE, id)));
  auto oem = OnlyOrder(Ok(ledger_.Run(Role::CASHIER, RecordPayment(id, 2500))));
  Ok(ledger_.Run(Role::WAREHOUSE, RecordDelivery(oem, {{"CAB-6", 2}})));
  Ok(ledger_.Run(Role::PLATFORM, ReportInstallation(id)));
  auto oit = OnlyOrder(Ok(ledger_.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, id))));
  EXPECT_EQ(ledger_.Order(oit).inspection_kind, schema::InspectionKind::DERIVED);
}

}  // namespace
}  // namespace bitacora::testing
