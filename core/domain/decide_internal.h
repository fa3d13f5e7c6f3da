// Shared by the decide_*.cc files: the case's current step, and helpers to issue orders.
// Internal to core/domain.
#ifndef BITACORA_CORE_DOMAIN_DECIDE_INTERNAL_H_
#define BITACORA_CORE_DOMAIN_DECIDE_INTERNAL_H_

#include <functional>
#include <initializer_list>
#include <string>

#include "core/domain/decide.h"
#include "core/domain/ids.h"
#include "core/domain/text_list.h"

namespace bitacora::domain {

// Where a case stands: the next step its procedure expects.
enum class CaseStep {
  kPresentDocuments,
  kRegisterClient,
  kIssueRequirementsOrder,
  kRecordVisit,
  kIssueQuote,
  kRecordPayment,
  kDeliverMaterials,
  kReportInstallation,
  kIssueInspectionOrder,
  kRecordInspectionResult,
  kProcessReconnectionInspection,
  kDecideViability,
  kRegisterMeter,
  kIssueConnectionOrder,
  kPrepareContract,
  kSignContract,
  kHandOverDocuments,
  kAssembleFolder,  // after hand-over, folder and energization may come in either order
  kRecordEnergization,
  kCompleteCase,
  kExplainCutConditions,
  kConfirmRequest,
  kIssueCutOrder,
  kRecordCutExecuted,
  kIssueRemovalOrder,
  kRecordRemovalExecuted,
  kClosed,
};

// The step the loaded case expects next (world.kase must exist).
CaseStep CurrentStep(const World& world);
// Spanish, e.g. "paso 4: registrar la visita del técnico (ORT)".
std::string StepName(CaseStep step);

// True when the open case stands at viability after an unsatisfactory inspection: a new OIT may
// be issued (8.1 step 10, inspect again after the client fixes the installation).
bool ReinspectionDue(const World& world);

// Refuses unless the case exists, is open and stands at `expected`: case_closed or
// step_not_allowed naming the current and the expected step.
[[nodiscard]] Status ExpectStep(const World& world, CaseStep expected);
// Refuses with case_not_found unless the command loaded an existing case.
[[nodiscard]] Status ExpectCase(const World& world);
// Refuses unless the case exists (case_not_found) and is open (case_closed).
[[nodiscard]] Status ExpectOpen(const World& world);

// True when the connection has its meter: registered in the case, or (relocation, drop repair,
// reconnection) the one installed at the subscriber. `serial` receives it.
bool ConnectionMeter(const World& world, std::string* serial);

// Issues an order of `type` for the case: claims the next number of the type's counter for the
// current year, emits orderIssued (with `fill` setting the type's fields) on the new order stream
// and caseOrderLinked on the case. Returns the order number.
[[nodiscard]] Result<std::string> IssueOrder(
    Decision& decision, const World& world, const Context& context, schema::OrderType type,
    const std::function<void(schema::OrderIssued::Builder)>& fill = nullptr);

// True once the order was executed: returned executed at least once, a COT once paid (a live OEM
// names it), a CON once signed. Such an order can no longer be annulled.
bool OrderExecuted(const World& world, const OrderState& order);

// True when the ORT `order` will never be processed at completeCase: returned not executed, or
// its case ended without completion (requirementsOrderUnfinished, or the loaded case closed not
// viable or withdrawn). Such an ORT goes to the archive or to ODECO (8.1 step 4).
bool OrtUnfinished(const World& world, const OrderState& order);

// An amount for messages: "Bs 398.25".
std::string Bs(int64_t centavos);

// Refuses with field_required when `value` is empty.
[[nodiscard]] Status Require(std::string_view value, std::string_view what);

// An order a field return names, found by FieldOrder.
struct FieldTarget {
  const OrderState* order;
  bool first_execution;  // no executed return before: effects apply, the case step is checked
};

// Finds the order `number` (order_not_found), checks it is of `type` (wrong_order_type) and still
// out (order_annulled, order_not_outstanding) and, on its first execution, that its case is open
// and stands at one of `steps` (step_not_allowed naming the first); no `steps`: no case check.
[[nodiscard]] Result<FieldTarget> FieldOrder(const World& world, const std::string& number,
                                             schema::OrderType type,
                                             std::initializer_list<CaseStep> steps);

// Emits orderReturned (executed, with the work time of `context`) on `order`'s stream and returns
// it for the caller to fill in.
schema::OrderReturned::Builder EmitExecutedReturn(Decision& decision, const OrderState& order,
                                                  const Context& context);

// 8.2 step 9 / 8.5 step 1: the case's reconnection OIT, processed at the desk and still out (handed
// to the technician with the OC, or never handed over), comes back executed and satisfactory, so it
// is verified, registered in the daily control and sent to ODECO like any returned order. Emits
// nothing when the case has no such OIT. Used when the OC is energized and when the case is withdrawn.
void ReturnProcessedReconnectionInspection(Decision& decision, const World& world,
                                           const Context& context);

// The business time of a command: occurred_at_ns or now.
inline int64_t WorkTime(const Context& c) {
  return c.occurred_at_ns != 0 ? c.occurred_at_ns : c.now_ns;
}

using C = schema::Command;

// One decider per command kind, named after it. Decide() (decide.cc) routes each kind to its
// decider in a single switch that names every kind and has no default, so a command added to
// the schema without a decider fails the build (-Werror=switch). Each decider reads `w`, the
// fields of its own kind in `c` (c.which() is that kind) and `ctx`, and returns the events to
// append or a refusal with a code of the error table (core/errors/error_codes.h). Pure.
namespace deciders {

// Reference data and corrections (supervisor); decide_reference.cc.
Result<Decision> SetRequirementChecklist(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SetMaterialPrices(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SetTariff(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SetTechnicianOnDuty(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SetHolidays(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordCorrection(const World& w, C::Reader c, const Context& ctx);

// Opening a case, documents, the client, the ORT; decide_intake.cc.
Result<Decision> OpenCase(const World& w, C::Reader c, const Context& ctx);
Result<Decision> PresentDocuments(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RegisterClient(const World& w, C::Reader c, const Context& ctx);
Result<Decision> IssueRequirementsOrder(const World& w, C::Reader c, const Context& ctx);

// 8.1 / 8.2 up to viability; decide_connection.cc. Without a loaded case: case_not_found.
Result<Decision> IssueQuote(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordPayment(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ReportInstallation(const World& w, C::Reader c, const Context& ctx);
Result<Decision> IssueInspectionOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ProcessReconnectionInspection(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DecideViability(const World& w, C::Reader c, const Context& ctx);

// 8.1 / 8.2 from the meter to completion; decide_contract.cc. Without a case: case_not_found.
Result<Decision> RegisterMeter(const World& w, C::Reader c, const Context& ctx);
Result<Decision> IssueConnectionOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> PrepareContract(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordContractSigned(const World& w, C::Reader c, const Context& ctx);
Result<Decision> HandOverDocuments(const World& w, C::Reader c, const Context& ctx);
Result<Decision> AssembleFolder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> CompleteCase(const World& w, C::Reader c, const Context& ctx);

// 8.3 and 8.4 at the desk; decide_service.cc.
Result<Decision> RecordCutConditionsExplained(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordClientConfirmation(const World& w, C::Reader c, const Context& ctx);
Result<Decision> IssueCutOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> IssueRemovalOrder(const World& w, C::Reader c, const Context& ctx);

// Orders coming back from the field or the warehouse; decide_returns.cc.
Result<Decision> RecordVisit(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordMaterialsDelivery(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordInspectionResult(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordMeterDelivery(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordOrderNotExecuted(const World& w, C::Reader c, const Context& ctx);
Result<Decision> HandOrderToTechnician(const World& w, C::Reader c, const Context& ctx);

// Field returns that change the subscriber and the meters; decide_execution.cc.
Result<Decision> RecordEnergization(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordCutExecuted(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordRemovalExecuted(const World& w, C::Reader c, const Context& ctx);

// 8.5 after the return, annulment, ODECO receiving a case; decide_orders.cc.
Result<Decision> VerifyReturnedOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SendBackOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RegisterInDailyControl(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ArchiveOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SendOrdersToOdeco(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ProcessOrdersAtOdeco(const World& w, C::Reader c, const Context& ctx);
Result<Decision> SendMonthlyBatchToCpd(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ReceiveCpdBatch(const World& w, C::Reader c, const Context& ctx);
Result<Decision> AnnulOrder(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ReceiveNonViableCase(const World& w, C::Reader c, const Context& ctx);

// API tokens (the token's stream loaded as w.token) and notes on a stream; decide_tokens.cc.
// issueToken: token_exists when the hash was issued before; revokeToken: token_not_found,
// token_already_revoked; recordNote: stream_reserved on a token's stream.
Result<Decision> IssueToken(const World& w, C::Reader c, const Context& ctx);
// The Role's schema name ("platform", "supervisor", ...), as tokenIssued and userCreated keep it.
std::string RoleSchemaName(schema::Role role);
Result<Decision> RevokeToken(const World& w, C::Reader c, const Context& ctx);
Result<Decision> RecordNote(const World& w, C::Reader c, const Context& ctx);

// A case that does not complete; decide_withdrawal.cc. withdrawCase: case_not_found,
// case_closed, reason_required, case_past_point_of_no_return.
Result<Decision> WithdrawCase(const World& w, C::Reader c, const Context& ctx);

// Cash; decide_cash.cc. refundPayment (cashier): case_not_found, field_required (receipt),
// reason_required, refund_case_open, refund_case_completed, refund_nothing_paid,
// refund_already_made, refund_does_not_match_payment.
Result<Decision> RefundPayment(const World& w, C::Reader c, const Context& ctx);

// Users who sign in (the user's stream loaded as w.user; a malformed username is refused by
// LoadWorld: username_malformed); decide_users.cc. createUser: user_already_exists,
// field_required (fullName), user_role_refused (system), password_hash_malformed;
// changeUserRole, resetUserPassword, disableUser: user_not_found, user_disabled;
// changeUserRole also user_role_refused; resetUserPassword also password_hash_malformed.
Result<Decision> CreateUser(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ChangeUserRole(const World& w, C::Reader c, const Context& ctx);
Result<Decision> ResetUserPassword(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DisableUser(const World& w, C::Reader c, const Context& ctx);
// recordSignIn (system): signedIn on the user's stream (user_not_found, user_disabled), or
// signInFailed on it, or on "sign-ins" when there is no such user.
Result<Decision> RecordSignIn(const World& w, C::Reader c, const Context& ctx);

}  // namespace deciders

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_DECIDE_INTERNAL_H_
