// The states a command reads, loaded from the streams it touches, and how they are loaded.
//
// A command often touches several aggregates at once (a payment writes the case and a new OEM; an
// energization writes the order, the subscriber and the meters), so the deciders read a World:
// the loaded states of every stream the command touches, plus the counters it may claim. The
// loader is generic over where streams come from (the EventStore in the command handler, memory
// in the domain tests), so both run the same code.
#ifndef BITACORA_CORE_DOMAIN_WORLD_H_
#define BITACORA_CORE_DOMAIN_WORLD_H_

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/domain/correction.h"
#include "core/domain/state.h"
#include "core/result.h"
#include "events/commands.capnp.h"

namespace bitacora::domain {

struct World {
  ReferenceState reference;
  ClientState client;            // the client of the case or of the command, if any
  CaseState kase;                // the case of the command, if any
  SubscriberState subscriber;    // the subscriber of the case or command, if any
  std::map<std::string, OrderState> orders;  // the case's orders and those the command names
  std::map<std::string, MeterState> meters;  // by serial
  std::string corrected_stream;  // recordCorrection: stream of the corrected event,
  schema::Event::Which corrected_event = schema::Event::COMMENT_RECORDED;  // its kind,
  std::vector<PayloadField> corrected_fields;  // and its fields as earlier corrections left them
  TokenState token;              // issueToken / revokeToken: the token's stream
  UserState user;                // the user commands: the user's stream
  std::map<std::string, uint64_t> versions;  // every stream read -> its version (0: none)
  // Every stream read that has events -> the newest business time (occurredAt, UTC ns) among them.
  std::map<std::string, int64_t> last_occurred_at_ns;
  std::map<std::string, uint64_t> counters;  // counters the command may claim -> value

  // The order with that number, or nullptr if not loaded / not existing.
  const OrderState* Order(const std::string& number) const;
  // The latest live order of `type` in the case, or nullptr.
  const OrderState* LiveOrder(schema::OrderType type) const;
  // The meter with that serial, or nullptr if not loaded / not existing.
  const MeterState* Meter(const std::string& serial) const;
};

// Where the loader reads from. `read_stream` folds the whole stream by calling `fn` for each
// event in order (with the corrections among them applied: ForEachCorrected) and returns the
// stream's version; `read_counter` returns a counter's value;
// `stream_at` returns the stream id of the event at a global position (kNotFound if none).
struct WorldSources {
  using EventFn = std::function<void(const EventMeta&, schema::Event::Reader)>;
  std::function<Result<uint64_t>(const std::string& stream_id, const EventFn& fn)> read_stream;
  std::function<Result<uint64_t>(const std::string& name)> read_counter;
  std::function<Result<std::string>(uint64_t position)> stream_at;
};

// Loads the World `command` touches: the case it names (or the case of the order it names),
// that case's orders, client, subscriber and meters, the orders it lists, the reference data,
// the token a token command names, the user a user command names, the stream a note is for (its version only), and the
// counters of the current La Paz year. Malformed CI: ci_malformed; a named case or order
// that does not exist: case_not_found / order_not_found. Thread-safe if the sources are.
[[nodiscard]] Result<World> LoadWorld(const WorldSources& sources,
                                      schema::Command::Reader command, int64_t now_ns);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_WORLD_H_
