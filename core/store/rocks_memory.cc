#include "core/store/rocks_memory.h"

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/write_buffer_manager.h>

#include <algorithm>

namespace bitacora {

RocksSharing MakeRocksSharing(const RocksBudget& budget) {
  RocksSharing sharing;
  sharing.cache = rocksdb::NewLRUCache(static_cast<size_t>(budget.cache_bytes));
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
