// Answers computed from the views are fixed by the views' position: the same request at the same
// position gets the same bytes. The cache keeps recent answers keyed by request target and views
// position; an answer at an older position is never served (the position is part of the check).
//
// Bounded in answers and in bytes (a client's folder grows with the client, so a bound in answers
// alone bounds nothing), and evicted by generations like the store's version cache: new answers go
// into the young generation; when it holds half of either bound, the old generation is dropped
// and the young one becomes old; an answer found in the old one moves back into the young one.
// So the cache never holds more than its bounds, and is never emptied whole once it has filled.
#ifndef BITACORA_REST_ANSWER_CACHE_H_
#define BITACORA_REST_ANSWER_CACHE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace bitacora::shim {

class AnswerCache {
 public:
  // At most `max_entries` answers and `max_bytes` bytes (Bytes of each); a bound under 2 (or an
  // answer larger than half `max_bytes`) keeps nothing.
  explicit AnswerCache(size_t max_entries = 8192, size_t max_bytes = size_t{32} << 20)
      : young_max_entries_(max_entries / 2), young_max_bytes_(max_bytes / 2) {}

  // The answer stored for `target` at exactly `position`, if any. Thread-safe.
  std::shared_ptr<const std::string> Find(const std::string& target, uint64_t position) const;
  // Stores `body` as the answer for `target` at `position`. Thread-safe.
  void Put(const std::string& target, uint64_t position, std::string body);

  // Answers held now, and the bytes they are counted for. Thread-safe.
  size_t entries() const;
  size_t bytes() const;

  // What one answer is counted for: its body, its target, and a fixed 128 bytes for its map
  // node, shared pointer and control block.
  static size_t Bytes(const std::string& target, const std::string& body) {
    return body.size() + target.size() + 128;
  }

 private:
  struct Entry {
    uint64_t position;
    std::shared_ptr<const std::string> body;
    size_t bytes;
  };
  using Map = std::unordered_map<std::string, Entry>;
  struct Generation {
    Map entries;
    size_t bytes = 0;
  };
  // Adds `entry` to the young generation (which must not hold `target`), rotating first when it
  // is full. Called with mu_ held.
  void Insert(const std::string& target, Entry entry) const;

  size_t young_max_entries_;
  size_t young_max_bytes_;
  mutable std::mutex mu_;
  mutable Generation young_, old_;  // Find moves answers from old_ into young_
};

}  // namespace bitacora::shim

#endif  // BITACORA_REST_ANSWER_CACHE_H_
