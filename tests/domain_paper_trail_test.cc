// The paper trail of 8.1 steps 11–14 (issue #15): the client signs the Formulario de Registro de
// Medidor with the contract when the case has one (step 13 "Firmar los documentos que
// correspondan"); the Guía de Registro de Medidor is issued with the FRM (step 11); the Orden de
// Conexión names the Orden de Entrega de Medidor whose meter it installs (step 14).
#include <algorithm>

#include "core/domain/text_list.h"
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using scenarios::cmd::SignContract;

class PaperTrail : public ::testing::Test {
 protected:
  void SetUp() override { SeedReference(ledger_); }
  MemoryLedger ledger_;
};

TEST_F(PaperTrail, ClientWithALentMeterSignsTheFrmWithTheContract) {
  auto run = RunNewConnection(ledger_, "1111111", Stage::kContract, MeterOwnership::LENT, "COOP-1");
  ASSERT_FALSE(run.frm.empty());
  EXPECT_REFUSED(ledger_, Role::PLATFORM, SignContract(run.case_id, false), "frm_not_signed");
  Ok(ledger_.Run(Role::PLATFORM, SignContract(run.case_id, true)));
  auto kase = ledger_.Case(run.case_id);
  EXPECT_EQ(kase.signed_contract, run.con);
  EXPECT_EQ(kase.signed_frm, run.frm);
}

TEST_F(PaperTrail, ClientWithABoughtMeterSignsOnlyTheContract) {
  auto run =
      RunNewConnection(ledger_, "2222222", Stage::kContract, MeterOwnership::BOUGHT, "MED-2");
  ASSERT_TRUE(run.frm.empty());
  Ok(ledger_.Run(Role::PLATFORM, SignContract(run.case_id, false)));
  EXPECT_EQ(ledger_.Case(run.case_id).signed_contract, run.con);
  EXPECT_EQ(ledger_.Case(run.case_id).signed_frm, "");
}

TEST_F(PaperTrail, TheMeterRegistrationGuideGoesWithTheFrm) {
  auto giz = RunNewConnection(ledger_, "3333333", Stage::kMeter, MeterOwnership::GIZ, "GIZ-3");
  ASSERT_FALSE(giz.frm.empty());
  EXPECT_EQ(ledger_.Case(giz.case_id).meter_guide_frm, giz.frm);
  auto bought =
      RunNewConnection(ledger_, "4444444", Stage::kMeter, MeterOwnership::BOUGHT, "MED-4");
  EXPECT_EQ(ledger_.Case(bought.case_id).meter_guide_frm, "");
}

TEST_F(PaperTrail, TheGuideIsADocumentOfTheAssembledFolder) {
  auto run = RunNewConnection(ledger_, "7777777", Stage::kFolder, MeterOwnership::LENT, "COOP-7");
  std::vector<std::string> documents;
  auto read = ledger_.Sources().read_stream(
      domain::CaseStream(run.case_id), [&](const domain::EventMeta&, schema::Event::Reader e) {
        if (e.which() == schema::Event::FOLDER_ASSEMBLED) {
          documents = domain::ToStrings(e.getFolderAssembled().getDocuments());
        }
      });
  ASSERT_TRUE(read.has_value());
  EXPECT_NE(std::find(documents.begin(), documents.end(),
                      "Guía de Registro de Medidor (" + run.frm + ")"),
            documents.end());
  EXPECT_NE(std::find(documents.begin(), documents.end(), run.frm), documents.end());
}

TEST_F(PaperTrail, TheConnectionOrderNamesTheMeterDeliveryOrderItInstalls) {
  auto lent =
      RunNewConnection(ledger_, "5555555", Stage::kConnectionOrder, MeterOwnership::LENT, "COOP-5");
  ASSERT_FALSE(lent.oemd.empty());
  EXPECT_EQ(ledger_.Order(lent.oc).related_order, lent.oemd);
  auto bought = RunNewConnection(ledger_, "6666666", Stage::kConnectionOrder,
                                 MeterOwnership::BOUGHT, "MED-6");
  EXPECT_EQ(ledger_.Order(bought.oc).related_order, "");
}

}  // namespace
}  // namespace bitacora::testing
