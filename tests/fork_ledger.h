// A ledger that can be copied: the same LoadWorld + Decide + fold as MemoryLedger (desk_fixture.h),
// its events kept in plain vectors, so that a search over the procedures can fork it at every
// state.
#ifndef BITACORA_TESTS_FORK_LEDGER_H_
#define BITACORA_TESTS_FORK_LEDGER_H_

#include "tests/desk_fixture.h"

namespace bitacora::testing {

class ForkLedger : public Ledger {
 public:
  Result<CommandOutcome> Handle(const ActorRef& actor, const scenarios::Fill& fill) override {
    capnp::MallocMessageBuilder message;
    auto decision = DecideFor(actor, fill, message);
    if (!decision) return Fail(decision.error());
    for (const CounterClaim& claim : decision->counters())
      counters_[claim.name] = claim.expected_value + 1;
    CommandOutcome out;
    out.case_id = decision->case_id;
    out.issued_orders = decision->issued_orders;
    out.subscriber_number = decision->subscriber_number;
    out.streams = decision->streams();
    for (ProposedEvent& e : decision->TakeEvents()) {
      Append(e.stream_id, e.occurred_at_ns != 0 ? e.occurred_at_ns : now_, e.payload);
    }
    return out;
  }

  // Whether `role` would be answered ok now; appends nothing (to fork only on success).
  bool Accepts(Role role, const scenarios::Fill& fill) {
    capnp::MallocMessageBuilder message;
    return DecideFor(ActorRef{ActorOf(role), role}, fill, message).has_value();
  }

  domain::WorldSources Sources() override {
    domain::WorldSources src;
    src.read_stream = [this](const std::string& id,
                             const domain::WorldSources::EventFn& fn) -> Result<uint64_t> {
      auto it = streams_.find(id);
      if (it == streams_.end()) return uint64_t{0};
      for (const Stored& s : it->second) {
        capnp::FlatArrayMessageReader reader(kj::arrayPtr(s.words.data(), s.words.size()));
        fn(s.meta, reader.getRoot<schema::Event>());
      }
      return static_cast<uint64_t>(it->second.size());
    };
    src.read_counter = [this](const std::string& name) -> Result<uint64_t> {
      return counters_[name];
    };
    src.stream_at = [this](uint64_t position) -> Result<std::string> {
      if (position == 0 || position > log_.size()) return Fail(Code::kEventNotFound, "");
      return log_[position - 1];
    };
    return src;
  }

  uint64_t HeadPosition() override { return log_.size(); }

  void Seed(const std::string& stream,
            const std::function<void(schema::Event::Builder)>& fill) override {
    capnp::MallocMessageBuilder message;
    fill(message.initRoot<schema::Event>());
    Append(stream, now_, EncodePayload(message));
  }

 private:
  Result<domain::Decision> DecideFor(const ActorRef& actor, const scenarios::Fill& fill,
                                     capnp::MallocMessageBuilder& message) {
    auto builder = message.initRoot<schema::Command>();
    fill(builder);
    if (builder.getCommandId().size() == 0)
      builder.setCommandId("cmd-" + std::to_string(next_command_++));
    auto command = builder.asReader();
    if (Status s = domain::CheckRole(actor.role, command.which()); !s) return Fail(s.error());
    domain::Context ctx{.now_ns = now_, .occurred_at_ns = command.getOccurredAtNs()};
    auto world = domain::LoadWorld(Sources(), command, now_);
    if (!world) return Fail(world.error());
    return domain::Decide(*world, actor.role, command, ctx);
  }
  struct Stored {
    domain::EventMeta meta;
    std::vector<capnp::word> words;
  };
  void Append(const std::string& stream, int64_t occurred_at_ns,
              const kj::Array<capnp::word>& payload) {
    log_.push_back(stream);
    streams_[stream].push_back(Stored{domain::EventMeta{log_.size(), now_, occurred_at_ns},
                                      std::vector<capnp::word>(payload.begin(), payload.end())});
  }
  std::map<std::string, std::vector<Stored>> streams_;
  std::vector<std::string> log_;
  std::map<std::string, uint64_t> counters_;
};

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_FORK_LEDGER_H_
