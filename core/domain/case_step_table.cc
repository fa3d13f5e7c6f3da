// The desk's view of CurrentStep(): the step's manual reference, who acts and which step-gated
// commands the case accepts now (core/domain/case_steps.h).
#include <capnp/message.h>

#include <array>
#include <utility>

#include "core/domain/case_steps.h"
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using K = schema::CaseKind;
using S = CaseStep;

// The commands that perform `step` (the deciders' ExpectStep / FieldOrder), before conditions.
std::vector<C::Which> CommandsOf(S step) {
  switch (step) {
    case S::kPresentDocuments:
      return {C::PRESENT_DOCUMENTS};
    case S::kRegisterClient:
      return {C::REGISTER_CLIENT};
    case S::kIssueRequirementsOrder:
      return {C::ISSUE_REQUIREMENTS_ORDER};
    case S::kRecordVisit:
      return {C::RECORD_VISIT};
    case S::kIssueQuote:
      return {C::ISSUE_QUOTE};
    case S::kRecordPayment:
      return {C::RECORD_PAYMENT};
    case S::kDeliverMaterials:
      return {C::RECORD_MATERIALS_DELIVERY};
    case S::kReportInstallation:
      return {C::REPORT_INSTALLATION};
    case S::kIssueInspectionOrder:
      return {C::ISSUE_INSPECTION_ORDER};
    case S::kRecordInspectionResult:
      return {C::RECORD_INSPECTION_RESULT};
    case S::kProcessReconnectionInspection:
      return {C::PROCESS_RECONNECTION_INSPECTION};
    case S::kDecideViability:
      return {C::DECIDE_VIABILITY, C::ISSUE_INSPECTION_ORDER};
    case S::kRegisterMeter:
      return {C::REGISTER_METER};
    case S::kIssueConnectionOrder:
      return {C::ISSUE_CONNECTION_ORDER};
    case S::kPrepareContract:
      return {C::PREPARE_CONTRACT};
    case S::kSignContract:
      return {C::RECORD_CONTRACT_SIGNED};
    case S::kHandOverDocuments:
      return {C::HAND_OVER_DOCUMENTS};
    case S::kAssembleFolder:
      return {C::ASSEMBLE_FOLDER, C::RECORD_ENERGIZATION};
    case S::kRecordEnergization:
      return {C::RECORD_ENERGIZATION};
    case S::kCompleteCase:
      return {C::COMPLETE_CASE};
    case S::kExplainCutConditions:
      return {C::RECORD_CUT_CONDITIONS_EXPLAINED};
    case S::kConfirmRequest:
      return {C::RECORD_CLIENT_CONFIRMATION};
    case S::kIssueCutOrder:
      return {C::ISSUE_CUT_ORDER};
    case S::kRecordCutExecuted:
      return {C::RECORD_CUT_EXECUTED};
    case S::kIssueRemovalOrder:
      return {C::ISSUE_REMOVAL_ORDER};
    case S::kRecordRemovalExecuted:
      return {C::RECORD_REMOVAL_EXECUTED};
    case S::kClosed:
      return {};
  }
  return {};
}

// Whether a command listed for the step is accepted in this world: the conditions the deciders
// add to the step (a re-inspection only after an unsatisfactory one; energization at the folder
// step only while the OC is still out).
bool Accepted(const World& w, C::Which which, S step) {
  if (which == C::ISSUE_INSPECTION_ORDER && step == S::kDecideViability) return ReinspectionDue(w);
  if (which == C::RECORD_ENERGIZATION && step == S::kAssembleFolder) {
    const OrderState* oc = w.LiveOrder(schema::OrderType::OC);
    return oc != nullptr && !oc->ever_executed;
  }
  return true;
}

// The stable id of a step (English, camelCase, after the command that performs it).
const char* IdOf(S step) {
  switch (step) {
    case S::kPresentDocuments:
      return "presentDocuments";
    case S::kRegisterClient:
      return "registerClient";
    case S::kIssueRequirementsOrder:
      return "issueRequirementsOrder";
    case S::kRecordVisit:
      return "recordVisit";
    case S::kIssueQuote:
      return "issueQuote";
    case S::kRecordPayment:
      return "recordPayment";
    case S::kDeliverMaterials:
      return "deliverMaterials";
    case S::kReportInstallation:
      return "reportInstallation";
    case S::kIssueInspectionOrder:
      return "issueInspectionOrder";
    case S::kRecordInspectionResult:
      return "recordInspectionResult";
    case S::kProcessReconnectionInspection:
      return "processReconnectionInspection";
    case S::kDecideViability:
      return "decideViability";
    case S::kRegisterMeter:
      return "registerMeter";
    case S::kIssueConnectionOrder:
      return "issueConnectionOrder";
    case S::kPrepareContract:
      return "prepareContract";
    case S::kSignContract:
      return "signContract";
    case S::kHandOverDocuments:
      return "handOverDocuments";
    case S::kAssembleFolder:
      return "assembleFolder";
    case S::kRecordEnergization:
      return "recordEnergization";
    case S::kCompleteCase:
      return "completeCase";
    case S::kExplainCutConditions:
      return "explainCutConditions";
    case S::kConfirmRequest:
      return "confirmRequest";
    case S::kIssueCutOrder:
      return "issueCutOrder";
    case S::kRecordCutExecuted:
      return "recordCutExecuted";
    case S::kIssueRemovalOrder:
      return "issueRemovalOrder";
    case S::kRecordRemovalExecuted:
      return "recordRemovalExecuted";
    case S::kClosed:
      return "closed";
  }
  return "?";
}

