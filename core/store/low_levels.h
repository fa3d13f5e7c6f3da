// Internal: the Merkle nodes below store_keys::kLowestStoredLevel, hashed from the events.
//
// Node (level, index) with level < kLowestStoredLevel is the root of the 2^level leaves
// [index << level, (index + 1) << level), and leaf i is LeafHash of the stored bytes of the event
// at position i + 1. Not storing these levels saves the writer ~15 of every 16 node records; a
// proof then reads the (at most 16) neighbouring events of its leaf, which sit in one or two
// data blocks of the "events" column family, instead of one record per low level.
#ifndef BITACORA_CORE_STORE_LOW_LEVELS_H_
#define BITACORA_CORE_STORE_LOW_LEVELS_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "core/merkle/merkle.h"
#include "core/store/store_impl.h"

namespace bitacora {

// Hashes every node `wanted` lists (each of a level below kLowestStoredLevel) from the events
// under it, read through `ro` in one MultiGet; the answer is in `wanted`'s order. A missing event
// is MissingLeafError (kCorruption "merkle_node_missing") naming the first missing leaf; a
// failed read is kIOError. Thread-safe; `ro` may carry a snapshot.
[[nodiscard]] Result<std::vector<MerkleNode>> HashLowNodes(
    const EventStore::Impl& impl, const rocksdb::ReadOptions& ro,
    const std::vector<std::pair<uint32_t, uint64_t>>& wanted);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_LOW_LEVELS_H_
