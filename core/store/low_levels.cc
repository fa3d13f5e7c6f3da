// The Merkle levels below the lowest stored one, hashed from the events under each node.
#include "core/store/low_levels.h"

#include <algorithm>
#include <array>
#include <string>

#include "core/store/keys.h"

namespace bitacora {

Result<std::vector<MerkleNode>> HashLowNodes(
    const EventStore::Impl& impl, const rocksdb::ReadOptions& ro,
    const std::vector<std::pair<uint32_t, uint64_t>>& wanted) {
  // The leaves under the wanted nodes, sorted and unique: aligned ranges either nest or do not
  // touch, and sorted keys are what MultiGet reads fastest.
  std::vector<uint64_t> leaves;
  for (const auto& [level, index] : wanted) {
    if (level >= store_keys::kLowestStoredLevel) {
      return Fail(Code::kStoredLevel, "level " + std::to_string(level) + " is stored, not hashed from events");
    }
    for (uint64_t leaf = index << level; leaf < (index + 1) << level; ++leaf) {
      leaves.push_back(leaf);
    }
  }
  std::sort(leaves.begin(), leaves.end());
  leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
  std::vector<std::string> keys;
  keys.reserve(leaves.size());
  for (uint64_t leaf : leaves) keys.push_back(store_keys::PositionKey(leaf + 1));
  MultiRead events = ReadKeys(impl, ro, impl.events, keys, /*sorted_input=*/true);
  std::vector<Hash32> hashes(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i) {
    const rocksdb::Status& s = events.statuses[i];
    if (s.IsNotFound()) return Fail(MissingLeafError(leaves[i]));
    if (!s.ok()) return Fail(FromRocks(s, "read event of a Merkle leaf"));
    hashes[i] = LeafHash(events.values[i].ToStringView());
  }

  std::vector<MerkleNode> out;
  out.reserve(wanted.size());
  for (const auto& [level, index] : wanted) {
    // The node's leaves are consecutive in `leaves`, from the first one under it.
    const size_t first =
        std::lower_bound(leaves.begin(), leaves.end(), index << level) - leaves.begin();
    std::array<Hash32, size_t{1} << (store_keys::kLowestStoredLevel - 1)> row;
    size_t width = size_t{1} << level;
    std::copy_n(hashes.begin() + static_cast<std::ptrdiff_t>(first), width, row.begin());
    for (; width > 1; width /= 2) {
      for (size_t k = 0; k < width / 2; ++k) row[k] = NodeHash(row[2 * k], row[2 * k + 1]);
    }
    out.push_back({level, index, row[0]});
  }
  return out;
}

}  // namespace bitacora
