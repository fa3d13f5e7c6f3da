// How many event streams (GET /v1/log/stream) may be open at once: each holds a request thread
// for as long as it lasts, so 128 from one auditor's token took every thread and /healthz with
// them. A stream takes a ticket before it starts and gives it back when its answer is destroyed.
#ifndef BITACORA_REST_STREAM_GATE_H_
#define BITACORA_REST_STREAM_GATE_H_

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"

namespace bitacora::shim {

class StreamGate : public std::enable_shared_from_this<StreamGate> {
 public:
  // While held, one stream counts against the total and against its token.
  class Ticket {
   public:
    ~Ticket();
    Ticket(const Ticket&) = delete;
    Ticket& operator=(const Ticket&) = delete;

   private:
    friend class StreamGate;
    Ticket(std::shared_ptr<StreamGate> gate, std::string key) : gate_(std::move(gate)), key_(std::move(key)) {}
    std::shared_ptr<StreamGate> gate_;
    std::string key_;
  };

  StreamGate(size_t max_total, size_t max_per_token) : max_total_(max_total), max_per_token_(max_per_token) {}

  // A ticket for one more stream of the token whose key (not the secret: its hash) is `key`;
  // kUnavailable "too_many_streams" (429) past either limit. Thread-safe; the gate must be
  // owned by a shared_ptr.
  [[nodiscard]] Result<std::unique_ptr<Ticket>> Open(const std::string& key);

  // Streams open now (tests, metrics). Thread-safe.
  size_t open() const;

 private:
  void Close(const std::string& key);

  const size_t max_total_;
  const size_t max_per_token_;
  mutable std::mutex mu_;
  size_t total_ = 0;                       // guarded by mu_
  std::map<std::string, size_t> by_key_;   // guarded by mu_
};

}  // namespace bitacora::shim

#endif  // BITACORA_REST_STREAM_GATE_H_
