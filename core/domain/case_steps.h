// Where a case stands and what comes next, as the desk reads it: the step CurrentStep() computes
// (the same function the deciders use to refuse commands out of turn), where the manual describes
// it, who acts, and the step-gated commands the case accepts now. Pure.
#ifndef BITACORA_CORE_DOMAIN_CASE_STEPS_H_
#define BITACORA_CORE_DOMAIN_CASE_STEPS_H_

#include <span>
#include <string>
#include <vector>

#include "core/domain/world.h"
#include "core/result.h"
#include "events/commands.capnp.h"
#include "events/envelope.capnp.h"

namespace bitacora::domain {

// A command the case accepts at its current step, and the role that issues it (the first role of
// the roles table that may; the supervisor may also issue the platform's).
struct StepCommand {
  schema::Command::Which command;
  schema::Role role;
};

struct CaseStepInfo {
  std::string id;      // stable, English: "recordVisit", ..., "closed"
  std::string manual;  // "8.1 paso 4", "8.3, tras el paso 4"; "" when closed
  std::string label;   // Spanish, as the refusals name it: "paso 4: registrar la visita ..."
  bool closed = false;
  schema::Role role = schema::Role::PLATFORM;  // who acts next; meaningless when closed
  std::vector<StepCommand> commands;           // in the manual's order; empty when closed
};

// The current step of the loaded case (world.kase must exist). The commands listed are exactly
// the step-gated kinds (StepGatedCommands) that the deciders do not refuse out of turn now:
// tests/case_step_agreement_test.cc walks the scenarios and checks it against Decide().
CaseStepInfo DescribeCaseStep(const World& world);

// Every command kind whose decider checks the case's step (the procedure's steps 8.1–8.4), in
// the manual's order. Order-wide commands (hand-over to a technician, a return not executed,
// annulment, withdrawal, the 8.5 paperwork) are not step-gated and never listed.
std::span<const schema::Command::Which> StepGatedCommands();

// Loads the World a command on case `case_id` would read (LoadWorld with a command naming only
// the case). kNotFound case_not_found when the case does not exist.
[[nodiscard]] Result<World> LoadCaseWorld(const WorldSources& sources, const std::string& case_id,
                                          int64_t now_ns);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_CASE_STEPS_H_
