// Shared by the decide_*.cc files: the case's current step, and helpers to issue orders.
// Internal to core/domain.
#ifndef BITACORA_CORE_DOMAIN_DECIDE_INTERNAL_H_
#define BITACORA_CORE_DOMAIN_DECIDE_INTERNAL_H_

#include <functional>
#include <string>

#include "core/domain/decide.h"
#include "core/domain/ids.h"
#include "core/domain/refusals.h"
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

// Refuses unless the case exists, is open and stands at `expected`: case_closed or
// step_not_allowed naming the current and the expected step.
[[nodiscard]] Status ExpectStep(const World& world, CaseStep expected);
// Refuses when the case is closed.
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

// Refuses with field_required when `value` is empty.
[[nodiscard]] Status Require(std::string_view value, std::string_view what);

// The business time of a command: occurred_at_ns or now.
inline int64_t WorkTime(const Context& c) {
  return c.occurred_at_ns != 0 ? c.occurred_at_ns : c.now_ns;
}

// Procedure deciders, by file.
using C = schema::Command;
Result<Decision> DecideReference(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DecideIntake(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DecideConnection(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DecideService(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DecideFieldReturn(const World& w, C::Reader c, const Context& ctx);
Result<Decision> DecideOrderHandling(const World& w, C::Reader c, const Context& ctx);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_DECIDE_INTERNAL_H_
