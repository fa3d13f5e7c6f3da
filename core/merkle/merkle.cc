#include "core/merkle/merkle.h"

#include <algorithm>
#include <bit>
#include <string>

namespace bitacora {
namespace {

constexpr char kLeafPrefix[1] = {'\x00'};
constexpr char kNodePrefix[1] = {'\x01'};

// The largest power of two strictly smaller than n. Precondition: n >= 2.
uint64_t SplitPoint(uint64_t n) { return std::bit_floor(n - 1); }

// MTH(D[begin:end]) for a range that is a node of some RFC 6962 tree: `begin` is a multiple of
// the smallest power of two >= end - begin. Such a range is the concatenation of complete aligned
// subtrees, one per set bit of end - begin, largest first; its hash folds them from the right.
Result<Hash32> RangeHash(uint64_t begin, uint64_t end, const NodeSource& nodes) {
  if (begin == end) return EmptyRoot();
  uint64_t remaining = end - begin;
  // The complete parts from the right: the lowest set bit of the width is the right-most part.
  Hash32 acc{};
  bool have_acc = false;
  uint64_t part_end = end;
  while (remaining != 0) {
    const uint64_t width = remaining & (~remaining + 1);  // lowest set bit
    const auto level = static_cast<uint32_t>(std::countr_zero(width));
    const uint64_t part_begin = part_end - width;
    Result<Hash32> part = nodes.Get(level, part_begin >> level);
    if (!part) return Fail(part.error());
    acc = have_acc ? NodeHash(*part, acc) : *part;
    have_acc = true;
    part_end = part_begin;
    remaining -= width;
  }
  return acc;
}

}  // namespace

Hash32 LeafHash(std::string_view data) { return Sha256({std::string_view(kLeafPrefix, 1), data}); }

Hash32 NodeHash(const Hash32& left, const Hash32& right) {
  return Sha256({std::string_view(kNodePrefix, 1), AsView(left), AsView(right)});
}

Hash32 EmptyRoot() {
  static const Hash32 kEmpty = Sha256({});
  return kEmpty;
}

Error MissingNodeError(uint32_t level, uint64_t index) {
  return MakeError(Code::kMerkleNodeMissing, "Merkle node (level " + std::to_string(level) + ", index " + std::to_string(index) +
                   ") is not stored");
}

Result<std::vector<MerkleNode>> NodesForAppend(uint64_t leaf_index, const Hash32& leaf_hash,
                                               const NodeSource& nodes) {
  std::vector<MerkleNode> out;
  out.push_back({0, leaf_index, leaf_hash});
  Hash32 hash = leaf_hash;
  uint32_t level = 0;
  uint64_t index = leaf_index;
  // A right child (odd index) completes its parent; the left sibling is already stored.
  while ((index & 1) == 1) {
    Result<Hash32> left = nodes.Get(level, index - 1);
    if (!left) return Fail(left.error());
    hash = NodeHash(*left, hash);
    ++level;
    index >>= 1;
    out.push_back({level, index, hash});
  }
  return out;
}

Result<Hash32> RootAt(uint64_t size, const NodeSource& nodes) { return RangeHash(0, size, nodes); }

Result<std::vector<Hash32>> InclusionProof(uint64_t leaf_index, uint64_t size,
                                           const NodeSource& nodes) {
  if (leaf_index >= size) {
    return Fail(Code::kLeafOutOfRange, "leaf " + std::to_string(leaf_index) + " is not in a tree of " +
                    std::to_string(size) + " leaves");
  }
  // Descend from the root towards the leaf, collecting the sibling at each level (root side
  // first), then reverse into the RFC's leaf-to-root order.
  std::vector<Hash32> proof;
  uint64_t begin = 0;
  uint64_t end = size;
  while (end - begin > 1) {
    const uint64_t k = SplitPoint(end - begin);
    Result<Hash32> sibling;
    if (leaf_index - begin < k) {
      sibling = RangeHash(begin + k, end, nodes);
      end = begin + k;
    } else {
      sibling = RangeHash(begin, begin + k, nodes);
      begin += k;
    }
    if (!sibling) return Fail(sibling.error());
    proof.push_back(*sibling);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

Result<std::vector<Hash32>> ConsistencyProof(uint64_t old_size, uint64_t new_size,
                                             const NodeSource& nodes) {
  if (old_size > new_size) {
    return Fail(Code::kSizesOutOfOrder, "old size " + std::to_string(old_size) + " is larger than new size " +
                    std::to_string(new_size));
  }
  std::vector<Hash32> proof;
  if (old_size == 0 || old_size == new_size) return proof;
  // SUBPROOF(m, D[begin:end], b) unrolled: m is old_size, absolute; `whole_old` is b, true while
  // the old tree's root is the node being descended into.
  uint64_t begin = 0;
  uint64_t end = new_size;
  bool whole_old = true;
  while (true) {
    if (old_size == end) {
      if (!whole_old) {
        Result<Hash32> node = RangeHash(begin, end, nodes);
        if (!node) return Fail(node.error());
        proof.push_back(*node);
      }
      break;
    }
    const uint64_t k = SplitPoint(end - begin);
    Result<Hash32> sibling;
    if (old_size - begin <= k) {
      sibling = RangeHash(begin + k, end, nodes);
      end = begin + k;
    } else {
      sibling = RangeHash(begin, begin + k, nodes);
      begin += k;
      whole_old = false;
    }
    if (!sibling) return Fail(sibling.error());
    proof.push_back(*sibling);
  }
  std::reverse(proof.begin(), proof.end());
  return proof;
}

}  // namespace bitacora
