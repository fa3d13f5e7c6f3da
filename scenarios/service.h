// 8.2 reconnection, 8.3 cut and 8.4 removal or suspension on a connected subscriber: one case's
// data, its steps (one command each) and the whole walk of each procedure.
#ifndef BITACORA_SCENARIOS_SERVICE_H_
#define BITACORA_SCENARIOS_SERVICE_H_

#include <cstdint>
#include <string>

#include "scenarios/commands.h"
#include "scenarios/desk.h"

namespace bitacora::scenarios {

struct Service {
  schema::CaseKind kind = schema::CaseKind::CUT;  // CUT, RECONNECTION or REMOVAL
  std::string ci, subscriber, meter;    // the client, the subscriber and its installed meter
  std::string address = cmd::kAddress;  // written on the case (empty: none)
  schema::RemovalMode mode = schema::RemovalMode::REMOVAL;
  int64_t meter_reading = 0;                 // read at the cut, the removal and the reconnection
  std::string technician;                    // who acts in the field; empty: Desk::ActorOf
  std::string handed_to = kFieldTechnician;  // whom the desk hands orders and papers to

  // Filled by the steps.
  std::string case_id;
  std::string order;  // the OCS (cut), the OSR (removal) or the OIT (reconnection)
  std::string oc;     // the reconnection's OC
};

namespace service {

// Each step runs one command and records in `s` the case id or the order it issued. Errors:
// the desk's answer unchanged.
Result<CommandOutcome> Open(Desk& desk, Service& s);  // on s.subscriber, for s.ci
// 8.3
Result<CommandOutcome> ExplainCutConditions(Desk& desk, Service& s);
Result<CommandOutcome> RecordClientConfirmation(Desk& desk, Service& s);
Result<CommandOutcome> IssueCutOrder(Desk& desk, Service& s);  // signed by the client; s.order
Result<CommandOutcome> HandOrderToTechnician(Desk& desk, Service& s);
Result<CommandOutcome> ExecuteCut(Desk& desk, Service& s);
// 8.4
Result<CommandOutcome> IssueRemovalOrder(Desk& desk, Service& s);  // s.mode; s.order
Result<CommandOutcome> ExecuteRemoval(Desk& desk, Service& s);
// 8.2 (with a folder): the OIT, then, after the reconnection window, the rest.
Result<CommandOutcome> IssueInspectionOrder(Desk& desk, Service& s);  // s.order
Result<CommandOutcome> ProcessReconnectionInspection(Desk& desk, Service& s);
Result<CommandOutcome> IssueConnectionOrder(Desk& desk, Service& s);  // s.oc
Result<CommandOutcome> PrepareContract(Desk& desk, Service& s);
Result<CommandOutcome> SignContract(Desk& desk, Service& s);
Result<CommandOutcome> HandOver(Desk& desk, Service& s);
Result<CommandOutcome> AssembleFolder(Desk& desk, Service& s);
Result<CommandOutcome> Energize(Desk& desk, Service& s);  // the OC, with s.meter
Result<CommandOutcome> Complete(Desk& desk, Service& s);

// Whole procedures; each stops at the first refusal and returns it.
// 8.3 from opening to the executed cut (the OCS handed to the technician when `hand_over`).
Status Cut(Desk& desk, Service& s, bool hand_over = true);
// 8.4 from opening to the executed removal or suspension.
Status Removal(Desk& desk, Service& s);
// 8.2 after the OIT: the inspection once the window passed, through to the completed case.
// Open and IssueInspectionOrder come first, with the window's wait between.
Status FinishReconnection(Desk& desk, Service& s);

}  // namespace service
}  // namespace bitacora::scenarios

#endif  // BITACORA_SCENARIOS_SERVICE_H_
