// Answers computed from the views are fixed by the views' position: the same request at the same
// position gets the same bytes. The cache keeps recent answers keyed by request target and views
// position; an answer at an older position is never served (the position is part of the check).
#ifndef BITACORA_CLI_REST_ANSWER_CACHE_H_
#define BITACORA_CLI_REST_ANSWER_CACHE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace bitacora::shim {

class AnswerCache {
 public:
  explicit AnswerCache(size_t max_entries = 8192) : max_entries_(max_entries) {}

  // The answer stored for `target` at exactly `position`, if any. Thread-safe.
  std::shared_ptr<const std::string> Find(const std::string& target, uint64_t position) const;
  // Stores `body` as the answer for `target` at `position` (forgetting everything when full).
  // Thread-safe.
  void Put(const std::string& target, uint64_t position, std::string body);

 private:
  struct Entry {
    uint64_t position;
    std::shared_ptr<const std::string> body;
  };
  size_t max_entries_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace bitacora::shim

#endif  // BITACORA_CLI_REST_ANSWER_CACHE_H_
