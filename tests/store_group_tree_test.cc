// The tree's part of a group commit: leaves hashed once the whole group is staged, and a request
// refused inside a group leaving no leaf behind.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "core/merkle/memory_node_source.h"
#include "core/merkle/merkle.h"
#include "core/store/event_store.h"
#include "tests/store_merkle_util.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::ExpectProofsMatchRecomputed;
using testing::ExpectVerifies;
using testing::OpenUnsynced;
using testing::TempDir;

// Words that do not decode as a message: the segment table claims more than there is.
kj::Array<capnp::word> Garbage() {
  auto words = kj::heapArray<capnp::word>(2);
  auto bytes = words.asBytes();
  std::fill(bytes.begin(), bytes.end(), kj::byte{0xff});
  return words;
}

TEST(StoreGroupTree, AnImportOfThousandsOfEventsProvesLikeARecomputedTree) {
  TempDir dir;
  auto store = OpenUnsynced(dir.path());
  ASSERT_TRUE(store->Append(CommentOn("import", "first")));  // the import starts at an odd leaf
  AppendRequest import = CommentOn("import", "0");
  for (int i = 1; i < 3000; ++i)
    import.events.push_back({"import", testing::Comment(std::to_string(i)), 0});
  ASSERT_TRUE(store->Append(std::move(import)));
  EXPECT_EQ(store->GetHead().position, 3001u);
  ExpectProofsMatchRecomputed(*store);
  ExpectVerifies(*store);
}

TEST(StoreGroupTree, AnAppendWithABadPayloadIsRefusedAndLeavesNoLeafBehind) {
  TempDir dir;
  auto store = OpenUnsynced(dir.path());
  AppendRequest bad = CommentOn("s", "good, but with a bad neighbour");
  bad.events.push_back({"s", Garbage(), 0});
  auto refused = store->Append(std::move(bad));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "bad_payload");
  EXPECT_EQ(store->GetHead().position, 0u);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(store->Append(CommentOn("s", std::to_string(i))));
  ExpectProofsMatchRecomputed(*store);
  ExpectVerifies(*store);
}

TEST(StoreGroupTree, ClerksAppendingTogetherWithOneBadPayloadKeepTheTreeWhole) {
  TempDir dir;
  auto store = OpenUnsynced(dir.path());
  std::vector<std::thread> clerks;
  std::atomic<int> refused{0};
  for (int t = 0; t < 8; ++t) {
    clerks.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        AppendRequest r = CommentOn("clerk-" + std::to_string(t), std::to_string(i));
        r.events.push_back({"clerk-" + std::to_string(t), testing::Comment("second"), 0});
        if (t == 3 && i % 10 == 0) r.events.push_back({"clerk-3", Garbage(), 0});
        auto result = store->Append(std::move(r));
        if (!result) {
          EXPECT_EQ(result.error().code, "bad_payload");
          ++refused;
        }
      }
    });
  }
  for (auto& c : clerks) c.join();
  EXPECT_EQ(refused.load(), 20);
  EXPECT_EQ(store->GetHead().position, (8u * 200u - 20u) * 2u);
  ExpectProofsMatchRecomputed(*store);
  ExpectVerifies(*store);
}

}  // namespace
}  // namespace bitacora
