// The memory budget of `bitacora serve` (docs/operations.md, "Memory"): the shared block cache
// and write-buffer cap reach both RocksDB databases, memtables are charged to the cache and
// capped, and the store's and the projector's in-memory caches stay within their bounds.
#include <gtest/gtest.h>
#include <malloc.h>
#include <rocksdb/cache.h>
#include <rocksdb/memory_allocator.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "app/malloc_tuning.h"
#include "core/store/event_store.h"
#include "core/store/rocks_memory.h"
#include "projections/view_db.h"
#include "tests/projection_fixture.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr uint64_t kMiB = uint64_t{1} << 20;

TEST(MemoryBudget, TheStoreAndTheViewsUseTheOneCacheOfTheBudget) {
  TempDir dir;
  const RocksSharing sharing = MakeRocksSharing(RocksBudget{.cache_bytes = 8 * kMiB, .write_buffer_bytes = 2 * kMiB});
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("store"), .sync = false, .rocks = sharing});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  auto views = projections::ViewDb::Open(dir.Sub("views"), sharing);
  ASSERT_TRUE(views.has_value()) << views.error().ToString();
  EXPECT_EQ((*store)->Memory().rocks.cache_capacity, 8 * kMiB);
  EXPECT_EQ((*views)->Memory().cache_capacity, 8 * kMiB);
  // Without a budget each keeps its own default cache.
  auto alone = EventStore::Open(StoreOptions{.path = dir.Sub("alone"), .sync = false});
  ASSERT_TRUE(alone.has_value());
  EXPECT_EQ((*alone)->Memory().rocks.cache_capacity, 256 * kMiB);
}

TEST(MemoryBudget, TheCacheAllocatesItsBlocksInWholeKibAndChargesThemSo) {
  const RocksSharing sharing = MakeRocksSharing(RocksBudget{.cache_bytes = 8 * kMiB, .write_buffer_bytes = 2 * kMiB});
  rocksdb::MemoryAllocator* allocator = sharing.cache->memory_allocator();
  ASSERT_NE(allocator, nullptr);
  EXPECT_EQ(allocator->UsableSize(nullptr, 4096), 4096u);
  EXPECT_EQ(allocator->UsableSize(nullptr, 4097), 5120u);
  EXPECT_EQ(allocator->UsableSize(nullptr, 1), 1024u);
  void* block = allocator->Allocate(4097);
  ASSERT_NE(block, nullptr);
  std::memset(block, 0x5a, 5120);  // the whole rounded size is usable (AddressSanitizer checks it)
  allocator->Deallocate(block);
}

TEST(MemoryBudget, AReadThatDoesNotFillTheCacheLeavesItAsItWas) {
  TempDir dir;
  {
    auto views = projections::ViewDb::Open(dir.Sub("views"));
    ASSERT_TRUE(views.has_value()) << views.error().ToString();
    rocksdb::WriteBatch batch;
    for (int i = 0; i < 2000; ++i) batch.Put("order/" + std::to_string(i), std::string(200, 'x'));
    ASSERT_TRUE((*views)->Commit(batch, projections::Checkpoint{}).has_value());
  }
  // Reopened, the log is flushed to a table file: reads now go through the block cache.
  const RocksSharing sharing = MakeRocksSharing(RocksBudget{.cache_bytes = 8 * kMiB, .write_buffer_bytes = 2 * kMiB});
  auto views = projections::ViewDb::Open(dir.Sub("views"), sharing);
  ASSERT_TRUE(views.has_value()) << views.error().ToString();
  const uint64_t before = (*views)->Memory().cache_usage;
  for (int i = 0; i < 2000; i += 50) {
    auto value = (*views)->Get("order/" + std::to_string(i), nullptr, /*fill_cache=*/false);
    ASSERT_TRUE(value.has_value() && value->has_value());
  }
  EXPECT_EQ((*views)->Memory().cache_usage, before);
  for (int i = 0; i < 2000; i += 50) ASSERT_TRUE((*views)->Get("order/" + std::to_string(i)).has_value());
  EXPECT_GT((*views)->Memory().cache_usage, before + 4096);
}

TEST(MemoryBudget, MemtablesAreCappedAndChargedToTheCache) {
  TempDir dir;
  const RocksSharing sharing = MakeRocksSharing(RocksBudget{.cache_bytes = 32 * kMiB, .write_buffer_bytes = kMiB});
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("store"), .sync = false, .rocks = sharing});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  const std::string text(4096, 'x');
  for (int i = 0; i < 3000; ++i) {  // about 12 MiB of events
    ASSERT_TRUE((*store)->Append(CommentOn("case-" + std::to_string(i % 50), text + std::to_string(i))));
  }
  const RocksMemory m = (*store)->Memory().rocks;
  // RocksDB's own write buffers (64 MiB per column family) would hold all 12 MiB; the cap flushes
  // past 1 MiB (an immutable memtable or two may still wait for its flush).
  EXPECT_LT(m.memtables, 4 * kMiB);
  EXPECT_GT(m.memtables, 0u);
  // Nothing was read, so what the cache holds is the memtables' charge.
  EXPECT_GE(m.cache_usage, m.memtables / 2);
}

