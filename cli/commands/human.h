// Human rendering of the shims' JSON answers for the terminal: "key: value" lines, lists joined,
// and folder / history entries as one aligned line each.
#ifndef BITACORA_CLI_COMMANDS_HUMAN_H_
#define BITACORA_CLI_COMMANDS_HUMAN_H_

#include <string>
#include <string_view>

namespace bitacora {

// Renders `json` for people; returns `json` itself when it does not parse.
std::string HumanText(std::string_view json);

}  // namespace bitacora

#endif  // BITACORA_CLI_COMMANDS_HUMAN_H_
