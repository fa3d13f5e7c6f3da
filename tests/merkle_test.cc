// The Merkle tree against the RFC 6962 known answers (the certificate-transparency reference
// tree of 8 leaves) and against a naive recomputation straight from the RFC's definitions.
#include "core/merkle/merkle.h"

#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

#include "core/merkle/memory_node_source.h"
#include "core/merkle/verify.h"
#include "tests/merkle_reference.h"
#include "tests/result_testing.h"

namespace bitacora {
namespace {

Hash32 H(std::string_view hex) {
  Hash32 out{};
  EXPECT_TRUE(FromHex(hex, &out)) << hex;
  return out;
}

std::vector<Hash32> Hs(std::initializer_list<std::string_view> hexes) {
  std::vector<Hash32> out;
  for (std::string_view h : hexes) out.push_back(H(h));
  return out;
}

// The 8 leaves of the reference tree in certificate-transparency's merkle tree tests.
const std::vector<std::string>& KatLeaves() {
  static const std::vector<std::string> kLeaves = {
      std::string(),
      std::string("\x00", 1),
      "\x10",
      "\x20\x21",
      "\x30\x31",
      "\x40\x41\x42\x43",
      "\x50\x51\x52\x53\x54\x55\x56\x57",
      "\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
  };
  return kLeaves;
}

// Roots of the reference tree after 1..8 leaves.
const char* const kKatRoots[8] = {
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
};

MemoryNodeSource KatTree() {
  MemoryNodeSource tree;
  for (const std::string& leaf : KatLeaves()) EXPECT_TRUE(tree.AppendData(leaf).has_value());
  return tree;
}

TEST(MerkleTest, HashFunctionsFollowRfc6962) {
  EXPECT_EQ(ToHex(EmptyRoot()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(LeafHash(""), H(kKatRoots[0]));
  const Hash32 l = LeafHash(""), r = LeafHash(std::string("\x00", 1));
  EXPECT_EQ(NodeHash(l, r), H(kKatRoots[1]));
  EXPECT_NE(NodeHash(r, l), H(kKatRoots[1]));
}

TEST(MerkleTest, KnownAnswerRoots) {
  MemoryNodeSource tree;
  Result<Hash32> empty = RootAt(0, tree);
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(*empty, EmptyRoot());
  for (size_t i = 0; i < 8; ++i) {
    ASSERT_TRUE(tree.AppendData(KatLeaves()[i]).has_value());
    Result<Hash32> root = RootAt(i + 1, tree);
    ASSERT_TRUE(root.has_value()) << root.error().ToString();
    EXPECT_EQ(ToHex(*root), kKatRoots[i]) << "size " << i + 1;
  }
  // Every earlier size from the full tree's stored nodes, without rehashing leaves.
  for (size_t size = 1; size <= 8; ++size)
    EXPECT_EQ(ToHex(RootAt(size, tree).value()), kKatRoots[size - 1]);
}

TEST(MerkleTest, KnownAnswerInclusionProofs) {
  const MemoryNodeSource tree = KatTree();
  struct Vector {
    uint64_t leaf, size;
    std::vector<Hash32> path;
  };
  // The published paths, with the 1-based leaf numbers of the CT tests turned 0-based.
  const std::vector<Vector> vectors = {
      {0, 1, {}},
      {0, 8,
       Hs({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {5, 8,
       Hs({"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
           "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 3, Hs({"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})},
      {1, 5,
       Hs({"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  for (const Vector& v : vectors) {
    SCOPED_TRACE("leaf " + std::to_string(v.leaf) + " size " + std::to_string(v.size));
    Result<std::vector<Hash32>> proof = InclusionProof(v.leaf, v.size, tree);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_EQ(*proof, v.path);
    const Hash32 leaf = LeafHash(KatLeaves()[v.leaf]);
    Status ok = VerifyInclusion(leaf, v.leaf, v.size, v.path, H(kKatRoots[v.size - 1]));
    EXPECT_TRUE(ok.has_value()) << ok.error().ToString();
  }
}

TEST(MerkleTest, KnownAnswerConsistencyProofs) {
  const MemoryNodeSource tree = KatTree();
  struct Vector {
    uint64_t old_size, new_size;
    std::vector<Hash32> proof;
  };
  const std::vector<Vector> vectors = {
      {1, 1, {}},
      {1, 8,
       Hs({"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"})},
      {6, 8,
       Hs({"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
           "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})},
      {2, 5,
       Hs({"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
           "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})},
  };
  for (const Vector& v : vectors) {
    SCOPED_TRACE("old " + std::to_string(v.old_size) + " new " + std::to_string(v.new_size));
    Result<std::vector<Hash32>> proof = ConsistencyProof(v.old_size, v.new_size, tree);
    ASSERT_TRUE(proof.has_value()) << proof.error().ToString();
    EXPECT_EQ(*proof, v.proof);
    Status ok = VerifyConsistency(v.old_size, v.new_size, H(kKatRoots[v.old_size - 1]),
                                  H(kKatRoots[v.new_size - 1]), v.proof);
    EXPECT_TRUE(ok.has_value()) << ok.error().ToString();
  }
}

TEST(MerkleTest, NodesForAppendWritesTheLeafAndEachCompletedParent) {
  MemoryNodeSource tree;
  ReferenceTree ref(KatLeaves());
  for (uint64_t i = 0; i < 8; ++i) {
    Result<std::vector<MerkleNode>> nodes = NodesForAppend(i, LeafHash(KatLeaves()[i]), tree);
    ASSERT_TRUE(nodes.has_value());
    // Leaf i completes one parent per trailing one bit of i.
    ASSERT_EQ(nodes->size(), 1u + std::countr_one(i)) << "leaf " << i;
    for (const MerkleNode& node : *nodes) {
      const uint64_t begin = node.index << node.level, end = (node.index + 1) << node.level;
      EXPECT_EQ(end, i + 1);
      EXPECT_EQ(node.hash, ref.Mth(begin, end)) << "level " << node.level;
      tree.Put(node);
    }
  }
}

TEST(MerkleTest, MissingNodesAndBadArgumentsAreErrors) {
  MemoryNodeSource empty;
  Result<std::vector<MerkleNode>> nodes = NodesForAppend(1, LeafHash("x"), empty);
  ASSERT_FALSE(nodes.has_value());
  EXPECT_EQ(CodeOf(nodes), "merkle_node_missing");
  EXPECT_NE(nodes.error().message.find("level 0, index 0"), std::string::npos);
  // Leaf 0 needs no sibling.
  EXPECT_TRUE(NodesForAppend(0, LeafHash("x"), empty).has_value());

  const MemoryNodeSource tree = KatTree();
  EXPECT_EQ(CodeOf(RootAt(9, tree)), "merkle_node_missing");
  EXPECT_EQ(KindOf(InclusionProof(8, 8, tree)), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOf(InclusionProof(0, 0, tree)), ErrorKind::kInvalidArgument);
  EXPECT_EQ(KindOf(ConsistencyProof(5, 4, tree)), ErrorKind::kInvalidArgument);
  EXPECT_EQ(CodeOf(ConsistencyProof(3, 9, tree)), "merkle_node_missing");
  EXPECT_TRUE(ConsistencyProof(0, 8, tree).value().empty());
  EXPECT_TRUE(ConsistencyProof(8, 8, tree).value().empty());
}

}  // namespace
}  // namespace bitacora
