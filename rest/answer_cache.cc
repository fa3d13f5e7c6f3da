#include "rest/answer_cache.h"

#include <utility>

namespace bitacora::shim {

std::shared_ptr<const std::string> AnswerCache::Find(const std::string& target, uint64_t position) const {
  std::lock_guard lock(mu_);
  if (auto it = young_.entries.find(target); it != young_.entries.end()) {
    return it->second.position == position ? it->second.body : nullptr;
  }
  auto it = old_.entries.find(target);
  if (it == old_.entries.end() || it->second.position != position) return nullptr;
  Entry entry = std::move(it->second);
  old_.bytes -= entry.bytes;
  old_.entries.erase(it);
  auto body = entry.body;
  Insert(target, std::move(entry));
  return body;
}

void AnswerCache::Put(const std::string& target, uint64_t position, std::string body) {
  const size_t bytes = Bytes(target, body);
  std::lock_guard lock(mu_);
  for (Generation* g : {&young_, &old_}) {
    if (auto it = g->entries.find(target); it != g->entries.end()) {
      g->bytes -= it->second.bytes;
      g->entries.erase(it);
    }
  }
  Insert(target, Entry{position, std::make_shared<const std::string>(std::move(body)), bytes});
}

void AnswerCache::Insert(const std::string& target, Entry entry) const {
  if (young_max_entries_ == 0 || entry.bytes > young_max_bytes_) return;
  if (young_.entries.size() >= young_max_entries_ || young_.bytes + entry.bytes > young_max_bytes_) {
    old_ = std::move(young_);
    young_ = Generation();
  }
  young_.bytes += entry.bytes;
  young_.entries.emplace(target, std::move(entry));
}

size_t AnswerCache::entries() const {
  std::lock_guard lock(mu_);
  return young_.entries.size() + old_.entries.size();
}

size_t AnswerCache::bytes() const {
  std::lock_guard lock(mu_);
  return young_.bytes + old_.bytes;
}

}  // namespace bitacora::shim
