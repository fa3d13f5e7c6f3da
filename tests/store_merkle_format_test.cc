// The stored layout of the Merkle tree: leaves are not stored as nodes (each is the hash of its
// event), and stores written by older versions, which kept a level-0 record per event, still
// open, verify, prove and grow.
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
using testing::Recomputed;
using testing::TempDir;

std::unique_ptr<EventStore> OpenStore(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s) << s.error().ToString();
  return s ? std::move(*s) : nullptr;
}

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

void ExpectVerifies(const EventStore& store) {
  auto report = store.Verify(0, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  MemoryNodeSource tree = Recomputed(store);
  EXPECT_EQ(report->root, *RootAt(tree.size(), tree));
}

TEST(StoreMerkleFormat, LeavesAreNotStoredAndTheLevelsAboveAreComplete) {
  TempDir dir;
  uint64_t head;
  {
    auto store = OpenStore(dir.path());
    AppendMany(*store, 1500);
    head = store->GetHead().position;
  }
  EXPECT_EQ(RecordsAtLevel(dir.path(), 0), 0u);
  // Level L holds one node per complete subtree of 2^L leaves.
  for (uint32_t level = 1; level < 12; ++level) {
    EXPECT_EQ(RecordsAtLevel(dir.path(), level), head >> level) << "level " << level;
  }
}

TEST(StoreMerkleFormat, AfterARestartTheNextAppendHashesTheLastEventAsItsLeftSibling) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->Append(CommentOn("s", std::to_string(i))));
  }
  // Leaf 3 completes (1,1) and (2,0): the writer has no frontier after the restart, so leaf 2
  // comes from the event at position 3.
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store->Append(CommentOn("s", "3")));
  MemoryNodeSource tree = Recomputed(*store);
  for (uint64_t size = 1; size <= 4; ++size) {
    EXPECT_EQ(*store->MerkleRoot(size), *RootAt(size, tree)) << "size " << size;
  }
  ExpectVerifies(*store);
}

// Turns a closed store into one as versions before this layout wrote it: the same nodes at level 1
// and up, plus a level-0 record per event holding `leaf` of its stored bytes (LeafHash there).
void AddLevelZeroRecords(const std::string& path,
                         const std::function<Hash32(std::string_view)>& leaf) {
  std::vector<Hash32> leaves;
  testing::EditRaw(path, "events", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator({}, cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      ASSERT_EQ(store_keys::GetBE64(it->key().ToStringView()), leaves.size() + 1);
      leaves.push_back(leaf(it->value().ToStringView()));
    }
  });
  testing::EditRaw(path, "merkle", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    for (uint64_t i = 0; i < leaves.size(); ++i) {
      ASSERT_TRUE(db->Put({}, cf, store_keys::MerkleKey(0, i), AsView(leaves[i])).ok());
    }
  });
}

TEST(StoreMerkleFormat, AStoreWithLevelZeroRecordsOpensVerifiesProvesAndGrows) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    AppendMany(*store, 2101);
  }
  AddLevelZeroRecords(dir.path(), [](std::string_view bytes) { return LeafHash(bytes); });
  ASSERT_EQ(RecordsAtLevel(dir.path(), 0), 2101u);
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(store);
    ExpectVerifies(*store);
    ExpectProofsMatchRecomputed(*store);
    AppendMany(*store, 1001);  // an odd head again: the next leaf's sibling is an old leaf
    ExpectProofsMatchRecomputed(*store);
  }
  {
    auto store = OpenStore(dir.path());
    ASSERT_TRUE(store);
    ExpectVerifies(*store);
    ExpectProofsMatchRecomputed(*store);
  }
  EXPECT_EQ(RecordsAtLevel(dir.path(), 0), 2101u);  // left as they were; new leaves add none
}

TEST(StoreMerkleFormat, LevelZeroRecordsAreNeverReadLeavesComeFromTheEvents) {
  TempDir dir;
  {
    auto store = OpenStore(dir.path());
    AppendMany(*store, 1025);
  }
  // Records that disagree with the events: a store that read them would give wrong proofs.
  AddLevelZeroRecords(dir.path(), [](std::string_view) { return Hash32{}; });
  auto store = OpenStore(dir.path());
  ASSERT_TRUE(store);
  ExpectVerifies(*store);
  ExpectProofsMatchRecomputed(*store);
}

}  // namespace
}  // namespace bitacora
