#include "core/store/rocks_memory.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/memory_allocator.h>
#include <rocksdb/write_buffer_manager.h>

#include <algorithm>
#include <cstdlib>

namespace bitacora {
namespace {

// The cache's blocks in whole KiB. Data blocks are cut at about 4 KiB but each has its own size,
// so under glibc malloc the hole an evicted block leaves rarely fits the next block; it is split
// for smaller allocations and the arena grows (docs/reliability.md, "Soak"). Rounded, a freed
// block fits any later block of its KiB. Costs at most 1023 bytes a block, charged to the cache.
class WholeKibAllocator : public rocksdb::MemoryAllocator {
 public:
  const char* Name() const override { return "BitacoraWholeKib"; }
  void* Allocate(size_t size) override { return std::malloc(Round(size)); }
  void Deallocate(void* p) override { std::free(p); }
  size_t UsableSize(void*, size_t size) const override { return Round(size); }

 private:
  static size_t Round(size_t size) { return (size + 1023) & ~size_t{1023}; }
};

}  // namespace

RocksSharing MakeRocksSharing(const RocksBudget& budget) {
  RocksSharing sharing;
  rocksdb::LRUCacheOptions cache_options;  // RocksDB's defaults, but for the size and the allocator
  cache_options.capacity = static_cast<size_t>(budget.cache_bytes);
  cache_options.memory_allocator = std::make_shared<WholeKibAllocator>();
  sharing.cache = rocksdb::NewLRUCache(cache_options);
  sharing.write_buffers =
      std::make_shared<rocksdb::WriteBufferManager>(static_cast<size_t>(budget.write_buffer_bytes), sharing.cache);
  return sharing;
}

size_t MemtableSizeFor(const RocksSharing& sharing) {
  if (!sharing.write_buffers) return 0;
  constexpr size_t kMiB = size_t{1} << 20;
  return std::clamp(sharing.write_buffers->buffer_size() / 4, kMiB, 64 * kMiB);
}

RocksMemory ReadRocksMemory(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& families) {
  RocksMemory m;
  std::vector<rocksdb::ColumnFamilyHandle*> cfs = families;
  if (cfs.empty()) cfs.push_back(db.DefaultColumnFamily());
  uint64_t value = 0;
  // The cache figures are the cache's, whichever column family asks: read them once.
  if (db.GetIntProperty(cfs.front(), rocksdb::DB::Properties::kBlockCacheCapacity, &value)) m.cache_capacity = value;
  if (db.GetIntProperty(cfs.front(), rocksdb::DB::Properties::kBlockCacheUsage, &value)) m.cache_usage = value;
  if (db.GetIntProperty(cfs.front(), rocksdb::DB::Properties::kBlockCachePinnedUsage, &value)) {
    m.cache_pinned = value;
  }
  for (rocksdb::ColumnFamilyHandle* cf : cfs) {
    if (db.GetIntProperty(cf, rocksdb::DB::Properties::kCurSizeAllMemTables, &value)) m.memtables += value;
    if (db.GetIntProperty(cf, rocksdb::DB::Properties::kEstimateTableReadersMem, &value)) m.table_readers += value;
  }
  return m;
}

}  // namespace bitacora
