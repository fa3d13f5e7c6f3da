// The Merkle tree's part of a group commit: once the whole group is staged, the nodes its
// events' leaves complete.

#include "core/store/keys.h"
#include "core/store/staging.h"
#include "core/store/store_impl.h"

namespace bitacora {
namespace {

// The Merkle nodes the writer can see: staged in this group, the frontier cache, then RocksDB.
class StagingNodes final : public NodeSource {
 public:
  StagingNodes(const EventStore::Impl& impl, const EventStore::Impl::Staging& staging)
      : impl_(impl), staging_(staging) {}
  Result<Hash32> Get(uint32_t level, uint64_t index) const override {
    if (level < staging_.frontier.size() && staging_.frontier[level] &&
        staging_.frontier[level]->index == index) {
      return staging_.frontier[level]->hash;
    }
    if (level < impl_.frontier.size() && impl_.frontier[level] &&
        impl_.frontier[level]->index == index) {
      return impl_.frontier[level]->hash;
    }
    rocksdb::ReadOptions ro;
    return StoredNodes(impl_, ro).Get(level, index);
  }

 private:
  const EventStore::Impl& impl_;
  const EventStore::Impl::Staging& staging_;
};

}  // namespace

Status EventStore::Impl::StageTree(Staging& staging, uint64_t first_position) {
  const StagingNodes nodes_so_far(*this, staging);
  for (size_t i = 0; i < staging.leaves.size(); ++i) {
    auto nodes = NodesForAppend(first_position - 1 + i, staging.leaves[i], nodes_so_far);
    if (!nodes) return Fail(nodes.error());
    for (const MerkleNode& node : *nodes) {
      // The lower levels are not stored: they are hashed from the events (low_levels.h).
      if (node.level >= store_keys::kLowestStoredLevel) staging.node_puts.push_back(node);
      if (staging.frontier.size() <= node.level) staging.frontier.resize(node.level + 1);
      staging.frontier[node.level] = node;
    }
  }
  return Ok();
}

}  // namespace bitacora
