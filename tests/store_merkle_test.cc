// The Merkle tree kept by the store in the same write as the events.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <atomic>
#include <bit>
#include <memory>

#include "core/merkle/memory_node_source.h"
#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"
#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/store_merkle_util.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::AppendMany;
using testing::CommentOn;
using testing::ExpectProofsMatchRecomputed;
using testing::Recomputed;
using testing::TempDir;

std::unique_ptr<EventStore> Filled(const std::string& path, int n) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s);
  for (int i = 0; i < n; ++i) {
    // Appends of one, two and three events, so groups and multi-event appends both occur.
    std::string stream = "s";
    stream += std::to_string(i % 4);
    AppendRequest r = CommentOn(stream, std::to_string(i));
    for (int k = 0; k < i % 3; ++k) r.events.push_back({"extra", testing::Comment("k"), 0});
    EXPECT_TRUE((*s)->Append(std::move(r)));
  }
  return std::move(*s);
}

TEST(StoreMerkle, RootsAtEverySizeMatchATreeRecomputedFromTheEvents) {
  TempDir dir;
  auto store = Filled(dir.path(), 40);
  MemoryNodeSource tree = Recomputed(*store);
  const uint64_t head = store->GetHead().position;
  ASSERT_EQ(tree.size(), head);
  for (uint64_t size = 0; size <= head; ++size) {
    auto stored = store->MerkleRoot(size);
    ASSERT_TRUE(stored) << stored.error().ToString();
    EXPECT_EQ(*stored, *RootAt(size, tree)) << "size " << size;
  }
  EXPECT_EQ(*store->MerkleRoot(0), EmptyRoot());
  EXPECT_EQ(store->MerkleRoot(head + 1).error().code, "tree_size_beyond_head");
}

TEST(StoreMerkle, InclusionProofsOfEveryEventVerify) {
  TempDir dir;
  auto store = Filled(dir.path(), 25);
  const uint64_t head = store->GetHead().position;
  Hash32 root = *store->MerkleRoot(head);
  auto log = store->ReadLog(1, head);
  for (uint64_t pos = 1; pos <= head; ++pos) {
    auto proof = store->InclusionProof(pos, head);
    ASSERT_TRUE(proof);
    Hash32 leaf = LeafHash((*log)[pos - 1].bytes());
    EXPECT_TRUE(VerifyInclusion(leaf, pos - 1, head, *proof, root)) << "position " << pos;
  }
  EXPECT_EQ(store->InclusionProof(0, head).error().code, "position_outside_tree");
}

TEST(StoreMerkle, ConsistencyProofsBetweenSizesVerify) {
  TempDir dir;
  auto store = Filled(dir.path(), 20);
  const uint64_t head = store->GetHead().position;
  for (uint64_t old_size = 1; old_size <= head; old_size += 3) {
    auto proof = store->ConsistencyProof(old_size, head);
    ASSERT_TRUE(proof);
    EXPECT_TRUE(VerifyConsistency(old_size, head, *store->MerkleRoot(old_size),
                                  *store->MerkleRoot(head), *proof));
  }
  EXPECT_EQ(store->ConsistencyProof(5, 4).error().code, "sizes_out_of_order");
}

TEST(StoreMerkle, TreeSurvivesReopenAndKeepsGrowing) {
  TempDir dir;
  { auto store = Filled(dir.path(), 7); }
  auto s = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false});
  ASSERT_TRUE(s);
  for (int i = 0; i < 9; ++i) ASSERT_TRUE((*s)->Append(CommentOn("after", std::to_string(i))));
  MemoryNodeSource tree = Recomputed(**s);
  EXPECT_EQ(*(*s)->MerkleRoot((*s)->GetHead().position), *RootAt(tree.size(), tree));
  auto report = (*s)->Verify(0, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->root, *RootAt(tree.size(), tree));
}

