// The stored layout of the Merkle tree: levels 0 to 3 are not stored (each node there is hashed
// from the events under it), and stores written by older versions, which kept records of those
// levels, still open, verify, prove and grow, and never read those records.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/merkle/memory_node_source.h"
#include "core/merkle/merkle.h"
#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/store_merkle_util.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::AppendMany;
using testing::CommentOn;
using testing::ExpectProofsMatchRecomputed;
using testing::ExpectVerifies;
using testing::OpenUnsynced;
using testing::Recomputed;
using testing::TempDir;

// The number of records of `level` in the store's merkle column family (the store is closed).
uint64_t RecordsAtLevel(const std::string& path, uint32_t level) {
  uint64_t n = 0;
  testing::EditRaw(path, "merkle", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, cf));
    for (it->Seek(store_keys::MerkleKey(level, 0));
         it->Valid() && static_cast<uint8_t>(it->key()[0]) == level; it->Next()) {
      ++n;
    }
  });
  return n;
}

TEST(StoreMerkleFormat, TheLowLevelsAreNotStoredAndTheLevelsAboveAreComplete) {
  TempDir dir;
  uint64_t head;
  {
    auto store = OpenUnsynced(dir.path());
    AppendMany(*store, 1500);
    head = store->GetHead().position;
  }
  for (uint32_t level = 0; level < store_keys::kLowestStoredLevel; ++level) {
    EXPECT_EQ(RecordsAtLevel(dir.path(), level), 0u) << "level " << level;
  }
  // Level L holds one node per complete subtree of 2^L leaves.
  for (uint32_t level = store_keys::kLowestStoredLevel; level < 12; ++level) {
    EXPECT_EQ(RecordsAtLevel(dir.path(), level), head >> level) << "level " << level;
  }
}

TEST(StoreMerkleFormat, AfterARestartTheNextAppendHashesItsLeftSiblingsFromTheEvents) {
  TempDir dir;
  {
    auto store = OpenUnsynced(dir.path());
    for (int i = 0; i < 15; ++i) ASSERT_TRUE(store->Append(CommentOn("s", std::to_string(i))));
  }
  // Leaf 15 completes (1,7), (2,3), (3,1) and (4,0): the writer has no frontier after the
  // restart, so its left siblings (0,14), (1,6), (2,2) and (3,0) come from the 15 events.
  {
    auto store = OpenUnsynced(dir.path());
    ASSERT_TRUE(store->Append(CommentOn("s", "15")));
    MemoryNodeSource tree = Recomputed(*store);
    for (uint64_t size = 1; size <= 16; ++size) {
      EXPECT_EQ(*store->MerkleRoot(size), *RootAt(size, tree)) << "size " << size;
    }
    ExpectVerifies(*store);
  }
  EXPECT_EQ(RecordsAtLevel(dir.path(), 4), 1u);
}

// Turns a closed store into one as older versions wrote it: the same nodes at the stored levels,
// plus a record per node of levels 0 to 3, each leaf holding `leaf` of its event's stored bytes
// and each node above the NodeHash of its children.
void AddLowLevelRecords(const std::string& path,
                        const std::function<Hash32(std::string_view)>& leaf) {
  std::vector<Hash32> row;
  testing::EditRaw(path, "events", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSERT_EQ(store_keys::GetBE64(it->key().ToStringView()), row.size() + 1);
      row.push_back(leaf(it->value().ToStringView()));
    }
  });
  testing::EditRaw(path, "merkle", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    for (uint32_t level = 0; level < store_keys::kLowestStoredLevel; ++level) {
      for (uint64_t i = 0; i < row.size(); ++i) {
        ASSERT_TRUE(db->Put({}, cf, store_keys::MerkleKey(level, i), AsView(row[i])).ok());
      }
      std::vector<Hash32> up;
      for (size_t i = 0; i + 1 < row.size(); i += 2) up.push_back(NodeHash(row[i], row[i + 1]));
      row = std::move(up);
    }
  });
}

TEST(StoreMerkleFormat, AStoreWithLowLevelRecordsOpensVerifiesProvesAndGrows) {
  TempDir dir;
  {
    auto store = OpenUnsynced(dir.path());
    AppendMany(*store, 2101);
  }
  AddLowLevelRecords(dir.path(), [](std::string_view bytes) { return LeafHash(bytes); });
  ASSERT_EQ(RecordsAtLevel(dir.path(), 0), 2101u);
  ASSERT_EQ(RecordsAtLevel(dir.path(), 3), 2101u / 8);
  {
    auto store = OpenUnsynced(dir.path());
    ASSERT_TRUE(store);
    ExpectVerifies(*store);
    ExpectProofsMatchRecomputed(*store);
    AppendMany(*store, 1001);  // an odd head again: the next leaf's sibling is an old leaf
    ExpectProofsMatchRecomputed(*store);
  }
  {
    auto store = OpenUnsynced(dir.path());
    ASSERT_TRUE(store);
    ExpectVerifies(*store);
    ExpectProofsMatchRecomputed(*store);
  }
  EXPECT_EQ(RecordsAtLevel(dir.path(), 0), 2101u);  // left as they were; new leaves add none
  EXPECT_EQ(RecordsAtLevel(dir.path(), 3), 2101u / 8);
}

TEST(StoreMerkleFormat, LowLevelRecordsAreNeverReadTheirNodesComeFromTheEvents) {
  TempDir dir;
  {
    auto store = OpenUnsynced(dir.path());
    AppendMany(*store, 1025);
  }
  // Records that disagree with the events: a store that read them would give wrong proofs.
  AddLowLevelRecords(dir.path(), [](std::string_view) { return Hash32{}; });
  auto store = OpenUnsynced(dir.path());
  ASSERT_TRUE(store);
  ExpectVerifies(*store);
  ExpectProofsMatchRecomputed(*store);
}

TEST(StoreMerkleFormat, AProofThatNeedsADeletedEventNamesItsLeaf) {
  TempDir dir;
  {
    auto store = OpenUnsynced(dir.path());
    AppendMany(*store, 40);
  }
  testing::EditRaw(dir.path(), "events", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    ASSERT_TRUE(db->Delete({}, cf, store_keys::PositionKey(21)).ok());  // leaf 20
  });
  auto store = OpenUnsynced(dir.path());
  ASSERT_TRUE(store);
  // Leaf 23's path holds (1,10), the hash of leaves 20 and 21.
  auto proof = store->InclusionProof(24, 40);
  ASSERT_FALSE(proof);
  EXPECT_EQ(proof.error().code, "merkle_node_missing");
  EXPECT_NE(proof.error().message.find("position 21"), std::string::npos) << proof.error().message;
  // A leaf whose path stays in the stored levels there does not need it.
  EXPECT_TRUE(store->InclusionProof(2, 40));
}

}  // namespace
}  // namespace bitacora
