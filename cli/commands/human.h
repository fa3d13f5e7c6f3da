// Human rendering of the answers (events/api.capnp) for the terminal, from the structs: "key:
// value" lines, lists joined, nested structs indented, folder / history entries one aligned line
// each.
#ifndef BITACORA_CLI_COMMANDS_HUMAN_H_
#define BITACORA_CLI_COMMANDS_HUMAN_H_

#include <capnp/dynamic.h>

#include <string>
#include <string_view>

namespace bitacora {

// Renders `answer` for people: its fields in schema order, those left unset omitted; control
// characters in texts shown escaped (core/json/control_escapes.h). Pure.
std::string HumanText(capnp::DynamicStruct::Reader answer);

// Renders an answer that has no struct yet (the projections' status) from its JSON object;
// returns `json` itself when it does not parse.
std::string HumanText(std::string_view json);

}  // namespace bitacora

#endif  // BITACORA_CLI_COMMANDS_HUMAN_H_
