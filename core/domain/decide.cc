// The dispatcher: the role check, then one switch that routes each command kind to its decider.
#include "core/domain/decide.h"

#include "core/domain/business_time.h"
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

const char* RoleName(schema::Role role) {
  switch (role) {
    case schema::Role::PLATFORM:
      return "plataforma";
    case schema::Role::TECHNICIAN:
      return "técnico";
    case schema::Role::CASHIER:
      return "cajas";
    case schema::Role::WAREHOUSE:
      return "almacenes";
    case schema::Role::ODECO:
      return "ODECO";
    case schema::Role::CPD:
      return "CPD";
    case schema::Role::SUPERVISOR:
      return "supervisor";
    case schema::Role::AUDITOR:
      return "auditor";
    case schema::Role::SYSTEM:
      return "sistema";
  }
  return "?";
}

// Routes `c` to the decider of its kind: every command of the schema is named here once and
// there is no default, so -Werror=switch fails the build for a command without a decider.
Result<Decision> Route(const World& w, C::Reader c, const Context& ctx) {
  switch (c.which()) {
    case C::SET_REQUIREMENT_CHECKLIST:
      return deciders::SetRequirementChecklist(w, c, ctx);
    case C::SET_MATERIAL_PRICES:
      return deciders::SetMaterialPrices(w, c, ctx);
    case C::SET_TARIFF:
      return deciders::SetTariff(w, c, ctx);
    case C::SET_TECHNICIAN_ON_DUTY:
      return deciders::SetTechnicianOnDuty(w, c, ctx);
    case C::SET_HOLIDAYS:
      return deciders::SetHolidays(w, c, ctx);
    case C::OPEN_CASE:
      return deciders::OpenCase(w, c, ctx);
    case C::PRESENT_DOCUMENTS:
      return deciders::PresentDocuments(w, c, ctx);
    case C::REGISTER_CLIENT:
      return deciders::RegisterClient(w, c, ctx);
    case C::ISSUE_REQUIREMENTS_ORDER:
      return deciders::IssueRequirementsOrder(w, c, ctx);
    case C::RECORD_VISIT:
      return deciders::RecordVisit(w, c, ctx);
    case C::ISSUE_QUOTE:
      return deciders::IssueQuote(w, c, ctx);
    case C::RECORD_PAYMENT:
      return deciders::RecordPayment(w, c, ctx);
    case C::RECORD_MATERIALS_DELIVERY:
      return deciders::RecordMaterialsDelivery(w, c, ctx);
    case C::REPORT_INSTALLATION:
      return deciders::ReportInstallation(w, c, ctx);
    case C::ISSUE_INSPECTION_ORDER:
      return deciders::IssueInspectionOrder(w, c, ctx);
    case C::RECORD_INSPECTION_RESULT:
      return deciders::RecordInspectionResult(w, c, ctx);
    case C::PROCESS_RECONNECTION_INSPECTION:
      return deciders::ProcessReconnectionInspection(w, c, ctx);
    case C::DECIDE_VIABILITY:
      return deciders::DecideViability(w, c, ctx);
    case C::REGISTER_METER:
      return deciders::RegisterMeter(w, c, ctx);
    case C::ISSUE_CONNECTION_ORDER:
      return deciders::IssueConnectionOrder(w, c, ctx);
    case C::PREPARE_CONTRACT:
      return deciders::PrepareContract(w, c, ctx);
    case C::RECORD_CONTRACT_SIGNED:
      return deciders::RecordContractSigned(w, c, ctx);
    case C::HAND_OVER_DOCUMENTS:
      return deciders::HandOverDocuments(w, c, ctx);
    case C::RECORD_METER_DELIVERY:
      return deciders::RecordMeterDelivery(w, c, ctx);
    case C::ASSEMBLE_FOLDER:
      return deciders::AssembleFolder(w, c, ctx);
    case C::RECORD_ENERGIZATION:
      return deciders::RecordEnergization(w, c, ctx);
    case C::COMPLETE_CASE:
      return deciders::CompleteCase(w, c, ctx);
    case C::RECORD_CUT_CONDITIONS_EXPLAINED:
      return deciders::RecordCutConditionsExplained(w, c, ctx);
    case C::RECORD_CLIENT_CONFIRMATION:
      return deciders::RecordClientConfirmation(w, c, ctx);
    case C::ISSUE_CUT_ORDER:
      return deciders::IssueCutOrder(w, c, ctx);
    case C::RECORD_CUT_EXECUTED:
      return deciders::RecordCutExecuted(w, c, ctx);
    case C::ISSUE_REMOVAL_ORDER:
      return deciders::IssueRemovalOrder(w, c, ctx);
    case C::RECORD_REMOVAL_EXECUTED:
      return deciders::RecordRemovalExecuted(w, c, ctx);
    case C::HAND_ORDER_TO_TECHNICIAN:
      return deciders::HandOrderToTechnician(w, c, ctx);
    case C::RECORD_ORDER_NOT_EXECUTED:
      return deciders::RecordOrderNotExecuted(w, c, ctx);
    case C::VERIFY_RETURNED_ORDER:
      return deciders::VerifyReturnedOrder(w, c, ctx);
    case C::SEND_BACK_ORDER:
      return deciders::SendBackOrder(w, c, ctx);
    case C::REGISTER_IN_DAILY_CONTROL:
      return deciders::RegisterInDailyControl(w, c, ctx);
    case C::ARCHIVE_ORDER:
      return deciders::ArchiveOrder(w, c, ctx);
    case C::SEND_ORDERS_TO_ODECO:
      return deciders::SendOrdersToOdeco(w, c, ctx);
    case C::PROCESS_ORDERS_AT_ODECO:
      return deciders::ProcessOrdersAtOdeco(w, c, ctx);
    case C::SEND_MONTHLY_BATCH_TO_CPD:
      return deciders::SendMonthlyBatchToCpd(w, c, ctx);
    case C::RECEIVE_CPD_BATCH:
      return deciders::ReceiveCpdBatch(w, c, ctx);
    case C::ANNUL_ORDER:
      return deciders::AnnulOrder(w, c, ctx);
    case C::RECEIVE_NON_VIABLE_CASE:
      return deciders::ReceiveNonViableCase(w, c, ctx);
    case C::RECORD_CORRECTION:
      return deciders::RecordCorrection(w, c, ctx);
    case C::ISSUE_TOKEN:
      return deciders::IssueToken(w, c, ctx);
    case C::REVOKE_TOKEN:
      return deciders::RevokeToken(w, c, ctx);
    case C::RECORD_NOTE:
      return deciders::RecordNote(w, c, ctx);
    case C::WITHDRAW_CASE:
      return deciders::WithdrawCase(w, c, ctx);
    case C::REFUND_PAYMENT:
      return deciders::RefundPayment(w, c, ctx);
    case C::CREATE_USER:
      return deciders::CreateUser(w, c, ctx);
    case C::CHANGE_USER_ROLE:
      return deciders::ChangeUserRole(w, c, ctx);
    case C::RESET_USER_PASSWORD:
      return deciders::ResetUserPassword(w, c, ctx);
    case C::DISABLE_USER:
      return deciders::DisableUser(w, c, ctx);
    case C::RECORD_SIGN_IN:
      return deciders::RecordSignIn(w, c, ctx);
  }
  // Only a discriminant this build's schema does not know gets here (CheckRole refuses it first).
  return Fail(Code::kUnroutedCommand, "comando no enrutado");
}

}  // namespace

Status CheckRole(schema::Role role, schema::Command::Which which) {
  if (RoleMayIssue(role, which)) return Ok();
  return Fail(Code::kNotAllowedForRole, "El rol " + std::string(RoleName(role)) +
                                            " no puede ejecutar «" +
                                            std::string(CommandName(which)) + "».");
}

Result<Decision> Decide(const World& world, schema::Role role, C::Reader command,
                        const Context& context) {
  if (Status s = CheckRole(role, command.which()); !s) return Fail(s.error());
  Result<Decision> result = Route(world, command, context);
  if (!result) return result;
  auto reason = CheckBusinessTime(world, role, command, context, *result);
  if (!reason) return Fail(reason.error());
  result->backdating_reason = std::move(*reason);
  if (result->case_id.empty() && world.kase.exists) result->case_id = world.kase.id;
  return result;
}

}  // namespace bitacora::domain
