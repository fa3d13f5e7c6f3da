// The client's folder and the case history show the paper trail (issue #15): the receipt of the
// payment on its OEM's entry (8.1 step 6), a refund by the cashier, the FRM signed with the
// contract, the Guía de Registro de Medidor, and the OEMD an Orden de Conexión installs.
#include <algorithm>

#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using E = schema::Event;
using projections::Entity;
using projections::FolderEntry;

// The detail of the first entry of `type` (about `document`, when given); "?" if none.
std::string DetailOf(const std::vector<FolderEntry>& entries, E::Which type,
                     const std::string& document = "") {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const FolderEntry& e) {
    return e.event_type == type && (document.empty() || e.document == document);
  });
  return it == entries.end() ? "?" : it->detail;
}

class ProjectionPaperTrail : public ProjectionTest {};

TEST_F(ProjectionPaperTrail, TheFolderEntryOfThePaymentShowsItsReceipt) {
  auto run = RunNewConnection(ledger_, "1111111", Stage::kPaid);  // receipt "R-1"
  auto folder = Views().Folder("1111111");
  ASSERT_TRUE(folder.has_value());
  EXPECT_EQ(DetailOf(*folder, E::ORDER_ISSUED, run.oem), "recibo R-1, Bs 505.85 pagados en cajas");
  EXPECT_EQ(DetailOf(*folder, E::ORDER_ISSUED, run.cot), "");
}

TEST_F(ProjectionPaperTrail, TheRefundIsInTheFolderAndTheCaseHistory) {
  auto run = RunNewConnection(ledger_, "2222222", Stage::kPaid);
  Ok(ledger_.Run(Role::PLATFORM, [&](C::Builder c) {
    auto p = c.initWithdrawCase();
    p.setCaseId(run.case_id);
    p.setReason("desiste");
  }));
  Ok(ledger_.Run(Role::CASHIER, [&](C::Builder c) {
    auto p = c.initRefundPayment();
    p.setCaseId(run.case_id);
    p.setReceiptNumber("R-1");
    p.setAmountCentavos(50585);
    p.setReason("desiste");
  }));
  const std::string expected = "recibo R-1, Bs 505.85 devueltos en cajas: desiste";
  auto folder = Views().Folder("2222222");
  ASSERT_TRUE(folder.has_value());
  EXPECT_EQ(DetailOf(*folder, E::PAYMENT_REFUNDED, run.case_id), expected);
  auto history = projections::History(ledger_.store(), Entity::kCase, run.case_id);
  ASSERT_TRUE(history.has_value());
  EXPECT_EQ(history->back().event_type, E::PAYMENT_REFUNDED);
  EXPECT_EQ(history->back().detail, expected);
  EXPECT_EQ(history->back().role, Role::CASHIER);
}

TEST_F(ProjectionPaperTrail, TheFolderShowsTheFrmSignedItsGuideAndTheOemdOfTheOc) {
  auto run = RunNewConnection(ledger_, "3333333", Stage::kSigned, MeterOwnership::LENT, "COOP-3");
  auto folder = Views().Folder("3333333");
  ASSERT_TRUE(folder.has_value());
  EXPECT_EQ(DetailOf(*folder, E::METER_REGISTRATION_GUIDE_ISSUED),
            "con el " + run.frm + ", medidor COOP-3");
  EXPECT_EQ(DetailOf(*folder, E::CONTRACT_SIGNED), "firmado " + run.con + " y " + run.frm);
  EXPECT_EQ(DetailOf(*folder, E::ORDER_ISSUED, run.oc), "instala el medidor de la " + run.oemd);
}

}  // namespace
}  // namespace bitacora::testing
