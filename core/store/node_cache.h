// Internal: the upper levels of the stored Merkle tree, kept in memory.
//
// A stored node (level, index) is written once, when the subtree under it is complete, and never
// changes afterwards, so a copy of it never goes stale. The nodes at level kMinLevel and above are
// few (one per 2^kMinLevel events: about 10,000 at ten million events, 320 KiB) and sit on every
// proof's path, so keeping them in memory saves most of a proof's reads. Verify never reads
// through this cache: it recomputes the tree from the stored leaves and compares with RocksDB.
#ifndef BITACORA_CORE_STORE_NODE_CACHE_H_
#define BITACORA_CORE_STORE_NODE_CACHE_H_

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <unordered_map>

#include "core/merkle/merkle.h"

namespace bitacora {

class NodeCache {
 public:
  static constexpr uint32_t kMinLevel = 10;

  // Whether a node of `level` belongs in this cache.
  static bool Holds(uint32_t level) { return level >= kMinLevel && level < 64; }

  // The cached hash of (level, index), if any. Thread-safe.
  std::optional<Hash32> Find(uint32_t level, uint64_t index) const {
    std::shared_lock lock(mu_);
    auto it = nodes_.find(Key(level, index));
    if (it == nodes_.end()) return std::nullopt;
    return it->second;
  }

  // Remembers a node read from the store. Precondition: Holds(level), and `hash` is what the
  // store holds for (level, index). Thread-safe.
  void Insert(uint32_t level, uint64_t index, const Hash32& hash) {
    std::unique_lock lock(mu_);
    nodes_.emplace(Key(level, index), hash);
  }

 private:
  // Index < 2^(64 - level) <= 2^54 for every level the cache holds, so 8 bits of level fit above.
  static uint64_t Key(uint32_t level, uint64_t index) {
    return (static_cast<uint64_t>(level) << 56) | index;
  }

  mutable std::shared_mutex mu_;
  std::unordered_map<uint64_t, Hash32> nodes_;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_NODE_CACHE_H_
