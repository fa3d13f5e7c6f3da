// The in-memory copy of the stored Merkle levels: what it keeps, what it refuses, what it costs.
#include "core/store/node_cache.h"

#include <gtest/gtest.h>

namespace bitacora {
namespace {

Hash32 HashOf(uint32_t level, uint64_t index) {
  Hash32 h{};
  h[0] = static_cast<uint8_t>(level);
  for (int b = 0; b < 8; ++b) h[1 + b] = static_cast<uint8_t>(index >> (8 * b));
  return h;
}

// Every node of the stored levels of a tree over `events` leaves, in the order the writer adds
// them.
std::vector<MerkleNode> StoredLevelsOf(uint64_t events) {
  std::vector<MerkleNode> nodes;
  for (uint32_t level = NodeCache::kMinLevel; (events >> level) != 0; ++level) {
    for (uint64_t i = 0; i < (events >> level); ++i) nodes.push_back({level, i, HashOf(level, i)});
  }
  return nodes;
}

TEST(NodeCache, KeepsEveryNodeOfTheStoredLevelsAndNothingBelow) {
  NodeCache cache;
  cache.Append(StoredLevelsOf(5000));
  cache.Append({{NodeCache::kMinLevel - 1, 0, HashOf(3, 0)}});
  EXPECT_FALSE(cache.Find(NodeCache::kMinLevel - 1, 0));
  for (uint32_t level = NodeCache::kMinLevel; (5000u >> level) != 0; ++level) {
    EXPECT_EQ(*cache.Find(level, 0), HashOf(level, 0));
    EXPECT_EQ(*cache.Find(level, (5000u >> level) - 1), HashOf(level, (5000u >> level) - 1));
    EXPECT_FALSE(cache.Find(level, 5000u >> level)) << "level " << level;
  }
}

TEST(NodeCache, ALevelStopsGrowingAfterAGap) {
  NodeCache cache;
  cache.Append(NodeCache::kMinLevel, 0, HashOf(4, 0));
  cache.Append(NodeCache::kMinLevel, 2, HashOf(4, 2));  // 1 is missing (a damaged record)
  cache.Append(NodeCache::kMinLevel, 1, HashOf(4, 1));
  EXPECT_EQ(*cache.Find(NodeCache::kMinLevel, 1), HashOf(4, 1));
  EXPECT_FALSE(cache.Find(NodeCache::kMinLevel, 2));
}

TEST(NodeCache, CostsAboutFourBytesPerEventWithNoSlackBeyondAChunkPerLevel) {
  NodeCache cache;
  constexpr uint64_t kEvents = 1'000'000;
  cache.Append(StoredLevelsOf(kEvents));
  const size_t nodes = StoredLevelsOf(kEvents).size();  // about kEvents / 8
  EXPECT_LE(nodes, kEvents / 8);
  size_t levels = 0;
  for (uint32_t level = NodeCache::kMinLevel; (kEvents >> level) != 0; ++level) ++levels;
  EXPECT_GE(cache.AllocatedBytes(), nodes * sizeof(Hash32));
  EXPECT_LE(cache.AllocatedBytes(), (nodes + levels * NodeCache::kChunk) * sizeof(Hash32));
}

}  // namespace
}  // namespace bitacora
