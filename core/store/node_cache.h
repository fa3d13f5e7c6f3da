// Internal: the upper levels of the stored Merkle tree, kept in memory.
//
// A stored node (level, index) is written once, when the subtree under it is complete, and never
// changes afterwards, so a copy of it never goes stale. The nodes at level kMinLevel and above sit
// on every proof's path, so keeping them in memory saves most of a proof's reads. Each level is a
// dense array in index order: loaded at open, then extended by the writer with every node it
// commits, before the head that covers them is published. So for any tree size up to the
// published head, the cache holds every node of its levels, and a proof reads only its levels
// below kMinLevel (and its leaves' events) from RocksDB.
//
// Memory: the levels from k up hold about N / 2^(k-1) nodes of 32 bytes for N events (plus the
// arrays' growth slack, at most as much again): with k = kMinLevel = 6, about 1 MiB per million
// events (10 MiB at ten million). Verify never reads through this cache: it recomputes the tree
// from the events and compares with RocksDB.
#ifndef BITACORA_CORE_STORE_NODE_CACHE_H_
#define BITACORA_CORE_STORE_NODE_CACHE_H_

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "core/merkle/merkle.h"

namespace bitacora {

class NodeCache {
 public:
  static constexpr uint32_t kMinLevel = 6;

  // Whether a node of `level` belongs in this cache.
  static bool Holds(uint32_t level) { return level >= kMinLevel && level < 64; }

  // The cached hash of (level, index), if any. Thread-safe.
  std::optional<Hash32> Find(uint32_t level, uint64_t index) const {
    std::shared_lock lock(mu_);
    const uint32_t slot = level - kMinLevel;
    if (!Holds(level) || slot >= levels_.size() || index >= levels_[slot].size()) {
      return std::nullopt;
    }
    return levels_[slot][index];
  }

  // Adds `nodes` (any levels, each level's nodes in increasing index order) as the store holds
  // them. A node is kept only if it is the next one of its level (index == the level's count):
  // after a gap, such as a damaged record skipped at open, that level grows no more and its
  // nodes are read from RocksDB. Nodes of levels this cache does not hold are ignored.
  // Thread-safe.
  void Append(const std::vector<MerkleNode>& nodes) {
    std::unique_lock lock(mu_);
    for (const MerkleNode& n : nodes) AppendLocked(n.level, n.index, n.hash);
  }
  void Append(uint32_t level, uint64_t index, const Hash32& hash) {
    std::unique_lock lock(mu_);
    AppendLocked(level, index, hash);
  }

 private:
  void AppendLocked(uint32_t level, uint64_t index, const Hash32& hash) {
    if (!Holds(level)) return;
    const uint32_t slot = level - kMinLevel;
    if (levels_.size() <= slot) levels_.resize(slot + 1);
    if (index == levels_[slot].size()) levels_[slot].push_back(hash);
  }

  mutable std::shared_mutex mu_;
  std::vector<std::vector<Hash32>> levels_;  // levels_[level - kMinLevel][index]
};

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_NODE_CACHE_H_
