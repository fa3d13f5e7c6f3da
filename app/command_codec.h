// The commands as both shims see them, derived from events/commands.capnp by reflection: their
// names and their fields as CLI flags or JSON members. The answers are app/answer_codec.h.
#ifndef BITACORA_APP_COMMAND_CODEC_H_
#define BITACORA_APP_COMMAND_CODEC_H_

#include <capnp/compat/json.h>
#include <capnp/dynamic.h>
#include <capnp/schema.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/handler/command_handler.h"
#include "core/result.h"
#include "events/commands.capnp.h"

namespace bitacora::app {

// One member of Command's union: "openCase" (name, the JSON route), "open-case" (verb, the CLI).
struct CommandKind {
  capnp::StructSchema::Field field;  // the union member in schema::Command
  capnp::StructSchema params;        // its struct: the command's own fields
  schema::Command::Which which;
  std::string name;
  std::string verb;
};

// Every command kind, in schema order. Pure.
std::vector<CommandKind> CommandKinds();

// The kind named `name` (schema name or kebab-case verb); nullopt when there is none. Pure.
std::optional<CommandKind> FindCommandKind(std::string_view name);

// "clientCi" -> "client-ci". Pure.
std::string KebabCase(std::string_view camel);

// Sets a scalar field (Text, integer, Bool, enum) of `target` from its text form: integers in
// decimal, Bool as true/false/yes/no/1/0, enums by schema name in any case, with - or _.
// kInvalidArgument "bad_value" naming the field when the text does not fit.
[[nodiscard]] Status SetFromText(capnp::DynamicStruct::Builder target,
                                 capnp::StructSchema::Field field, std::string_view text);

// Sets a List(Text) or List(struct) field from one text per element. A struct element is either
// a JSON object ({"code":"CAB-6","quantity":30}) or key=value pairs separated by commas
// (code=CAB-6,quantity=30), keys being the struct's field names (camelCase or kebab-case).
[[nodiscard]] Status SetListFromText(capnp::DynamicStruct::Builder target,
                                     capnp::StructSchema::Field field,
                                     const std::vector<std::string>& items);

// Decodes `json`, an object with the fields of `kind`, into `command`'s union member. Malformed
// JSON, an unknown or repeated field, a value of the wrong type or an enum number that names no
// member: kInvalidArgument "bad_json" saying what; text that is not UTF-8 or holds a NUL: "bad_text".
// Builds a codec for the call; where commands arrive one after another, keep a CommandDecoder.
[[nodiscard]] Status DecodeCommandJson(const CommandKind& kind, std::string_view json,
                                       schema::Command::Builder command);

// The command kinds and a JSON codec configured once for all of them (configuring one walks the
// whole Command schema, which costs more than decoding a command). Thread-safe once built:
// Find and Decode only read it, so one decoder can serve every request thread.
class CommandDecoder {
 public:
  CommandDecoder();
  CommandDecoder(const CommandDecoder&) = delete;
  CommandDecoder& operator=(const CommandDecoder&) = delete;

  // The kind named `name` (schema name or kebab-case verb), or nullptr. The pointer lives as
  // long as the decoder.
  const CommandKind* Find(std::string_view name) const;

  // As DecodeCommandJson.
  [[nodiscard]] Status Decode(const CommandKind& kind, std::string_view json,
                              schema::Command::Builder command) const;

 private:
  capnp::JsonCodec codec_;
  std::vector<CommandKind> kinds_;
};

// The union member of `command` (its own fields) as a JSON object, hashes in hex.
std::string EncodeCommandJson(schema::Command::Reader command);

// Any capnp struct as JSON with the schema's $Json annotations applied.
std::string EncodeJson(capnp::DynamicStruct::Reader value);

// Role by schema name in any case ("platform", "SUPERVISOR"); kInvalidArgument "bad_role".
[[nodiscard]] Result<schema::Role> ParseRole(std::string_view text);
// "platform", "cashier", ...
std::string RoleName(schema::Role role);

// A fresh command id: "cli-" and 32 random hex digits from OpenSSL's CSPRNG; "" only when the
// CSPRNG fails. Thread-safe.
std::string NewCommandId();

}  // namespace bitacora::app

#endif  // BITACORA_APP_COMMAND_CODEC_H_
