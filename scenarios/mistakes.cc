#include "scenarios/mistakes.h"

#include <capnp/message.h>

#include "core/errors/error_codes.h"

namespace bitacora::scenarios::mistakes {
namespace {

using schema::Role;
using Which = schema::Command::Which;

// The CI with its first digit after the first turned into the letter O: "3100000 PT" becomes
// "31O0000 PT", the slip of a hand on the keyboard.
std::string WithLetter(std::string ci) {
  if (ci.size() > 1 && ci[1] >= '0' && ci[1] <= '9') ci[1] = 'O';
  return ci;
}

// What the cashier types when the amount's digits are lost: Bs 1,00, below any quote (a quote
// carries at least the meter's box and cable at the reference prices).
constexpr int64_t kOneBoliviano = 100;

}  // namespace

Mistake CiWithLetter(const Connection& c) {
  return {"ci_with_letter", Role::PLATFORM, cmd::OpenCase(c.kind, WithLetter(c.ci), c.subscriber),
          Code::kCiMalformed};
}

Mistake ShortPayment(const Connection& c) {
  return {"short_payment", Role::CASHIER, cmd::RecordPayment(c.case_id, kOneBoliviano, c.receipt),
          Code::kPaymentInsufficient};
}

Mistake CashierOpensCase(const Connection& c) {
  return {"cashier_opens_case", Role::CASHIER, cmd::OpenCase(c.kind, c.ci, c.subscriber),
          Code::kNotAllowedForRole};
}

Mistake InspectionBeforeInstallation(const Connection& c) {
  return {"inspection_before_installation", Role::PLATFORM,
          cmd::ByCase(Which::ISSUE_INSPECTION_ORDER, c.case_id), Code::kStepNotAllowed};
}

Mistake AnnulWithoutReason(const std::string& order) {
  return {"annul_without_reason", Role::SUPERVISOR, cmd::AnnulOrder(order, ""),
          Code::kReasonRequired};
}

std::vector<Mistake> At(const Connection& c, Stage stage) {
  std::vector<Mistake> out = {CiWithLetter(c), CashierOpensCase(c)};
  if (stage == Stage::kQuote) out.push_back(ShortPayment(c));
  if (stage == Stage::kDelivered) out.push_back(InspectionBeforeInstallation(c));
  if (stage == Stage::kInspectionOrdered) out.push_back(AnnulWithoutReason(c.oit));
  return out;
}

Status Make(Desk& desk, const Mistake& m) {
  auto answer = desk.Run(m.role, m.fill);
  if (!answer) {
    if (answer.error().Is(m.expected)) return Ok();
    return Fail(Code::kScenarioDiverged, m.name + ": expected " +
                                             std::string(Describe(m.expected).code) +
                                             ", the desk answered " + answer.error().ToString());
  }
  return Fail(
      Code::kScenarioDiverged,
      m.name + ": expected " + std::string(Describe(m.expected).code) + ", the desk recorded it");
}

}  // namespace bitacora::scenarios::mistakes
