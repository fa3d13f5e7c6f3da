#include "scenarios/service.h"

namespace bitacora::scenarios::service {
namespace {

using C = schema::Command;
using schema::Role;

ActorRef Field(const Desk& desk, const Service& s) {
  return ActorRef{s.technician.empty() ? desk.ActorOf(Role::TECHNICIAN) : s.technician,
                  Role::TECHNICIAN};
}

Result<CommandOutcome> AtDesk(Desk& desk, const Fill& fill) {
  return desk.Run(Role::PLATFORM, fill);
}

// Runs `fill` as the platform and keeps the first order it issued in `*order`.
Result<CommandOutcome> Issue(Desk& desk, const Fill& fill, std::string* order) {
  auto out = desk.Run(Role::PLATFORM, fill);
  if (out && !out->issued_orders.empty()) *order = out->issued_orders.front();
  return out;
}

}  // namespace

Result<CommandOutcome> Open(Desk& desk, Service& s) {
  auto out = AtDesk(desk, cmd::OpenCase(s.kind, s.ci, s.subscriber, s.address));
  if (out) s.case_id = out->case_id;
  return out;
}

Result<CommandOutcome> ExplainCutConditions(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::CutConditions(s.case_id));
}

Result<CommandOutcome> RecordClientConfirmation(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByCase(C::RECORD_CLIENT_CONFIRMATION, s.case_id));
}

Result<CommandOutcome> IssueCutOrder(Desk& desk, Service& s) {
  return Issue(desk, cmd::ByCase(C::ISSUE_CUT_ORDER, s.case_id), &s.order);
}

Result<CommandOutcome> HandOrderToTechnician(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByOrder(C::HAND_ORDER_TO_TECHNICIAN, s.order, s.handed_to));
}

Result<CommandOutcome> ExecuteCut(Desk& desk, Service& s) {
  return desk.Run(Field(desk, s), cmd::RecordCutExecuted(s.order, s.meter_reading));
}

Result<CommandOutcome> IssueRemovalOrder(Desk& desk, Service& s) {
  return Issue(desk, cmd::IssueRemovalOrder(s.case_id, s.mode), &s.order);
}

Result<CommandOutcome> ExecuteRemoval(Desk& desk, Service& s) {
  return desk.Run(Field(desk, s), cmd::RecordRemovalExecuted(s.order, s.meter_reading));
}

Result<CommandOutcome> IssueInspectionOrder(Desk& desk, Service& s) {
  return Issue(desk, cmd::ByCase(C::ISSUE_INSPECTION_ORDER, s.case_id), &s.order);
}

Result<CommandOutcome> ProcessReconnectionInspection(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByCase(C::PROCESS_RECONNECTION_INSPECTION, s.case_id));
}

Result<CommandOutcome> IssueConnectionOrder(Desk& desk, Service& s) {
  return Issue(desk, cmd::ByCase(C::ISSUE_CONNECTION_ORDER, s.case_id), &s.oc);
}

Result<CommandOutcome> PrepareContract(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByCase(C::PREPARE_CONTRACT, s.case_id));
}

Result<CommandOutcome> SignContract(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByCase(C::RECORD_CONTRACT_SIGNED, s.case_id));
}

Result<CommandOutcome> HandOver(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::HandOver(s.case_id, s.handed_to));
}

Result<CommandOutcome> AssembleFolder(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByCase(C::ASSEMBLE_FOLDER, s.case_id));
}

Result<CommandOutcome> Energize(Desk& desk, Service& s) {
  return desk.Run(Field(desk, s), cmd::RecordEnergization(s.oc, s.meter, s.meter_reading));
}

Result<CommandOutcome> Complete(Desk& desk, Service& s) {
  return AtDesk(desk, cmd::ByCase(C::COMPLETE_CASE, s.case_id));
}

namespace {

using Step = Result<CommandOutcome> (*)(Desk&, Service&);

Status RunAll(Desk& desk, Service& s, std::initializer_list<Step> steps) {
  for (Step step : steps) {
    if (auto out = step(desk, s); !out) return Fail(out.error());
  }
  return {};
}

}  // namespace

Status Cut(Desk& desk, Service& s, bool hand_over) {
  if (auto st =
          RunAll(desk, s, {Open, ExplainCutConditions, RecordClientConfirmation, IssueCutOrder});
      !st) {
    return st;
  }
  if (hand_over) {
    if (auto out = HandOrderToTechnician(desk, s); !out) return Fail(out.error());
  }
  return RunAll(desk, s, {ExecuteCut});
}

Status Removal(Desk& desk, Service& s) {
  return RunAll(desk, s, {Open, IssueRemovalOrder, ExecuteRemoval});
}

Status FinishReconnection(Desk& desk, Service& s) {
  return RunAll(desk, s,
                {ProcessReconnectionInspection, IssueConnectionOrder, PrepareContract, SignContract,
                 HandOver, AssembleFolder, Energize, Complete});
}

}  // namespace bitacora::scenarios::service
