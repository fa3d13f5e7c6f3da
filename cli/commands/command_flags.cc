#include "cli/commands/command_flags.h"

#include <cstdio>


namespace bitacora {
namespace {

std::string Describe(capnp::StructSchema::Field field) {
  const capnp::Type type = field.getType();
  if (type.isEnum()) {
    std::string out = "one of:";
    for (auto e : type.asEnum().getEnumerants()) out += std::string(" ") + e.getProto().getName().cStr();
    return out;
  }
  if (type.isList()) {
    const capnp::Type element = type.asList().getElementType();
    if (element.isStruct()) {
      std::string out = "repeatable; each:";
      for (auto f : element.asStruct().getFields()) out += std::string(" ") + f.getProto().getName().cStr() + "=…";
      return out + " (comma-separated) or a JSON object";
    }
    return "repeatable, one element each";
  }
  if (type.isText()) return "text";
  if (type.isBool()) return "flag (or =false)";
  return "integer";
}

void AddSlot(CLI::App& sub, capnp::StructSchema::Field field, bool on_command,
             CommandFlagValues::Slot& slot) {
  slot.field = field;
  slot.on_command = on_command;
  const std::string flag = "--" + app::KebabCase(field.getProto().getName().cStr());
  const std::string help = std::string(field.getProto().getName().cStr()) + ": " + Describe(field);
  if (field.getType().isBool()) {
    slot.option = sub.add_flag(flag, slot.flag, help);
  } else if (field.getType().isList()) {
    slot.option = sub.add_option(flag, slot.texts, help);
  } else {
    slot.option = sub.add_option(flag, slot.texts, help)->expected(1);
  }
}

}  // namespace

void AddCommandFlags(CLI::App& sub, const app::CommandKind& kind, CommandFlagValues& values) {
  values.kind = kind;
  auto own = kind.params.getFields();
  auto common = capnp::Schema::from<schema::Command>().getNonUnionFields();
  values.slots.resize(own.size() + common.size());  // sized once: options keep references
  size_t i = 0;
  for (auto field : own) AddSlot(sub, field, false, values.slots[i++]);
  for (auto field : common) AddSlot(sub, field, true, values.slots[i++]);
}

Status FillCommand(const CommandFlagValues& values, schema::Command::Builder command) {
  auto root = capnp::toDynamic(command);
  auto member = root.init(values.kind.field).as<capnp::DynamicStruct>();
  for (const CommandFlagValues::Slot& slot : values.slots) {
    if (slot.option == nullptr || slot.option->count() == 0) continue;
    capnp::DynamicStruct::Builder target = slot.on_command ? root : member;
    Status set = Ok();
    if (slot.field.getType().isBool()) {
      target.set(slot.field, slot.flag);
    } else if (slot.field.getType().isList()) {
      set = app::SetListFromText(target, slot.field, slot.texts);
    } else if (!slot.texts.empty()) {
      set = app::SetFromText(target, slot.field, slot.texts.front());
    }
    if (!set) return set;
  }
  if (command.getCommandId().size() == 0) command.setCommandId(app::NewCommandId());
  return Ok();
}

}  // namespace bitacora