// The step's number in 8.1 (and the kinds on a connection) and in 8.2 (0: not a step of 8.2).
std::pair<int, int> Numbers(S step) {
  switch (step) {
    case S::kPresentDocuments:
      return {1, 2};
    case S::kRegisterClient:
      return {2, 3};
    case S::kIssueRequirementsOrder:
      return {3, 4};
    case S::kRecordVisit:
      return {4, 0};
    case S::kIssueQuote:
      return {5, 0};
    case S::kRecordPayment:
    case S::kDeliverMaterials:
      return {6, 0};
    case S::kReportInstallation:
      return {7, 0};
    case S::kIssueInspectionOrder:
      return {8, 5};
    case S::kRecordInspectionResult:
      return {9, 0};
    case S::kProcessReconnectionInspection:
      return {0, 6};
    case S::kDecideViability:
      return {10, 0};
    case S::kRegisterMeter:
    case S::kIssueConnectionOrder:
      return {11, 6};
    case S::kPrepareContract:
      return {12, 7};
    case S::kSignContract:
      return {13, 8};
    case S::kHandOverDocuments:
      return {14, 9};
    case S::kAssembleFolder:
      return {15, 10};
    case S::kRecordEnergization:
    case S::kCompleteCase:
      return {16, 11};
    case S::kExplainCutConditions:
    case S::kConfirmRequest:
    case S::kIssueCutOrder:
    case S::kRecordCutExecuted:
    case S::kIssueRemovalOrder:
    case S::kRecordRemovalExecuted:
    case S::kClosed:
      return {0, 0};
  }
  return {0, 0};
}

// "8.1 paso 4", "8.2 paso 6", "8.3 paso 2", "8.3, tras el paso 4"; "" when closed.
std::string ManualOf(K kind, S step) {
  switch (step) {
    case S::kExplainCutConditions:
      return "8.3 paso 2";
    case S::kConfirmRequest:
      return "8.3 paso 3";
    case S::kIssueCutOrder:
      return "8.3 paso 4";
    case S::kRecordCutExecuted:
      return "8.3, tras el paso 4 (sección técnica)";
    case S::kIssueRemovalOrder:
      return "8.4 paso 2";
    case S::kRecordRemovalExecuted:
      return "8.4, tras el paso 2 (sección técnica)";
    case S::kClosed:
      return "";
    default:
      break;
  }
  const auto [connection, reconnection] = Numbers(step);
  if (kind == K::RECONNECTION) return "8.2 paso " + std::to_string(reconnection);
  return "8.1 paso " + std::to_string(connection);
}

// The first role of the roles table that may issue `which`.
schema::Role RoleOf(C::Which which) {
  for (schema::Role role : {schema::Role::PLATFORM, schema::Role::TECHNICIAN, schema::Role::CASHIER,
                            schema::Role::WAREHOUSE, schema::Role::ODECO, schema::Role::CPD,
                            schema::Role::SUPERVISOR}) {
    if (RoleMayIssue(role, which)) return role;
  }
  return schema::Role::SUPERVISOR;
}

constexpr std::array kGated = {
    C::PRESENT_DOCUMENTS,
    C::REGISTER_CLIENT,
    C::ISSUE_REQUIREMENTS_ORDER,
    C::RECORD_VISIT,
    C::ISSUE_QUOTE,
    C::RECORD_PAYMENT,
    C::RECORD_MATERIALS_DELIVERY,
    C::REPORT_INSTALLATION,
    C::ISSUE_INSPECTION_ORDER,
    C::RECORD_INSPECTION_RESULT,
    C::PROCESS_RECONNECTION_INSPECTION,
    C::DECIDE_VIABILITY,
    C::REGISTER_METER,
    C::ISSUE_CONNECTION_ORDER,
    C::PREPARE_CONTRACT,
    C::RECORD_CONTRACT_SIGNED,
    C::HAND_OVER_DOCUMENTS,
    C::ASSEMBLE_FOLDER,
    C::RECORD_ENERGIZATION,
    C::COMPLETE_CASE,
    C::RECORD_CUT_CONDITIONS_EXPLAINED,
    C::RECORD_CLIENT_CONFIRMATION,
    C::ISSUE_CUT_ORDER,
    C::RECORD_CUT_EXECUTED,
    C::ISSUE_REMOVAL_ORDER,
    C::RECORD_REMOVAL_EXECUTED,
};

}  // namespace

CaseStepInfo DescribeCaseStep(const World& w) {
  const S step = CurrentStep(w);
  CaseStepInfo info;
  info.id = IdOf(step);
  info.manual = ManualOf(w.kase.kind, step);
  info.label = StepName(step);
  info.closed = step == S::kClosed;
  for (C::Which which : CommandsOf(step)) {
    if (Accepted(w, which, step)) info.commands.push_back(StepCommand{which, RoleOf(which)});
  }
  if (!info.commands.empty()) info.role = info.commands.front().role;
  return info;
}

std::span<const schema::Command::Which> StepGatedCommands() { return kGated; }

Result<World> LoadCaseWorld(const WorldSources& sources, const std::string& case_id,
                            int64_t now_ns) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  command.initCompleteCase().setCaseId(case_id);
  return LoadWorld(sources, command.asReader(), now_ns);
}

}  // namespace bitacora::domain
