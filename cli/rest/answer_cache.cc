#include "cli/rest/answer_cache.h"

namespace bitacora::shim {

std::shared_ptr<const std::string> AnswerCache::Find(const std::string& target, uint64_t position) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(target);
  if (it == entries_.end() || it->second.position != position) return nullptr;
  return it->second.body;
}

void AnswerCache::Put(const std::string& target, uint64_t position, std::string body) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= max_entries_ && entries_.find(target) == entries_.end()) entries_.clear();
  entries_[target] = Entry{position, std::make_shared<const std::string>(std::move(body))};
}

}  // namespace bitacora::shim
