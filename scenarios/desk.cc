#include "scenarios/desk.h"

#include <capnp/dynamic.h>
#include <capnp/message.h>

namespace bitacora::scenarios {

using schema::Role;

std::string Desk::ActorOf(Role role) const {
  switch (role) {
    case Role::PLATFORM:
      return "ape-rosa";
    case Role::TECHNICIAN:
      return "tec-ramos";
    case Role::CASHIER:
      return "caja-1";
    case Role::WAREHOUSE:
      return "almacen-1";
    case Role::ODECO:
      return "odeco-lidia";
    case Role::CPD:
      return "cpd-1";
    case Role::SUPERVISOR:
      return "sup-arce";
    case Role::AUDITOR:  // the scenarios never act as these two
    case Role::SYSTEM:
      break;
  }
  return "sistema";
}

Result<CommandOutcome> SenderDesk::Handle(const ActorRef& actor, const Fill& fill) {
  capnp::MallocMessageBuilder message;
  auto builder = message.initRoot<schema::Command>();
  fill(builder);
  ++commands_;
  if (builder.getCommandId().size() == 0) {
    builder.setCommandId(prefix_ + std::to_string(commands_));
  }
  auto out = send_(actor, builder.asReader());
  if (observe_) observe_(actor, builder.asReader(), out);
  return out;
}

std::string CommandName(schema::Command::Reader command) {
  KJ_IF_MAYBE (field, capnp::toDynamic(command).which()) {
    return field->getProto().getName().cStr();
  }
  return "";
}

}  // namespace bitacora::scenarios