TEST(MemoryBudget, TheStoredMerkleLevelsInMemoryGrowAChunkAtATime) {
  TempDir dir;
  auto store = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  for (int i = 0; i < 15; ++i) ASSERT_TRUE((*store)->Append(CommentOn("s", "x")));
  EXPECT_EQ((*store)->Memory().merkle_nodes_bytes, 0u);  // no level-4 node yet
  ASSERT_TRUE((*store)->Append(CommentOn("s", "x")));
  EXPECT_EQ((*store)->Memory().merkle_nodes_bytes, 32u * 1024u);  // one chunk of 1,024 nodes
}

TEST(MemoryBudget, TheWritersVersionCacheStaysWithinItsBound) {
  TempDir dir;
  auto store = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false, .version_cache_streams = 8});
  ASSERT_TRUE(store.has_value()) << store.error().ToString();
  for (int i = 0; i < 40; ++i) {
    ASSERT_TRUE((*store)->Append(CommentOn("case-" + std::to_string(i), "x")));
    EXPECT_LE((*store)->Memory().cached_versions, 8u) << i;
    // Past the bound the older half goes, not the whole cache.
    if (i >= 8) {
      EXPECT_GE((*store)->Memory().cached_versions, 4u) << i;
    }
    EXPECT_GT((*store)->Memory().cached_version_bytes, 0u) << i;
  }
  // Forgotten versions are read back: appends to old streams still check their versions.
  auto again = (*store)->Append(CommentOn("case-3", "y", ExpectedVersion::Exactly(1)));
  EXPECT_TRUE(again.has_value());
  auto stale = (*store)->Append(CommentOn("case-3", "z", ExpectedVersion::Exactly(1)));
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, "wrong_expected_version");
}

class ProjectorCache : public testing::ProjectionTest {};

TEST_F(ProjectorCache, TheDecodedRecordsStayWithinTheBoundAfterEachCommit) {
  cache_records_ = 2;
  flush_events_ = 5;
  OpenService();
  for (const char* ci : {"1111111", "2222222", "3333333"}) {
    testing::RunNewConnection(ledger_, ci, testing::Stage::kOrt);
    (void)Views();
    EXPECT_LE(service_->Memory().cached_records, 2u) << ci;
  }
  ExpectViewsEqualFolds();  // forgetting records loses nothing
  // With room for them the projector keeps them: the figure is the projector's, not a constant.
  cache_records_ = 1000;
  OpenService();
  testing::RunNewConnection(ledger_, "4444444", testing::Stage::kOrt);
  testing::RunNewConnection(ledger_, "5555555", testing::Stage::kOrt);
  (void)Views();
  EXPECT_GT(service_->Memory().cached_records, 2u);
}

TEST(MallocTuning, PeriodicTrimRunsEveryPeriodAndStopsAtOnce) {
  std::atomic<int> calls{0};
  {
    app::PeriodicTrim trim(std::chrono::milliseconds(10), [&calls] { ++calls; });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  EXPECT_GE(calls.load(), 3);
  const int before = calls.load();
  const auto start = std::chrono::steady_clock::now();
  { app::PeriodicTrim trim(std::chrono::hours(1), [&calls] { ++calls; }); }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));  // no wait for the period
  { app::PeriodicTrim off(std::chrono::milliseconds(0), [&calls] { ++calls; }); }
  EXPECT_EQ(calls.load(), before);
  EXPECT_GE(app::MallocArenas(), 1u);  // at least the main arena
}

TEST(MallocTuning, AFixedMmapThresholdKeepsLargeBlocksOutOfTheArenasAfterALargerOneIsFreed) {
#ifdef __SANITIZE_ADDRESS__
  GTEST_SKIP() << "AddressSanitizer's allocator replaces glibc's: mallinfo2 reads 0";
#else
  ASSERT_TRUE(app::FixMallocMmapThreshold(128 * 1024));
  // Through volatile pointers, so that the compiler keeps each malloc and free.
  void* (*volatile allocate)(size_t) = std::malloc;
  void (*volatile release)(void*) = std::free;
  // Freeing a 4 MiB mmapped block would raise glibc's moving threshold to 4 MiB...
  release(allocate(4 * kMiB));
  const size_t mmapped_before = mallinfo2().hblkhd;
  void* block = allocate(512 * 1024);
  const size_t mmapped_after = mallinfo2().hblkhd;
  release(block);
  // ...and the next 512 KiB would then come from an arena. Fixed, it still gets its own pages,
  // and hands them back when freed.
  EXPECT_GE(mmapped_after - mmapped_before, 512 * 1024);
  EXPECT_EQ(mallinfo2().hblkhd, mmapped_before);
#endif
}

TEST(MallocTuning, AnMmapThresholdOverGlibcsOwnLimitIsRefusedAndZeroKeepsGlibcs) {
  EXPECT_FALSE(app::FixMallocMmapThreshold(app::kMaxMallocMmapThreshold + 1));
  EXPECT_TRUE(app::FixMallocMmapThreshold(0));
}

}  // namespace
}  // namespace bitacora
