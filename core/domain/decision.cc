#include "core/domain/decision.h"


namespace bitacora::domain {

schema::Event::Builder Decision::Emit(const std::string& stream_id, int64_t occurred_at_ns) {
  auto message = std::make_unique<capnp::MallocMessageBuilder>();
  auto root = message->initRoot<schema::Event>();
  messages_.push_back(Pending{stream_id, occurred_at_ns, std::move(message)});
  return root;
}

Result<uint64_t> Decision::Claim(const std::string& name, uint64_t current) {
  for (const CounterClaim& claim : counters_) {
    if (claim.name == name) {
      return Fail(Code::kCounterClaimedTwice, "Error interno: contador " + name + " usado dos veces.");
    }
  }
  counters_.push_back(CounterClaim{name, current});
  return current + 1;
}

std::vector<ProposedEvent> Decision::TakeEvents() {
  std::vector<ProposedEvent> out;
  out.reserve(messages_.size());
  for (Pending& p : messages_) {
    out.push_back(ProposedEvent{p.stream_id, EncodePayload(*p.message), p.occurred_at_ns});
  }
  messages_.clear();
  return out;
}

std::vector<std::string> Decision::streams() const {
  std::vector<std::string> out;
  for (const Pending& p : messages_) out.push_back(p.stream_id);
  return out;
}

schema::Event::Reader Decision::event(size_t i) const {
  return messages_.at(i).message->getRoot<schema::Event>().asReader();
}

}  // namespace bitacora::domain
