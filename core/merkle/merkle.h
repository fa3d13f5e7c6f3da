// The Merkle tree over the event log, exactly as RFC 6962 section 2.1 / RFC 9162 section 2.1
// define it, maintained incrementally in a key-value store.
//
//   MTH({})       = SHA-256()
//   MTH({d0})     = LeafHash(d0)     = SHA-256(0x00 || d0)
//   MTH(D[n])     = NodeHash(MTH(D[0:k]), MTH(D[k:n])) = SHA-256(0x01 || left || right),
//                   k the largest power of two smaller than n.
//
// Storage: only hashes of complete, aligned subtrees are stored. Node (level, index) is the hash
// of leaves [index * 2^level, (index + 1) * 2^level); level 0 holds the leaf hashes. These nodes
// never change once written, so appending leaf i writes the leaf and every parent it completes,
// and every tree head, inclusion proof and consistency proof for any size <= the number of leaves
// is computed from O(log n) node reads (the right-most incomplete subtrees of a tree of size n
// are folded from their complete parts). Layout and rationale: docs/audit.md.
//
// Leaf indices are 0-based; tree sizes count leaves. All functions here are pure functions of
// their arguments and of what `nodes` returns; they are thread-safe if `nodes` is.
#ifndef BITACORA_CORE_MERKLE_MERKLE_H_
#define BITACORA_CORE_MERKLE_MERKLE_H_

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/result.h"

namespace bitacora {

// SHA-256(0x00 || data): the hash of a leaf holding `data`.
Hash32 LeafHash(std::string_view data);

// SHA-256(0x01 || left || right): the hash of an interior node.
Hash32 NodeHash(const Hash32& left, const Hash32& right);

// SHA-256 of nothing: the root of the empty tree (e3b0c442...b855).
Hash32 EmptyRoot();

// One stored node: the hash of leaves [index << level, (index + 1) << level).
struct MerkleNode {
  uint32_t level = 0;
  uint64_t index = 0;
  Hash32 hash{};

  bool operator==(const MerkleNode&) const = default;
};

// Where the tree functions read stored nodes from. The store implements it over RocksDB (reading
// through its pending write batch while appending); MemoryNodeSource is the in-memory one.
class NodeSource {
 public:
  virtual ~NodeSource() = default;

  // Returns the hash of complete node (level, index). A node that is not stored is an error:
  // kCorruption with code "merkle_node_missing" (use MissingNodeError), or kIOError when the
  // read itself failed. Thread safety is the implementation's to state.
  [[nodiscard]] virtual Result<Hash32> Get(uint32_t level, uint64_t index) const = 0;
};

// The error a NodeSource returns for a node it does not hold; the message names the node.
Error MissingNodeError(uint32_t level, uint64_t index);

// The nodes to write when leaf `leaf_index` with hash `leaf_hash` is appended to a tree of
// exactly `leaf_index` leaves: first {0, leaf_index, leaf_hash}, then each parent this leaf
// completes, lowest level first. Reads only the left siblings of those parents (one per level,
// at most log2(leaf_index + 1) reads). `nodes` must already hold the nodes of the first
// `leaf_index` leaves (including ones staged in the same batch but not yet committed).
[[nodiscard]] Result<std::vector<MerkleNode>> NodesForAppend(uint64_t leaf_index,
                                                             const Hash32& leaf_hash,
                                                             const NodeSource& nodes);

// MTH of the first `size` leaves (EmptyRoot() for size 0), from at most popcount(size) node reads.
// Precondition: `nodes` holds the tree of at least `size` leaves; else an error from `nodes`.
[[nodiscard]] Result<Hash32> RootAt(uint64_t size, const NodeSource& nodes);

// RFC 9162 section 2.1.3.1 PATH(leaf_index, D[size]): the audit path of leaf `leaf_index` in the
// tree of the first `size` leaves, ordered from the leaf's sibling up to the root's child.
// kInvalidArgument if leaf_index >= size. O(log size) node reads.
[[nodiscard]] Result<std::vector<Hash32>> InclusionProof(uint64_t leaf_index, uint64_t size,
                                                         const NodeSource& nodes);

// RFC 9162 section 2.1.4.1 PROOF(old_size, D[new_size]): the consistency proof between the trees
// of the first old_size and new_size leaves, in the RFC's order. Empty when old_size == 0 or
// old_size == new_size. kInvalidArgument if old_size > new_size. O(log new_size) node reads.
[[nodiscard]] Result<std::vector<Hash32>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                                           const NodeSource& nodes);

}  // namespace bitacora

#endif  // BITACORA_CORE_MERKLE_MERKLE_H_
