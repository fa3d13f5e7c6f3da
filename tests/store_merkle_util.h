// Shared by the store's Merkle tests: filling a store, and checking it against a tree recomputed
// from its events.
#ifndef BITACORA_TESTS_STORE_MERKLE_UTIL_H_
#define BITACORA_TESTS_STORE_MERKLE_UTIL_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "core/merkle/memory_node_source.h"
#include "core/merkle/merkle.h"
#include "core/store/event_store.h"
#include "tests/test_util.h"

namespace bitacora::testing {

// The tree recomputed from the stored bytes, independently of the store's nodes.
inline MemoryNodeSource Recomputed(const EventStore& store) {
  MemoryNodeSource tree;
  auto log = store.ReadLog(1, 1u << 20);
  for (const auto& e : *log) EXPECT_TRUE(tree.AppendData(e.bytes()));
  return tree;
}

// Opens (creating) the store at `path` without fsync, as the tree tests need; null (and a test
// failure) if it does not open.
inline std::unique_ptr<EventStore> OpenUnsynced(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s) << s.error().ToString();
  return s ? std::move(*s) : nullptr;
}

// Verify passes over the whole log, and its root is the recomputed tree's.
inline void ExpectVerifies(const EventStore& store) {
  auto report = store.Verify(0, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  MemoryNodeSource tree = Recomputed(store);
  EXPECT_EQ(report->root, *RootAt(tree.size(), tree));
}

// Appends `n` events in appends of up to 250 (a few thousand reach the cached upper levels, 6 and
// up, and level 10).
inline void AppendMany(EventStore& store, int n) {
  for (int i = 0; i < n;) {
    AppendRequest r = CommentOn("bulk", std::to_string(i++));
    for (int k = 1; k < 250 && i < n; ++k, ++i) {
      r.events.push_back({"bulk", Comment(std::to_string(i)), 0});
    }
    ASSERT_TRUE(store.Append(std::move(r)));
  }
}

// Roots and proofs of the store against the recomputed tree, at sizes around the levels the
// store keeps in memory.
inline void ExpectProofsMatchRecomputed(const EventStore& store) {
  MemoryNodeSource tree = Recomputed(store);
  const uint64_t head = store.GetHead().position;
  for (uint64_t size : {uint64_t{1023}, uint64_t{1024}, uint64_t{1025}, uint64_t{2048}, head}) {
    if (size > head) continue;
    EXPECT_EQ(*store.MerkleRoot(size), *RootAt(size, tree)) << "size " << size;
    for (uint64_t position : {uint64_t{1}, uint64_t{512}, uint64_t{1024}, size / 2 + 1, size}) {
      if (position > size) continue;
      auto proof = store.InclusionProof(position, size);
      ASSERT_TRUE(proof) << proof.error().ToString();
      EXPECT_EQ(*proof, *InclusionProof(position - 1, size, tree)) << position << "/" << size;
    }
    for (uint64_t old_size : {uint64_t{1}, uint64_t{1000}, uint64_t{1024}, size - 1}) {
      if (old_size > size) continue;
      auto proof = store.ConsistencyProof(old_size, size);
      ASSERT_TRUE(proof) << proof.error().ToString();
      EXPECT_EQ(*proof, *ConsistencyProof(old_size, size, tree)) << old_size << "->" << size;
    }
  }
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_STORE_MERKLE_UTIL_H_
