#include "scenarios/connection.h"

namespace bitacora::scenarios::connection {
namespace {

using C = schema::Command;
using schema::Role;

ActorRef Field(const Desk& desk, const Connection& c) {
  return ActorRef{c.technician.empty() ? desk.ActorOf(Role::TECHNICIAN) : c.technician,
                  Role::TECHNICIAN};
}

// The first issued order whose number starts with `type` ("OEMD-"), or "".
std::string Issued(const CommandOutcome& out, std::string_view type) {
  for (const std::string& o : out.issued_orders) {
    if (o.starts_with(type)) return o;
  }
  return "";
}

// Runs `fill` as the platform and keeps the order of `type` it issued in `*order`.
Result<CommandOutcome> Issue(Desk& desk, const Fill& fill, std::string_view type,
                             std::string* order) {
  auto out = desk.Run(Role::PLATFORM, fill);
  if (out) *order = Issued(*out, type);
  return out;
}

}  // namespace

Result<CommandOutcome> Open(Desk& desk, Connection& c) {
  auto out =
      desk.Run(Role::PLATFORM, cmd::OpenCase(c.kind, c.ci, c.subscriber, c.address, c.category));
  if (out) c.case_id = out->case_id;
  return out;
}

Result<CommandOutcome> PresentDocuments(Desk& desk, Connection& c, bool complete) {
  const std::vector<std::string> docs =
      complete ? kConnectionDocs : std::vector<std::string>{kConnectionDocs[0]};
  return desk.Run(Role::PLATFORM, cmd::PresentDocuments(c.case_id, docs));
}

Result<CommandOutcome> RegisterClient(Desk& desk, Connection& c) {
  return desk.Run(
      Role::PLATFORM,
      cmd::RegisterClient(c.case_id, c.ci, c.name,
                          c.client_address.empty() ? c.address : c.client_address, c.phone));
}

Result<CommandOutcome> IssueRequirementsOrder(Desk& desk, Connection& c) {
  return Issue(desk, cmd::ByCase(C::ISSUE_REQUIREMENTS_ORDER, c.case_id), "ORT-", &c.ort);
}

Result<CommandOutcome> RecordVisit(Desk& desk, Connection& c) {
  return desk.Run(Field(desk, c), cmd::RecordVisit(c.ort, c.materials, c.plan));
}

Result<CommandOutcome> VisitNotDone(Desk& desk, Connection& c, const std::string& reason) {
  return desk.Run(Field(desk, c), cmd::NotExecuted(c.ort, reason));
}

Result<CommandOutcome> IssueQuote(Desk& desk, Connection& c) {
  return Issue(desk, cmd::ByCase(C::ISSUE_QUOTE, c.case_id), "COT-", &c.cot);
}

Result<CommandOutcome> Pay(Desk& desk, Connection& c) {
  auto out = desk.Run(Role::CASHIER, cmd::RecordPayment(c.case_id, c.payment_centavos, c.receipt));
  if (out) c.oem = Issued(*out, "OEM-");
  return out;
}

Result<CommandOutcome> DeliverMaterials(Desk& desk, Connection& c) {
  return desk.Run(Role::WAREHOUSE, cmd::RecordDelivery(c.oem, c.materials));
}

Result<CommandOutcome> ReportInstallation(Desk& desk, Connection& c) {
  return desk.Run(Role::PLATFORM, cmd::ReportInstallation(c.case_id, c.installer));
}

Result<CommandOutcome> IssueInspectionOrder(Desk& desk, Connection& c) {
  auto out = Issue(desk, cmd::ByCase(C::ISSUE_INSPECTION_ORDER, c.case_id), "OIT-", &c.oit);
  if (out && !out->subscriber_number.empty()) c.subscriber = out->subscriber_number;
  return out;
}

Result<CommandOutcome> RecordInspection(Desk& desk, Connection& c, bool satisfactory,
                                        const std::string& finding) {
  return desk.Run(Field(desk, c), cmd::RecordInspection(c.oit, satisfactory, finding));
}

Result<CommandOutcome> DecideViability(Desk& desk, Connection& c, bool viable,
                                       const std::string& reason) {
  return desk.Run(Role::PLATFORM, cmd::DecideViability(c.case_id, viable, reason));
}

Result<CommandOutcome> SendNonViableToOdeco(Desk& desk, Connection& c) {
  return desk.Run(Role::ODECO, cmd::ByCase(C::RECEIVE_NON_VIABLE_CASE, c.case_id));
}

Result<CommandOutcome> RegisterMeter(Desk& desk, Connection& c) {
  auto out = desk.Run(Role::PLATFORM, cmd::RegisterMeter(c.case_id, c.meter, c.ownership));
  if (out) {
    c.frm = Issued(*out, "FRM-");
    c.oemd = Issued(*out, "OEMD-");
  }
  return out;
}

Result<CommandOutcome> IssueConnectionOrder(Desk& desk, Connection& c) {
  return Issue(desk, cmd::ByCase(C::ISSUE_CONNECTION_ORDER, c.case_id), "OC-", &c.oc);
}

Result<CommandOutcome> PrepareContract(Desk& desk, Connection& c) {
  return Issue(desk, cmd::ByCase(C::PREPARE_CONTRACT, c.case_id), "CON-", &c.con);
}

Result<CommandOutcome> SignContract(Desk& desk, Connection& c) {
  return desk.Run(Role::PLATFORM, cmd::SignContract(c.case_id, !c.frm.empty()));
}

Result<CommandOutcome> HandOver(Desk& desk, Connection& c) {
  return desk.Run(Role::PLATFORM, cmd::HandOver(c.case_id, c.handed_to));
}

Result<CommandOutcome> AssembleFolder(Desk& desk, Connection& c) {
  return desk.Run(Role::PLATFORM, cmd::ByCase(C::ASSEMBLE_FOLDER, c.case_id));
}

Result<CommandOutcome> DeliverMeter(Desk& desk, Connection& c) {
  return desk.Run(Role::WAREHOUSE, cmd::RecordMeterDelivery(c.oemd));
}

Result<CommandOutcome> Energize(Desk& desk, Connection& c) {
  if (!c.oemd.empty()) {
    if (auto delivered = DeliverMeter(desk, c); !delivered) return delivered;
  }
  return desk.Run(Field(desk, c), cmd::RecordEnergization(c.oc, c.meter));
}

Result<CommandOutcome> Complete(Desk& desk, Connection& c) {
  return desk.Run(Role::PLATFORM, cmd::ByCase(C::COMPLETE_CASE, c.case_id));
}

}  // namespace bitacora::scenarios::connection
