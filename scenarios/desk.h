// A desk runs commands as someone: the seam that lets one scenario walk run through the pure
// decider (the tests' MemoryLedger), a CommandHandler on a store (tests, demo, benchmarks) or a
// running server over HTTP (the benchmarks' sender).
#ifndef BITACORA_SCENARIOS_DESK_H_
#define BITACORA_SCENARIOS_DESK_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/handler/command_handler.h"
#include "core/result.h"

namespace bitacora::scenarios {

// Fills in one command (its kind and fields); the desk adds the command id when none is set.
using Fill = std::function<void(schema::Command::Builder)>;

// Runs one command for a desk: CommandHandler::Handle, or a request to a server.
using CommandSender =
    std::function<Result<CommandOutcome>(const ActorRef&, schema::Command::Reader)>;

class Desk {
 public:
  virtual ~Desk() = default;

  // Runs the command `fill` builds as `actor`. Returns what the handler answers: the outcome,
  // or the refusal / store error unchanged.
  Result<CommandOutcome> Run(const ActorRef& actor, const Fill& fill) {
    return Handle(actor, fill);
  }
  // The same, as this desk's person of `role` (ActorOf).
  Result<CommandOutcome> Run(schema::Role role, const Fill& fill) {
    return Handle(ActorRef{ActorOf(role), role}, fill);
  }
  // Who acts for `role` when a walk names no one: the desk in Tupiza ("ape-rosa", "tec-ramos",
  // "caja-1", "almacen-1", "odeco-lidia", "cpd-1", "sup-arce"; "sistema" otherwise).
  virtual std::string ActorOf(schema::Role role) const;

 protected:
  virtual Result<CommandOutcome> Handle(const ActorRef& actor, const Fill& fill) = 0;
};

// A desk over a CommandSender. Command ids are `command_prefix` + 1, 2, ... (unless the fill
// sets one); `observe` (optional) sees every answer, e.g. to count or to stop on a refusal.
class SenderDesk : public Desk {
 public:
  using Observer =
      std::function<void(const ActorRef&, schema::Command::Reader, const Result<CommandOutcome>&)>;
  SenderDesk(CommandSender send, std::string command_prefix, Observer observe = nullptr)
      : send_(std::move(send)), prefix_(std::move(command_prefix)), observe_(std::move(observe)) {}

  uint64_t commands() const { return commands_; }  // commands sent so far

 protected:
  Result<CommandOutcome> Handle(const ActorRef& actor, const Fill& fill) override;

 private:
  CommandSender send_;
  std::string prefix_;
  Observer observe_;
  uint64_t commands_ = 0;
};

// The name of the command's kind as in JSON and the REST API ("openCase", "completeCase").
std::string CommandName(schema::Command::Reader command);

}  // namespace bitacora::scenarios

#endif  // BITACORA_SCENARIOS_DESK_H_
