// An in-memory NodeSource: for tests and for verifying an exported audit bundle without a
// database. Not thread-safe for concurrent Put; concurrent Get calls are safe.
#ifndef BITACORA_CORE_MERKLE_MEMORY_NODE_SOURCE_H_
#define BITACORA_CORE_MERKLE_MEMORY_NODE_SOURCE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/merkle/merkle.h"

namespace bitacora {

class MemoryNodeSource final : public NodeSource {
 public:
  // Returns the stored hash of (level, index), or MissingNodeError.
  [[nodiscard]] Result<Hash32> Get(uint32_t level, uint64_t index) const override;

  // Stores `node`, replacing any hash already stored at its (level, index).
  void Put(const MerkleNode& node);

  // Appends one leaf with hash `leaf_hash` (the tree must hold exactly size() leaves, as it does
  // when it is only grown through AppendLeaf) and stores every node NodesForAppend returns.
  // Returns the error of NodesForAppend if a node is missing.
  [[nodiscard]] Status AppendLeaf(const Hash32& leaf_hash);

  // AppendLeaf(LeafHash(data)).
  [[nodiscard]] Status AppendData(std::string_view data);

  // Number of leaves, when the tree was only grown through AppendLeaf / AppendData.
  uint64_t size() const { return levels_.empty() ? 0 : levels_[0].size(); }

 private:
  // levels_[level][index]; an index past the end of its level, or a slot with present == false
  // (a gap left by Put), is not stored.
  struct Slot {
    Hash32 hash{};
    bool present = false;
  };
  std::vector<std::vector<Slot>> levels_;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_MERKLE_MEMORY_NODE_SOURCE_H_
