#include "cli/demo/sim.h"

#include <capnp/message.h>

#include "scenarios/returned_orders.h"

namespace bitacora::demo {

namespace returned = scenarios::returned;

Result<CommandOutcome> Sim::Handle(const ActorRef& actor, const scenarios::Fill& fill) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  fill(command);
  command.setCommandId("demo-" + std::to_string(++ids_));
  now_ += Minutes(2, 12);
  auto out = handler_.Handle(actor, command.asReader());
  if (out) {
    ++summary_.commands;
    ++summary_.by_command[scenarios::CommandName(command.asReader())];
    for (const std::string& order : out->issued_orders) {
      if (returned::IsReturnable(order)) to_verify_.insert(order);
    }
  } else if (!probing_) {
    ++summary_.refusals[out.error().code];
  }
  return out;
}

bool Sim::MakeMistake(const scenarios::Mistake& m) {
  Status refused = Probe([&] { return scenarios::mistakes::Make(*this, m); });
  if (refused) {
    ++summary_.mistakes[m.name];
  } else {
    ++summary_.refusals[refused.error().code];
  }
  return true;
}

void Sim::EndOfDay(const std::string& today) {
  if (!odeco_inbox_.empty()) {
    if (returned::ProcessAtOdeco(*this, odeco_inbox_)) {
      for (const std::string& o : odeco_inbox_) processed_[today.substr(0, 7)].push_back(o);
    }
    odeco_inbox_.clear();
  }
  std::vector<std::string> verified;
  for (auto it = to_verify_.begin(); it != to_verify_.end();) {
    if (Chance(0.04) && !returned::IsOrt(*it)) {
      (void)Probe([&] { return returned::SendBack(*this, *it); });
    }
    auto v = Probe([&] { return returned::Verify(*this, *it); });
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
  if (!returned::RegisterInDailyControl(*this, verified)) return;
  std::vector<std::string> to_odeco;
  for (const std::string& o : verified) (returned::IsOrt(o) ? to_archive_ : to_odeco).push_back(o);
  if (!to_odeco.empty() && returned::SendToOdeco(*this, to_odeco)) {
    odeco_inbox_.insert(odeco_inbox_.end(), to_odeco.begin(), to_odeco.end());
  }
  std::vector<std::string> still;
  for (const std::string& o : to_archive_) {
    if (!Probe([&] { return returned::Archive(*this, o); })) still.push_back(o);
  }
  to_archive_ = still;
}

void Sim::MonthEnd(const std::string& month) {
  auto it = processed_.find(month);
  if (it == processed_.end() || it->second.empty()) return;
  if (returned::SendMonthlyBatchToCpd(*this, month, it->second)) {
    (void)returned::ReceiveCpdBatch(*this, month, it->second);
  }
  processed_.erase(it);
}

}  // namespace bitacora::demo
