// RocksDB memory: the pieces that several databases of one process share (one block cache, one
// write-buffer manager charging memtables to it), and what a database holds by RocksDB's own
// accounting. docs/operations.md, "Memory", says what each part costs.
#ifndef BITACORA_CORE_STORE_ROCKS_MEMORY_H_
#define BITACORA_CORE_STORE_ROCKS_MEMORY_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace rocksdb {
class Cache;
class ColumnFamilyHandle;
class DB;
class WriteBufferManager;
}  // namespace rocksdb

namespace bitacora {

// The memory budget of the RocksDB databases of one process (the event store and the views).
struct RocksBudget {
  // Capacity of the one LRU block cache: data, index and filter blocks of both databases, plus
  // the memtables, which the write-buffer manager charges to it.
  uint64_t cache_bytes = uint64_t{128} << 20;
  // The memtables of all column families of both databases together: past this, RocksDB flushes
  // the largest. Charged to the cache above, so it is part of cache_bytes, not in addition.
  uint64_t write_buffer_bytes = uint64_t{32} << 20;
};

// Shared by the databases that open with it. Empty pointers: each database keeps its own
// defaults (a private cache, per-column-family write buffers with no common cap).
struct RocksSharing {
  std::shared_ptr<rocksdb::Cache> cache;
  std::shared_ptr<rocksdb::WriteBufferManager> write_buffers;
};

// One LRU cache of budget.cache_bytes (not strict: a read never fails for want of room, the
// cache evicts instead) and one write-buffer manager of budget.write_buffer_bytes charging it.
// The cache allocates its blocks in whole KiB, and charges them so, against fragmentation.
RocksSharing MakeRocksSharing(const RocksBudget& budget);

// The write_buffer_size to give each column family under `sharing`'s write-buffer manager: a
// quarter of the cap, between 1 and 64 MiB. A memtable allocates in blocks of an eighth of its
// write_buffer_size, so RocksDB's 64 MiB default would take 8 MiB per column family at the first
// write, more than a small cap. 0 when `sharing` has no manager (keep RocksDB's default).
size_t MemtableSizeFor(const RocksSharing& sharing);

// What one database holds in memory, in bytes, by RocksDB's own properties.
struct RocksMemory {
  uint64_t cache_capacity = 0;  // of its block cache (shared: the same cache for several databases)
  uint64_t cache_usage = 0;     // rocksdb.block-cache-usage: blocks and memtable charges
  uint64_t cache_pinned = 0;    // rocksdb.block-cache-pinned-usage: entries in use, not evictable
  uint64_t memtables = 0;       // rocksdb.cur-size-all-mem-tables, summed over column families
  uint64_t table_readers = 0;   // rocksdb.estimate-table-readers-mem (indexes and filters outside the cache)
};

// Reads the figures of `db` over `families` (the default column family when empty). Thread-safe.
RocksMemory ReadRocksMemory(rocksdb::DB& db, const std::vector<rocksdb::ColumnFamilyHandle*>& families);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_ROCKS_MEMORY_H_
