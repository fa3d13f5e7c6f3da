#include "core/merkle/memory_node_source.h"

namespace bitacora {

Result<Hash32> MemoryNodeSource::Get(uint32_t level, uint64_t index) const {
  if (level >= levels_.size() || index >= levels_[level].size() || !levels_[level][index].present) {
    return Fail(MissingNodeError(level, index));
  }
  return levels_[level][index].hash;
}

void MemoryNodeSource::Put(const MerkleNode& node) {
  if (levels_.size() <= node.level) levels_.resize(node.level + 1);
  std::vector<Slot>& level = levels_[node.level];
  if (level.size() <= node.index) level.resize(node.index + 1);
  level[node.index] = Slot{node.hash, true};
}

Status MemoryNodeSource::AppendLeaf(const Hash32& leaf_hash) {
  Result<std::vector<MerkleNode>> nodes = NodesForAppend(size(), leaf_hash, *this);
  if (!nodes) return Fail(nodes.error());
  for (const MerkleNode& node : *nodes) Put(node);
  return Ok();
}

Status MemoryNodeSource::AppendData(std::string_view data) { return AppendLeaf(LeafHash(data)); }

}  // namespace bitacora
