#include "core/store/version_cache.h"

#include <utility>

namespace bitacora {
namespace {

// glibc's chunk for a request of `n` bytes: 8 bytes of header, 16-byte multiples, 32 at least.
size_t ChunkBytes(size_t n) {
  const size_t chunk = (n + 8 + 15) / 16 * 16;
  return chunk < 32 ? 32 : chunk;
}

// A node of the map: the next pointer, the key and value, and the cached hash.
constexpr size_t kNodeRequest = sizeof(void*) + sizeof(std::pair<const std::string, uint64_t>) + sizeof(size_t);

}  // namespace

VersionCache::VersionCache(size_t max_streams) : young_max_(max_streams / 2) {}

size_t VersionCache::EntryBytes(const std::string& stream) {
  // libstdc++ keeps up to 15 characters inside the string; longer ones take capacity + 1 bytes.
  const size_t key = stream.size() > 15 ? ChunkBytes(stream.size() + 1) : 0;
  return ChunkBytes(kNodeRequest) + key;
}

size_t VersionCache::bytes() const {
  return young_bytes_ + old_bytes_ + (young_.bucket_count() + old_.bucket_count()) * sizeof(void*);
}

std::optional<uint64_t> VersionCache::Find(const std::string& stream) {
  if (auto it = young_.find(stream); it != young_.end()) return it->second;
  auto it = old_.find(stream);
  if (it == old_.end()) return std::nullopt;
  const uint64_t version = it->second;
  old_bytes_ -= EntryBytes(stream);
  old_.erase(it);
  Insert(stream, version);
  return version;
}

void VersionCache::Put(const std::string& stream, uint64_t version) {
  if (auto it = young_.find(stream); it != young_.end()) {
    it->second = version;
    return;
  }
  if (auto it = old_.find(stream); it != old_.end()) {
    old_bytes_ -= EntryBytes(stream);
    old_.erase(it);
  }
  Insert(stream, version);
}

void VersionCache::Insert(const std::string& stream, uint64_t version) {
  if (young_max_ == 0) return;
  if (young_.size() >= young_max_) {
    old_ = std::move(young_);
    old_bytes_ = young_bytes_;
    young_ = Map();
    young_bytes_ = 0;
  }
  young_.emplace(stream, version);
  young_bytes_ += EntryBytes(stream);
}

void VersionCache::Clear() {
  young_ = Map();
  old_ = Map();
  young_bytes_ = old_bytes_ = 0;
}

}  // namespace bitacora
