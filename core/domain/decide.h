// decide(): the one entry to the domain. Given the World a command touches, who issues it and the
// injected context, returns the events to append or a refusal. Pure: no I/O, no clock.
#ifndef BITACORA_CORE_DOMAIN_DECIDE_H_
#define BITACORA_CORE_DOMAIN_DECIDE_H_

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/decision.h"
#include "core/domain/world.h"
#include "core/result.h"
#include "events/commands.capnp.h"
#include "events/envelope.capnp.h"

namespace bitacora::domain {

// Decides `command` from an actor with `role`. Refusals (kRefused, kPermissionDenied,
// kInvalidArgument, kNotFound) carry a code of the error table (core/errors/error_codes.h) and a Spanish message. Pure and
// thread-safe (reads `world` only).
[[nodiscard]] Result<Decision> Decide(const World& world, schema::Role role,
                                      schema::Command::Reader command, const Context& context);

// The roles table of docs/domain.md §2: may `role` issue commands of kind `which`? Pure.
bool RoleMayIssue(schema::Role role, schema::Command::Which which);

// Refuses with not_allowed_for_role (Spanish message naming the role and command) unless the
// roles table allows it. Pure.
[[nodiscard]] Status CheckRole(schema::Role role, schema::Command::Which which);

// The desk's notice when documents are missing (also rebuilt for a repeated command). Pure.
std::string DocumentsIncompleteMessage(const std::vector<std::string>& missing,
                                       schema::Referral referral);

// Every command kind, in schema order, and its schema name ("openCase"). Pure.
std::span<const schema::Command::Which> AllCommandKinds();
std::string_view CommandName(schema::Command::Which which);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_DECIDE_H_
