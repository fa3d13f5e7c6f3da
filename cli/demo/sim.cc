#include "cli/demo/sim.h"

#include "app/command_codec.h"
#include "app/json.h"

namespace bitacora::demo {

std::string Q(std::string_view text) { return app::JsonString(text); }

std::string List(const std::vector<std::string>& items) {
  std::string out = "[";
  for (const std::string& s : items) out += (out.size() > 1 ? "," : "") + Q(s);
  return out + "]";
}

Result<CommandOutcome> Sim::Run(Role role, const std::string& name, const std::string& json,
                                bool probe) {
  const app::CommandKind* kind = decoder_.Find(name);
  if (kind == nullptr) {
    return Fail(Code::kUnknownCommand, "demo: no command " + name);
  }
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  if (Status s = decoder_.Decode(*kind, json, command); !s) return Fail(s.error());
  command.setCommandId("demo-" + std::to_string(++ids_));
  now_ += Minutes(2, 12);
  auto out = handler_.Handle(ActorRef{ActorOf(role), role}, command.asReader());
  if (out) {
    ++summary_.commands;
    ++summary_.by_command[name];
    for (const std::string& order : out->issued_orders) Track(order);
  } else if (!probe) {
    ++summary_.refusals[out.error().code];
  }
  return out;
}

void Sim::EndOfDay(const std::string& today) {
  if (!odeco_inbox_.empty()) {
    if (Run(Role::ODECO, "processOrdersAtOdeco", "{\"orderNumbers\":" + List(odeco_inbox_) + "}")) {
      for (const std::string& o : odeco_inbox_) processed_[today.substr(0, 7)].push_back(o);
    }
    odeco_inbox_.clear();
  }
  std::vector<std::string> verified;
  for (auto it = to_verify_.begin(); it != to_verify_.end();) {
    if (Chance(0.04) && it->rfind("ORT-", 0) != 0) {
      (void)Run(Role::PLATFORM, "sendBackOrder",
                "{\"orderNumber\":" + Q(*it) + ",\"reasons\":[\"Falta la firma del técnico\"]}",
                true);
    }
    auto v = Run(Role::PLATFORM, "verifyReturnedOrder", "{\"orderNumber\":" + Q(*it) + "}", true);
    if (v) {
      verified.push_back(*it);
      it = to_verify_.erase(it);
    } else if (v.error().Is(Code::kOrderNotReturned)) {
      ++it;
    } else {
      it = to_verify_.erase(it);
    }
  }
  if (verified.empty()) return;
  if (!Run(Role::PLATFORM, "registerInDailyControl", "{\"orderNumbers\":" + List(verified) + "}")) {
    return;
  }
  std::vector<std::string> to_odeco;
  for (const std::string& o : verified) {
    (o.rfind("ORT-", 0) == 0 ? to_archive_ : to_odeco).push_back(o);
  }
  if (!to_odeco.empty() &&
      Run(Role::PLATFORM, "sendOrdersToOdeco", "{\"orderNumbers\":" + List(to_odeco) + "}")) {
    odeco_inbox_.insert(odeco_inbox_.end(), to_odeco.begin(), to_odeco.end());
  }
  std::vector<std::string> still;
  for (const std::string& o : to_archive_) {
    if (!Run(Role::PLATFORM, "archiveOrder", "{\"orderNumber\":" + Q(o) + "}", true)) {
      still.push_back(o);
    }
  }
  to_archive_ = still;
}

void Sim::MonthEnd(const std::string& month) {
  auto it = processed_.find(month);
  if (it == processed_.end() || it->second.empty()) return;
  const std::string body =
      "{\"batchMonth\":" + Q(month) + ",\"orderNumbers\":" + List(it->second) + "}";
  if (Run(Role::ODECO, "sendMonthlyBatchToCpd", body)) {
    (void)Run(Role::CPD, "receiveCpdBatch", body);
  }
  processed_.erase(it);
}

std::string Sim::ActorOf(Role role) {
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
    case Role::AUDITOR:  // the simulation never acts as these two
    case Role::SYSTEM:
      break;
  }
  return "sistema";
}

}  // namespace bitacora::demo
