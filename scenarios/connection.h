// 8.1 and the kinds on a connection (relocation, meter change, service-drop repair, derived
// connection): one case's data and its steps, each one command at the desk or in the field, and
// Walk(), which runs them in order up to a stage.
#ifndef BITACORA_SCENARIOS_CONNECTION_H_
#define BITACORA_SCENARIOS_CONNECTION_H_

#include <string>

#include "scenarios/commands.h"
#include "scenarios/desk.h"
#include "scenarios/reference.h"

namespace bitacora::scenarios {

// The stages of an 8.1 case, in the order Walk() reaches them.
enum class Stage {
  kOpened,
  kDocuments,
  kClient,
  kOrt,
  kVisit,
  kQuote,
  kPaid,
  kDelivered,
  kInstalled,
  kInspectionOrdered,
  kInspected,
  kViable,
  kMeter,
  kConnectionOrder,
  kContract,
  kSigned,
  kHandedOver,
  kFolder,
  kEnergized,
  kCompleted,
};

// One connection case: what the client brings (set before Open), then the numbers the steps fill.
struct Connection {
  schema::CaseKind kind = schema::CaseKind::NEW_CONNECTION;
  schema::TariffCategory category = schema::TariffCategory::RESIDENTIAL;
  std::string ci, name = "Juana Mamani", address = cmd::kAddress, phone = "70012345";
  std::string client_address;  // registered with the client; empty: the case's address
  std::string subscriber;      // the kinds on a subscriber: given; a new connection: from the OIT
  Materials materials = ResidentialMaterials(30);  // what the visit lists and the warehouse gives
  int64_t payment_centavos = 50585;                // the quote of the default materials
  std::string receipt = "R-1";
  std::string plan = "Plano P-17";
  std::string meter = "MED-0001";  // registered at kMeter; empty: the subscriber's meter stays
  schema::MeterOwnership ownership = schema::MeterOwnership::BOUGHT;
  std::string technician;  // who acts in the field; empty: the desk's technician (Desk::ActorOf)
  std::string handed_to = kFieldTechnician;  // whom the desk hands the papers to
  std::string installer = kInstaller;        // the authorized electrician who installed

  // Filled by the steps.
  std::string case_id, ort, cot, oem, oit, frm, oemd, oc, con;
};

namespace connection {

// Each step runs one command (two for Energize with a meter to deliver) and, when it succeeds,
// records in `c` the case id or the order it issued. Errors: the desk's answer unchanged.
Result<CommandOutcome> Open(Desk& desk, Connection& c);
// All of kConnectionDocs; `complete` false presents only the CI (recorded, with a notice).
Result<CommandOutcome> PresentDocuments(Desk& desk, Connection& c, bool complete = true);
Result<CommandOutcome> RegisterClient(Desk& desk, Connection& c);
Result<CommandOutcome> IssueRequirementsOrder(Desk& desk, Connection& c);  // c.ort
Result<CommandOutcome> RecordVisit(Desk& desk, Connection& c);
// The ORT comes back not executed (the branch that needs a new ORT).
Result<CommandOutcome> VisitNotDone(Desk& desk, Connection& c, const std::string& reason);
Result<CommandOutcome> IssueQuote(Desk& desk, Connection& c);        // c.cot
Result<CommandOutcome> Pay(Desk& desk, Connection& c);               // as the cashier; c.oem
Result<CommandOutcome> DeliverMaterials(Desk& desk, Connection& c);  // as the warehouse
Result<CommandOutcome> ReportInstallation(Desk& desk, Connection& c);
// c.oit, and c.subscriber when the OIT creates the subscriber (a new connection).
Result<CommandOutcome> IssueInspectionOrder(Desk& desk, Connection& c);
Result<CommandOutcome> RecordInspection(Desk& desk, Connection& c, bool satisfactory,
                                        const std::string& finding = "Puesta a tierra ausente");
Result<CommandOutcome> DecideViability(
    Desk& desk, Connection& c, bool viable,
    const std::string& reason = "La red no llega a la dirección");
Result<CommandOutcome> SendNonViableToOdeco(Desk& desk, Connection& c);  // as ODECO
// Registers c.meter (c.frm and c.oemd for a lent or GIZ meter). Call only with a meter.
Result<CommandOutcome> RegisterMeter(Desk& desk, Connection& c);
Result<CommandOutcome> IssueConnectionOrder(Desk& desk, Connection& c);  // c.oc
Result<CommandOutcome> PrepareContract(Desk& desk, Connection& c);       // c.con
Result<CommandOutcome> SignContract(Desk& desk, Connection& c);
Result<CommandOutcome> HandOver(Desk& desk, Connection& c);
Result<CommandOutcome> AssembleFolder(Desk& desk, Connection& c);
Result<CommandOutcome> DeliverMeter(Desk& desk, Connection& c);  // the OEMD, as the warehouse
// The OEMD first when there is one, then the energization (reading 0) in the field.
Result<CommandOutcome> Energize(Desk& desk, Connection& c);
Result<CommandOutcome> Complete(Desk& desk, Connection& c);

// Runs the steps of the happy path from `from` to `stop`, both included (kMeter is skipped when
// c.meter is empty). Stops at the first refusal and returns it; `c` keeps what the steps before
// filled. A walk resumed at `from` needs `c` as the walk that stopped before it left it.
Status Walk(Desk& desk, Connection& c, Stage stop = Stage::kCompleted, Stage from = Stage::kOpened);

}  // namespace connection
}  // namespace bitacora::scenarios

#endif  // BITACORA_SCENARIOS_CONNECTION_H_