TEST(StoreMerkle, VerifyReportsATamperedTreeNode) {
  TempDir dir;
  uint64_t head;
  {
    auto store = Filled(dir.path(), 12);
    head = store->GetHead().position;
  }
  testing::EditRaw(dir.path(), "merkle", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    // The left-most, largest complete subtree: part of the root at the head.
    const auto level = static_cast<uint32_t>(std::bit_width(head) - 1);
    ASSERT_TRUE(db->Put({}, cf, store_keys::MerkleKey(level, 0), std::string(32, 'x')).ok());
  });
  auto s = EventStore::Open(StoreOptions{.path = dir.path()});
  ASSERT_TRUE(s);
  auto report = (*s)->Verify(0, 0);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
  EXPECT_NE(report->problem.find("Merkle"), std::string::npos);
}

TEST(StoreMerkle, ProofsThroughTheCachedUpperLevelsMatchARecomputedTree) {
  TempDir dir;
  {
    auto store = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false});
    ASSERT_TRUE(store);
    AppendMany(**store, 2100);
    ExpectProofsMatchRecomputed(**store);  // upper nodes read on demand
  }
  auto store = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false});
  ASSERT_TRUE(store);
  ExpectProofsMatchRecomputed(**store);  // upper nodes loaded at open
  AppendMany(**store, 1100);              // completes level-10 and level-11 nodes after open
  ExpectProofsMatchRecomputed(**store);
}

// The writer adds the upper nodes it commits to the in-memory copy; a group refused before it
// is written must add none, or the retried appends' nodes (other hashes, same places) would be
// shadowed by nodes that were never stored.
TEST(StoreMerkle, AGroupRefusedForDiskSpaceLeavesNoCachedNode) {
  TempDir dir;
  auto free_bytes = std::make_shared<std::atomic<uint64_t>>(uint64_t{1} << 40);
  auto s = EventStore::Open(StoreOptions{
      .path = dir.path(),
      .sync = false,
      .disk_probe = [free_bytes](const std::string&) -> Result<uint64_t> {
        return free_bytes->load();
      }});
  ASSERT_TRUE(s);
  AppendMany(**s, 1000);
  free_bytes->store(0);
  AppendRequest refused = CommentOn("bulk", "refused");
  for (int k = 0; k < 99; ++k) refused.events.push_back({"bulk", testing::Comment("r"), 0});
  ASSERT_EQ((*s)->Append(std::move(refused)).error().code, "disk_space_low");
  free_bytes->store(uint64_t{1} << 40);
  AppendMany(**s, 1100);  // the same places (levels 6 to 11 among them), other events
  ExpectProofsMatchRecomputed(**s);
}

TEST(StoreMerkle, ADamagedUpperNodeStillOpensAndIsReportedByProofsAndVerify) {
  TempDir dir;
  {
    auto store = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false});
    ASSERT_TRUE(store);
    AppendMany(**store, 1100);
  }
  testing::EditRaw(dir.path(), "merkle", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    ASSERT_TRUE(db->Put({}, cf, store_keys::MerkleKey(10, 0), std::string(5, 'x')).ok());
  });
  auto s = EventStore::Open(StoreOptions{.path = dir.path()});
  ASSERT_TRUE(s) << s.error().ToString();
  auto proof = (*s)->InclusionProof(1100, 1100);
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.error().code, "merkle_node_missing");
  auto report = (*s)->Verify(0, 0);
  ASSERT_TRUE(report);
  EXPECT_FALSE(report->ok);
}

TEST(StoreMerkle, AStoreWithoutTheTreeCannotBeReopenedWithIt) {
  TempDir dir;
  {
    auto s = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false, .merkle = false});
    ASSERT_TRUE(s);
    // Sixteen events: the root at 16 is node (4, 0), the lowest level the tree stores and only
    // the tree writes. (Below 16 events every node is hashed from the events themselves, so the
    // tree of such a store is complete either way.)
    for (int i = 0; i < 16; ++i) ASSERT_TRUE((*s)->Append(CommentOn("s", std::to_string(i))));
    EXPECT_EQ((*s)->MerkleRoot(16).error().code, "merkle_disabled");
  }
  auto s = EventStore::Open(StoreOptions{.path = dir.path()});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "merkle_incomplete");
}

}  // namespace
}  // namespace bitacora
