// Internal: the stored levels of the Merkle tree, kept in memory.
//
// A stored node (level, index) is written once, when the subtree under it is complete, and never
// changes afterwards, so a copy of it never goes stale. Each level from kMinLevel (the lowest
// stored one, store_keys::kLowestStoredLevel) up is kept whole, in index order: loaded at open,
// then extended by the writer with every node it commits, before the head that covers them is
// published. So for any tree size up to the published head, a root or proof reads no Merkle
// record from RocksDB: only the events under its nodes of the levels below (low_levels.h).
//
// Memory: the levels from k up hold about N / 2^(k-1) nodes of 32 bytes for N events: with
// k = 4, 4 bytes per event (4 MiB per million events, 40 MiB at ten million), in chunks of
// kChunk nodes, so growth adds no slack beyond one chunk per level. Verify never reads through
// this cache: it recomputes the tree from the events and compares with RocksDB.
#ifndef BITACORA_CORE_STORE_NODE_CACHE_H_
#define BITACORA_CORE_STORE_NODE_CACHE_H_

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "core/merkle/merkle.h"
#include "core/store/keys.h"

namespace bitacora {

class NodeCache {
 public:
  static constexpr uint32_t kMinLevel = store_keys::kLowestStoredLevel;
  static constexpr size_t kChunk = 1024;  // nodes per allocation: 32 KiB

  // Whether a node of `level` belongs in this cache.
  static bool Holds(uint32_t level) { return level >= kMinLevel && level < 64; }

  // The cached hash of (level, index), if any. Thread-safe.
  std::optional<Hash32> Find(uint32_t level, uint64_t index) const {
    std::shared_lock lock(mu_);
    if (!Holds(level) || level - kMinLevel >= levels_.size()) return std::nullopt;
    const Level& l = levels_[level - kMinLevel];
    if (index >= l.count) return std::nullopt;
    return (*l.chunks[index / kChunk])[index % kChunk];
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

  // Bytes allocated for cached nodes. Thread-safe.
  size_t AllocatedBytes() const {
    std::shared_lock lock(mu_);
    size_t chunks = 0;
    for (const Level& l : levels_) chunks += l.chunks.size();
    return chunks * sizeof(Chunk);
  }

 private:
  using Chunk = std::array<Hash32, kChunk>;
  struct Level {
    std::vector<std::unique_ptr<Chunk>> chunks;
    uint64_t count = 0;
  };

  void AppendLocked(uint32_t level, uint64_t index, const Hash32& hash) {
    if (!Holds(level)) return;
    const uint32_t slot = level - kMinLevel;
    if (levels_.size() <= slot) levels_.resize(slot + 1);
    Level& l = levels_[slot];
    if (index != l.count) return;
    if (index % kChunk == 0) l.chunks.push_back(std::make_unique<Chunk>());
    (*l.chunks.back())[index % kChunk] = hash;
    ++l.count;
  }

  mutable std::shared_mutex mu_;
  std::vector<Level> levels_;  // levels_[level - kMinLevel]
};

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_NODE_CACHE_H_
