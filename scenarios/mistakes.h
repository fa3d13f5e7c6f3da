// What the desk gets wrong at the window, as the manual's people would: a CI typed with a letter
// in its number, the cashier taking less than the quote, a step asked for by the wrong person or
// before its turn, an order annulled without saying why. Each Mistake is a command the ledger must
// refuse with its code and without appending anything. The tests walk every one
// (tests/scenario_mistakes_test.cc) and the demo makes them now and then, as a busy desk does.
#ifndef BITACORA_SCENARIOS_MISTAKES_H_
#define BITACORA_SCENARIOS_MISTAKES_H_

#include <string>
#include <vector>

#include "core/errors/error_codes.h"
#include "core/result.h"
#include "scenarios/connection.h"
#include "scenarios/desk.h"

namespace bitacora::scenarios {

// One wrong command, who sends it, and the code the ledger answers.
struct Mistake {
  std::string name;   // what happened, in English: "ci_with_letter", "short_payment", ...
  schema::Role role;  // who sends it
  Fill fill;          // the command
  Code expected;      // the refusal's code
};

namespace mistakes {

// 8.1 step 2: the clerk opens a case for the client's CI typed with a letter in its number
// ("31O0000 PT"). Any stage of `c`. ci_malformed.
Mistake CiWithLetter(const Connection& c);
// 8.1 step 7: the cashier records Bs 1,00 (the amount's digits lost) against the quote. `c` at
// Stage::kQuote. payment_insufficient.
Mistake ShortPayment(const Connection& c);
// The cashier tries to open a case, which is the platform's work. Any stage. not_allowed_for_role.
Mistake CashierOpensCase(const Connection& c);
// The clerk orders the inspection (8.1 step 9) before the installation is reported. `c` at
// Stage::kDelivered. step_not_allowed.
Mistake InspectionBeforeInstallation(const Connection& c);
// A supervisor annuls an order without a reason. `order` outstanding. reason_required.
Mistake AnnulWithoutReason(const std::string& order);

// The mistakes that fit a connection case standing at `stage`, in the order above.
std::vector<Mistake> At(const Connection& c, Stage stage);

// Makes `m` at `desk`: Ok when it was refused with m.expected; kInternal "scenario_diverged"
// naming the mistake and what the desk answered instead (an outcome, or another code).
[[nodiscard]] Status Make(Desk& desk, const Mistake& m);

}  // namespace mistakes
}  // namespace bitacora::scenarios

#endif  // BITACORA_SCENARIOS_MISTAKES_H_
