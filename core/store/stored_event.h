// An event as read back from the store: its canonical bytes and a checked Cap'n Proto view.
#ifndef BITACORA_CORE_STORE_STORED_EVENT_H_
#define BITACORA_CORE_STORE_STORED_EVENT_H_

#include <capnp/message.h>
#include <kj/array.h>

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/result.h"
#include "events/envelope.capnp.h"

namespace bitacora {

// Owns one event's stored bytes. Movable, not copyable; readers obtained from it live as long as
// it does. Not thread-safe for concurrent moves, safe for concurrent reads.
class StoredEvent {
 public:
  // Decodes `bytes` (the canonical single-segment encoding stored in RocksDB), checking that the
  // whole message is in bounds and reads as the schema says (no list where text belongs), so
  // that reading the event later cannot throw. A malformed message is a kCorruption error, never
  // an exception.
  static Result<StoredEvent> Decode(std::string_view bytes);

  StoredEvent(StoredEvent&&) noexcept;
  StoredEvent& operator=(StoredEvent&&) noexcept;
  ~StoredEvent();

  schema::Envelope::Reader envelope() const;
  uint64_t position() const { return envelope().getPosition(); }
  // The stored canonical bytes (what the hash chain and the Merkle tree cover).
  std::string_view bytes() const;

 private:
  struct Holder;
  explicit StoredEvent(std::unique_ptr<Holder> holder);
  std::unique_ptr<Holder> holder_;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_STORED_EVENT_H_
