// The incremental Merkle tree against the naive RFC recomputation for every tree size 0..130,
// every leaf and every (old, new) pair, plus tamper probes on every proof.
#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

#include "core/merkle/memory_node_source.h"
#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"
#include "tests/merkle_reference.h"
#include "tests/result_testing.h"

namespace bitacora {
namespace {

constexpr uint64_t kMaxSize = 130;

std::vector<std::string> Leaves(uint64_t n, char salt) {
  std::vector<std::string> out;
  for (uint64_t i = 0; i < n; ++i) out.push_back(std::string(1, salt) + std::to_string(i));
  return out;
}

class MerkleExhaustiveTest : public ::testing::Test {
 protected:
  MerkleExhaustiveTest() : leaves_(Leaves(kMaxSize, 'a')), ref_(leaves_) {
    for (const std::string& leaf : leaves_) EXPECT_TRUE(tree_.AppendData(leaf).has_value());
  }

  std::vector<std::string> leaves_;
  ReferenceTree ref_;
  MemoryNodeSource tree_;
};

TEST_F(MerkleExhaustiveTest, RootsMatchTheReferenceWithPopcountReads) {
  for (uint64_t n = 0; n <= kMaxSize; ++n) {
    LimitedSource source(tree_, n);
    Result<Hash32> root = RootAt(n, source);
    ASSERT_TRUE(root.has_value()) << "size " << n << ": " << root.error().ToString();
    EXPECT_EQ(*root, ref_.Mth(0, n)) << "size " << n;
    EXPECT_EQ(source.reads(), static_cast<uint64_t>(std::popcount(n))) << "size " << n;
  }
}

TEST_F(MerkleExhaustiveTest, InclusionProofsMatchTheReferenceAndVerify) {
  for (uint64_t n = 1; n <= kMaxSize; ++n) {
    const Hash32 root = ref_.Mth(0, n);
    for (uint64_t m = 0; m < n; ++m) {
      SCOPED_TRACE("leaf " + std::to_string(m) + " size " + std::to_string(n));
      LimitedSource source(tree_, n);
      Result<std::vector<Hash32>> proof = InclusionProof(m, n, source);
      ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
      ASSERT_EQ(*proof, ref_.Path(m, 0, n));
      EXPECT_LE(source.reads(), 2u * std::bit_width(n));
      EXPECT_LE(source.leaves_read(), 2u);  // each is an event read (docs/audit.md)
      const Hash32 leaf = LeafHash(leaves_[m]);
      Status ok = VerifyInclusion(leaf, m, n, *proof, root);
      ASSERT_TRUE(ok.has_value()) << ok.error().ToString();

      // One hash changed, at every position.
      for (size_t i = 0; i < proof->size(); ++i) {
        std::vector<Hash32> bad = *proof;
        bad[i][(m + i) % 32] ^= 0x80;
        EXPECT_EQ(CodeOf(VerifyInclusion(leaf, m, n, bad, root)), "inclusion_proof_mismatch");
      }
      // Wrong leaf, wrong root, wrong index, wrong size, one hash too many or too few. (A size
      // whose tree gives the leaf the same path shape, e.g. leaf 0 in sizes 3 and 4, is not
      // detectable by the proof alone; the size is bound by the signed checkpoint instead.)
      EXPECT_FALSE(VerifyInclusion(LeafHash("other"), m, n, *proof, root).has_value());
      EXPECT_FALSE(VerifyInclusion(leaf, m, n, *proof, EmptyRoot()).has_value());
      if (m + 1 < n) {
        EXPECT_FALSE(VerifyInclusion(leaf, m + 1, n, *proof, root).has_value());
      }
      if (m > 0) {
        EXPECT_FALSE(VerifyInclusion(leaf, m - 1, n, *proof, root).has_value());
      }
      EXPECT_FALSE(VerifyInclusion(leaf, m, 2 * n, *proof, root).has_value());
      if (m < n / 2) {
        EXPECT_FALSE(VerifyInclusion(leaf, m, n / 2, *proof, root).has_value());
      }
      std::vector<Hash32> longer = *proof;
      longer.push_back(root);
      EXPECT_EQ(CodeOf(VerifyInclusion(leaf, m, n, longer, root)), "inclusion_proof_wrong_length");
      if (!proof->empty()) {
        std::vector<Hash32> shorter(proof->begin(), proof->end() - 1);
        EXPECT_EQ(CodeOf(VerifyInclusion(leaf, m, n, shorter, root)),
                  "inclusion_proof_wrong_length");
      }
    }
  }
}

TEST_F(MerkleExhaustiveTest, ConsistencyProofsMatchTheReferenceAndVerify) {
  for (uint64_t n = 0; n <= kMaxSize; ++n) {
    const Hash32 new_root = ref_.Mth(0, n);
    for (uint64_t m = 0; m <= n; ++m) {
      SCOPED_TRACE("old " + std::to_string(m) + " new " + std::to_string(n));
      const Hash32 old_root = ref_.Mth(0, m);
      LimitedSource source(tree_, n);
      Result<std::vector<Hash32>> proof = ConsistencyProof(m, n, source);
      ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
      ASSERT_EQ(*proof, ref_.Proof(m, n));
      EXPECT_LE(source.reads(), 2u * std::bit_width(n));
      EXPECT_LE(source.leaves_read(), 3u);
      Status ok = VerifyConsistency(m, n, old_root, new_root, *proof);
      ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
      if (m == 0 || m == n) continue;

      for (size_t i = 0; i < proof->size(); ++i) {
        std::vector<Hash32> bad = *proof;
        bad[i][(m + n + i) % 32] ^= 0x01;
        EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, bad).has_value()) << i;
      }
      EXPECT_FALSE(VerifyConsistency(m, n, new_root, old_root, *proof).has_value());
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, EmptyRoot(), *proof).has_value());
      EXPECT_FALSE(VerifyConsistency(m, n, EmptyRoot(), new_root, *proof).has_value());
      EXPECT_FALSE(VerifyConsistency(m - 1, n, old_root, new_root, *proof).has_value());
      if (m + 1 < n) {
        EXPECT_FALSE(VerifyConsistency(m + 1, n, old_root, new_root, *proof).has_value());
      }
      EXPECT_FALSE(VerifyConsistency(m, 2 * n, old_root, new_root, *proof).has_value());
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, {}).has_value());
      std::vector<Hash32> longer = *proof;
      longer.push_back(proof->back());
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, longer).has_value());
      std::vector<Hash32> shorter(proof->begin(), proof->end() - 1);
      EXPECT_FALSE(VerifyConsistency(m, n, old_root, new_root, shorter).has_value());
    }
  }
}

