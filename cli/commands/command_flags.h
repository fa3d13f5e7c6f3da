// CLI flags for the procedure commands, derived from events/commands.capnp by reflection: one
// flag per field of the command (and of Command itself: --command-id, --occurred-at-ns), named
// after the field in kebab-case. Nothing here is written per command.
#ifndef BITACORA_CLI_COMMANDS_COMMAND_FLAGS_H_
#define BITACORA_CLI_COMMANDS_COMMAND_FLAGS_H_

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "app/command_codec.h"
#include "core/result.h"
#include "events/commands.capnp.h"

namespace bitacora {

// What the flags of one command collected while parsing.
struct CommandFlagValues {
  struct Slot {
    capnp::StructSchema::Field field;
    bool on_command = false;           // a field of Command itself (commandId, occurredAtNs)
    CLI::Option* option = nullptr;
    std::vector<std::string> texts;    // lists, and scalars (one element)
    bool flag = false;                 // Bool fields
  };
  app::CommandKind kind;
  std::vector<Slot> slots;
};

// Adds to `sub` one flag per field of `kind` and of Command's own fields; the values land in
// `values`, which must outlive the parse. Text, integer, enum fields take one value; Bool fields
// are flags (--viable, --viable=false); lists repeat the flag, one element each (struct elements
// as key=value,key=value or a JSON object).
void AddCommandFlags(CLI::App& sub, const app::CommandKind& kind, CommandFlagValues& values);

// Builds the command from what the flags collected. Fields whose flag was not given keep their
// schema defaults; an empty command id becomes a fresh random one. kInvalidArgument when a value
// does not fit its field.
[[nodiscard]] Status FillCommand(const CommandFlagValues& values, schema::Command::Builder command);

}  // namespace bitacora

#endif  // BITACORA_CLI_COMMANDS_COMMAND_FLAGS_H_
