// The Server-Sent Events of the log, formatted once for every open stream. With 32 streams open,
// each reading and formatting every new event on its own, the commands' p99 grew sevenfold
// (docs/reliability.md, "Load"); here the newest events are read and formatted by whichever
// stream first needs them and kept in a bounded ring the other streams copy from. A stream behind
// the ring (a catch-up from an old position) reads the store itself, as before.
#ifndef BITACORA_REST_EVENT_FEED_H_
#define BITACORA_REST_EVENT_FEED_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora::shim {

class EventFeed {
 public:
  // Keeps at most `max_events` messages and about `max_bytes` of them (the newest; at least one).
  // `store` must outlive the feed.
  EventFeed(const EventStore* store, size_t max_events, size_t max_bytes)
      : store_(store), max_events_(max_events), max_bytes_(max_bytes) {}

  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  // Appends to *out the SSE messages (id, event, data) of up to `max` events from position
  // `from` (>= 1) on, and returns the position after the last one appended. When the log has
  // nothing at `from` yet, waits up to `wait` for it and returns `from` with *out unchanged if
  // nothing came. Errors are the store's. Thread-safe: called by every stream's thread at once.
  [[nodiscard]] Result<uint64_t> Read(uint64_t from, size_t max, std::chrono::milliseconds wait,
                                      std::string* out);

  // How many events the streams have had formatted (each once while in the ring), and how
  // many were read by a stream for itself (catch-ups behind the ring). Tests, benchmarks.
  uint64_t formatted() const;
  uint64_t read_alone() const;

 private:
  struct Message {
    uint64_t position;
    std::string text;
  };

  uint64_t EndLocked() const { return first_ + ring_.size(); }
  // Copies ring messages from `from` (inside the ring) into *out; mu_ held.
  uint64_t CopyLocked(uint64_t from, size_t max, std::string* out) const;
  // Reads and formats events [from, from+max) straight from the store, no lock held.
  Result<uint64_t> ReadAlone(uint64_t from, size_t max, std::string* out);
  // Reads the next batch after the ring's end into the ring; `lock` is released while reading.
  Status Fill(std::unique_lock<std::mutex>& lock, uint64_t start);

  const EventStore* const store_;
  const size_t max_events_;
  const size_t max_bytes_;

  mutable std::mutex mu_;
  std::condition_variable filled_;
  std::deque<Message> ring_;  // consecutive positions first_, first_+1, ...; guarded by mu_
  uint64_t first_ = 0;        // guarded by mu_
  size_t bytes_ = 0;          // guarded by mu_
  bool filling_ = false;      // one stream reads for the ring at a time; guarded by mu_
  uint64_t formatted_ = 0;    // guarded by mu_
  uint64_t read_alone_ = 0;   // guarded by mu_
};

// The SSE message of one stored event: "id: <position>\nevent: <type>\ndata: <json>\n\n".
std::string SseMessage(const StoredEvent& e);

}  // namespace bitacora::shim

#endif  // BITACORA_REST_EVENT_FEED_H_