TEST_F(MerkleExhaustiveTest, ConsistencyBetweenUnrelatedTreesIsRejected) {
  const std::vector<std::string> other = Leaves(kMaxSize, 'b');
  ReferenceTree other_ref(other);
  MemoryNodeSource other_tree;
  for (const std::string& leaf : other) ASSERT_TRUE(other_tree.AppendData(leaf).has_value());
  for (uint64_t n = 2; n <= kMaxSize; n += 7) {
    for (uint64_t m = 1; m < n; ++m) {
      // A proof from the other log, checked against our old root and the other log's new root:
      // the other log does not extend ours.
      Result<std::vector<Hash32>> proof = ConsistencyProof(m, n, other_tree);
      ASSERT_TRUE(proof.has_value());
      Status st = VerifyConsistency(m, n, ref_.Mth(0, m), other_ref.Mth(0, n), *proof);
      ASSERT_FALSE(st.has_value()) << "old " << m << " new " << n;
      EXPECT_TRUE(CodeOf(st) == "consistency_old_root_mismatch" ||
                  CodeOf(st) == "consistency_new_root_mismatch")
          << CodeOf(st);
      // And our own proof does not bridge our old tree to theirs.
      Result<std::vector<Hash32>> ours = ConsistencyProof(m, n, tree_);
      ASSERT_TRUE(ours.has_value());
      EXPECT_FALSE(VerifyConsistency(m, n, ref_.Mth(0, m), other_ref.Mth(0, n), *ours));
    }
  }
}

TEST(MerkleVerifyTest, TrivialConsistencyCases) {
  const Hash32 a = LeafHash("a"), b = LeafHash("b");
  EXPECT_TRUE(VerifyConsistency(0, 0, EmptyRoot(), EmptyRoot(), {}).has_value());
  EXPECT_TRUE(VerifyConsistency(0, 5, EmptyRoot(), a, {}).has_value());
  EXPECT_EQ(CodeOf(VerifyConsistency(0, 5, a, a, {})), "consistency_old_root_mismatch");
  EXPECT_EQ(CodeOf(VerifyConsistency(0, 5, EmptyRoot(), a, std::vector<Hash32>{a})),
            "consistency_proof_wrong_length");
  EXPECT_TRUE(VerifyConsistency(3, 3, a, a, {}).has_value());
  EXPECT_EQ(CodeOf(VerifyConsistency(3, 3, a, b, {})), "consistency_new_root_mismatch");
  EXPECT_EQ(CodeOf(VerifyConsistency(3, 3, a, a, std::vector<Hash32>{a})),
            "consistency_proof_wrong_length");
  EXPECT_EQ(KindOf(VerifyConsistency(4, 3, a, b, {})), ErrorKind::kInvalidArgument);
  EXPECT_EQ(CodeOf(VerifyConsistency(1, 2, a, b, {})), "consistency_proof_wrong_length");
  EXPECT_EQ(CodeOf(VerifyInclusion(a, 0, 0, {}, a)), "leaf_out_of_range");
  EXPECT_EQ(CodeOf(VerifyInclusion(a, 3, 3, {}, a)), "leaf_out_of_range");
  EXPECT_TRUE(VerifyInclusion(a, 0, 1, {}, a).has_value());
  EXPECT_EQ(CodeOf(VerifyInclusion(a, 0, 1, {}, b)), "inclusion_proof_mismatch");
}

}  // namespace
}  // namespace bitacora
