// Verifiers for Merkle inclusion and consistency proofs, written from RFC 9162 sections 2.1.3.2
// and 2.1.4.2. They need no store: only the proof, the sizes and the roots an auditor trusts
// (typically from signed checkpoints). Pure functions; thread-safe.
#ifndef BITACORA_CORE_MERKLE_VERIFY_H_
#define BITACORA_CORE_MERKLE_VERIFY_H_

#include <cstdint>
#include <span>

#include "core/crypto/sha256.h"
#include "core/result.h"

namespace bitacora {

// Checks that `proof` proves that the leaf with hash `leaf_hash` (LeafHash of the event bytes) is
// leaf `leaf_index` (0-based) of the tree of `size` leaves whose root is `root`.
// Errors: kInvalidArgument "leaf_out_of_range" when leaf_index >= size; kCorruption
// "inclusion_proof_wrong_length" when the proof does not have the length the RFC tree shape
// implies; kCorruption "inclusion_proof_mismatch" when the recomputed root differs from `root`.
[[nodiscard]] Status VerifyInclusion(const Hash32& leaf_hash, uint64_t leaf_index, uint64_t size,
                                     std::span<const Hash32> proof, const Hash32& root);

// Checks that `proof` proves that the tree of old_size leaves with root `old_root` is a prefix
// of the tree of new_size leaves with root `new_root`. For old_size == 0 the proof must be empty
// and old_root must be EmptyRoot(); for old_size == new_size it must be empty and the roots equal.
// Errors: kInvalidArgument "sizes_out_of_order" when old_size > new_size; kCorruption
// "consistency_proof_wrong_length", "consistency_old_root_mismatch",
// "consistency_new_root_mismatch" naming what did not match.
[[nodiscard]] Status VerifyConsistency(uint64_t old_size, uint64_t new_size, const Hash32& old_root,
                                       const Hash32& new_root, std::span<const Hash32> proof);

}  // namespace bitacora

#endif  // BITACORA_CORE_MERKLE_VERIFY_H_
