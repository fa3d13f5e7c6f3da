#include "core/merkle/verify.h"

#include <bit>
#include <string>

#include "core/merkle/merkle.h"

namespace bitacora {
namespace {

std::string N(uint64_t v) { return std::to_string(v); }

// Number of proof hashes in the part of an audit path below the point where the paths to
// `index` and to the last leaf (size - 1) meet ("inner"), and above it ("border", one per left
// sibling on the right border of the tree). Their sum is the length of PATH(index, D[size]).
struct PathShape {
  uint64_t inner;
  uint64_t border;
};
PathShape ShapeOf(uint64_t index, uint64_t size) {
  const auto inner = static_cast<uint64_t>(std::bit_width(index ^ (size - 1)));
  const auto border = static_cast<uint64_t>(std::popcount(inner >= 64 ? 0 : index >> inner));
  return {inner, border};
}

// Shifts fn and sn right together until fn's lowest bit is set or fn is 0 (RFC 9162 step b).
void ShiftToSetBitOrZero(uint64_t& fn, uint64_t& sn) {
  while ((fn & 1) == 0 && fn != 0) {
    fn >>= 1;
    sn >>= 1;
  }
}

}  // namespace

Status VerifyInclusion(const Hash32& leaf_hash, uint64_t leaf_index, uint64_t size,
                       std::span<const Hash32> proof, const Hash32& root) {
  // Step 1.
  if (leaf_index >= size) {
    return Fail(Code::kLeafOutOfRange, "leaf " + N(leaf_index) + " is not in a tree of " + N(size) + " leaves");
  }
  const PathShape shape = ShapeOf(leaf_index, size);
  if (proof.size() != shape.inner + shape.border) {
    return Fail(Code::kInclusionProofWrongLength, "inclusion proof for leaf " + N(leaf_index) + " in a tree of " + N(size) +
                    " leaves has " + N(proof.size()) + " hashes, expected " +
                    N(shape.inner + shape.border));
  }
  // Steps 2-4.
  uint64_t fn = leaf_index;
  uint64_t sn = size - 1;
  Hash32 r = leaf_hash;
  for (const Hash32& p : proof) {
    if (sn == 0) {
      return Fail(Code::kInclusionProofWrongLength, "inclusion proof is longer than the path to the root");
    }
    if ((fn & 1) == 1 || fn == sn) {
      r = NodeHash(p, r);
      if ((fn & 1) == 0) ShiftToSetBitOrZero(fn, sn);
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 5.
  if (sn != 0) {
    return Fail(Code::kInclusionProofWrongLength, "inclusion proof is shorter than the path to the root");
  }
  if (r != root) {
    return Fail(Code::kInclusionProofMismatch, "inclusion proof for leaf " + N(leaf_index) + " yields root " + ToHex(r) +
                    ", not the expected root " + ToHex(root) + " of the tree of " + N(size) +
                    " leaves");
  }
  return Ok();
}

Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash32& old_root,
                         const Hash32& new_root, std::span<const Hash32> proof) {
  if (old_size > new_size) {
    return Fail(Code::kSizesOutOfOrder, "old size " + N(old_size) + " is larger than new size " + N(new_size));
  }
  if (old_size == new_size || old_size == 0) {
    if (!proof.empty()) {
      return Fail(Code::kConsistencyProofWrongLength, "consistency proof from size " + N(old_size) + " to " + N(new_size) +
                      " must be empty, has " + N(proof.size()) + " hashes");
    }
    if (old_size == 0 && old_root != EmptyRoot()) {
      return Fail(Code::kConsistencyOldRootMismatch, "old root " + ToHex(old_root) + " is not the root of the empty tree");
    }
    if (old_size == new_size && old_root != new_root) {
      return Fail(Code::kConsistencyNewRootMismatch, "two trees of " + N(old_size) + " leaves have different roots " +
                      ToHex(old_root) + " and " + ToHex(new_root));
    }
    return Ok();
  }
  // 0 < old_size < new_size. A power-of-two old tree is a node of the new one, so its root is
  // the first element of the path and the proof omits it (step 2).
  const auto shift = static_cast<uint64_t>(std::countr_zero(old_size));
  const bool old_is_node = (old_size >> shift) == 1;
  const PathShape shape = ShapeOf(old_size - 1, new_size);
  const uint64_t expected = (old_is_node ? 0 : 1) + (shape.inner - shift) + shape.border;
  // Step 1 (an empty proof) is covered: expected is at least 1 here.
  if (proof.size() != expected) {
    return Fail(Code::kConsistencyProofWrongLength, "consistency proof from size " + N(old_size) + " to " + N(new_size) + " has " +
                    N(proof.size()) + " hashes, expected " + N(expected));
  }
  // Steps 3-5.
  uint64_t fn = old_size - 1;
  uint64_t sn = new_size - 1;
  while ((fn & 1) == 1) {
    fn >>= 1;
    sn >>= 1;
  }
  const Hash32& seed = old_is_node ? old_root : proof[0];
  Hash32 fr = seed;
  Hash32 sr = seed;
  // Step 6, over the path after its first element.
  for (size_t i = old_is_node ? 0 : 1; i < proof.size(); ++i) {
    const Hash32& c = proof[i];
    if (sn == 0) {
      return Fail(Code::kConsistencyProofWrongLength, "consistency proof is longer than the path to the new root");
    }
    if ((fn & 1) == 1 || fn == sn) {
      fr = NodeHash(c, fr);
      sr = NodeHash(c, sr);
      if ((fn & 1) == 0) ShiftToSetBitOrZero(fn, sn);
    } else {
      sr = NodeHash(sr, c);
    }
    fn >>= 1;
    sn >>= 1;
  }
  // Step 7.
  if (sn != 0) {
    return Fail(Code::kConsistencyProofWrongLength, "consistency proof is shorter than the path to the new root");
  }
  if (fr != old_root) {
    return Fail(Code::kConsistencyOldRootMismatch, "consistency proof from size " + N(old_size) + " to " + N(new_size) +
                    " yields old root " + ToHex(fr) + ", not " + ToHex(old_root));
  }
  if (sr != new_root) {
    return Fail(Code::kConsistencyNewRootMismatch, "consistency proof from size " + N(old_size) + " to " + N(new_size) +
                    " yields new root " + ToHex(sr) + ", not " + ToHex(new_root));
  }
  return Ok();
}

}  // namespace bitacora
