#include "core/store/event_store.h"

#include <openssl/rand.h>
#include <rocksdb/cache.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>
#include <stdexcept>

#include "core/store/keys.h"
#include "core/store/private_files.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::GetBE64;
using store_keys::PositionKey;

Error FromRocks(const rocksdb::Status& status, const std::string& what) {
  if (status.IsIOError() && status.ToString().find("lock") != std::string::npos) {
    return MakeError(Code::kStoreLocked, what + ": the store is held by another process (is `bitacora serve` running? "
                        "use --server to reach it): " + status.ToString());
  }
  if (status.IsCorruption()) return MakeError(Code::kRocksdbCorruption, what + ": " + status.ToString());
  if (status.IsNoSpace()) return MakeError(Code::kDiskFull, what + ": " + status.ToString());
  return MakeError(Code::kIoError, what + ": " + status.ToString());
}

Hash32 ChainHash(const Hash32& prev, std::string_view canonical, size_t hash_offset) {
  static constexpr char kZeros[32] = {};
  return Sha256({AsView(prev), canonical.substr(0, hash_offset), std::string_view(kZeros, 32),
                 canonical.substr(hash_offset + 32)});
}

EventStore::Impl::~Impl() {
  for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  handles.clear();
  db.reset();
}

Head EventStore::Impl::CurrentHead() const {
  std::lock_guard<std::mutex> lock(head_mu);
  return head;
}

Result<uint64_t> EventStore::Impl::ReadU64(rocksdb::ColumnFamilyHandle* cf,
                                           const std::string& key) const {
  std::string value;
  rocksdb::Status s = db->Get(rocksdb::ReadOptions(), cf, key, &value);
  if (s.IsNotFound()) return uint64_t{0};
  if (!s.ok()) return Fail(FromRocks(s, "read"));
  if (value.size() != 8) {
    return Fail(Code::kBadCounter, "value of " + key + " is not 8 bytes");
  }
  return GetBE64(value);
}

Status EventStore::Impl::RoomFor(uint64_t batch_bytes) const {
  if (options.min_free_bytes == 0) return Ok();
  auto free_bytes = options.disk_probe(options.path);
  if (!free_bytes) {
    spdlog::warn("free-space floor not checked: {}", free_bytes.error().ToString());
    return Ok();
  }
  return CheckFloor(*free_bytes, batch_bytes, options.min_free_bytes);
}

EventStore::EventStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EventStore::~EventStore() { impl_->StopWriter(); }

Result<std::unique_ptr<EventStore>> EventStore::Open(StoreOptions options) {
  KeepNewFilesPrivate();  // RocksDB's files, now and later, are 0600 (core/store/private_files.h)
  if (!options.clock) {
    options.clock = [] {
      return std::chrono::duration_cast<std::chrono::nanoseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
          .count();
    };
  }
  if (!options.event_ids) {
    // Called by one leader at a time (never concurrently). Draws from OpenSSL's CSPRNG 4 KiB at a time: one call
    // per event would cost more than hashing it.
    options.event_ids = [buffer = std::array<uint8_t, 4096>{}, used = size_t{4096}]() mutable {
      if (used == buffer.size()) {
        if (RAND_bytes(buffer.data(), static_cast<int>(buffer.size())) != 1) {
          throw std::runtime_error("OpenSSL RAND_bytes failed");  // the machine has no entropy
        }
        used = 0;
      }
      std::array<uint8_t, 16> id;
      std::memcpy(id.data(), buffer.data() + used, id.size());
      used += id.size();
      return id;
    };
  }
  if (!options.disk_probe) options.disk_probe = StatvfsFreeBytes;
  auto impl = std::make_unique<Impl>(std::move(options));
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  db_options.IncreaseParallelism(2);
  db_options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  // One block cache for all column families; bloom filters where reads are point lookups
  // (stream heads, command ids, counters, Merkle nodes), so misses cost no disk read.
  if (impl->options.rocks.write_buffers) db_options.write_buffer_manager = impl->options.rocks.write_buffers;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = impl->options.rocks.cache ? impl->options.rocks.cache : rocksdb::NewLRUCache(256 << 20);
  rocksdb::ColumnFamilyOptions scan_cf;
  if (const size_t memtable = MemtableSizeFor(impl->options.rocks); memtable > 0) scan_cf.write_buffer_size = memtable;
  scan_cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // The log is read whole by verify, rebuilds and followers: LZ4 decompresses about twice as
  // fast as RocksDB's default Snappy for the same ratio. (Each SST records its own compression,
  // so stores written with Snappy stay readable.)
  scan_cf.compression = rocksdb::kLZ4Compression;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  rocksdb::ColumnFamilyOptions lookup_cf;
  lookup_cf.write_buffer_size = scan_cf.write_buffer_size;
  lookup_cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  cfs.emplace_back(rocksdb::kDefaultColumnFamilyName, lookup_cf);
  cfs.emplace_back(store_keys::kEvents, scan_cf);
  cfs.emplace_back(store_keys::kStreams, scan_cf);
  // The Merkle nodes: SHA-256 values do not compress, and the index and bloom filter of each file
  // are held by its table reader (read once, when RocksDB opens the file) instead of the block
  // cache, where a large file's filter (megabytes) was evicted and read again for most proofs.
  // Memory: about 1.4 bytes per node (10 bits of filter, plus the index), ~14 MiB at 10M events.
  rocksdb::BlockBasedTableOptions tree_table = table;
  tree_table.cache_index_and_filter_blocks = false;
  rocksdb::ColumnFamilyOptions tree_cf;
  tree_cf.write_buffer_size = scan_cf.write_buffer_size;
  tree_cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(tree_table));
  tree_cf.compression = rocksdb::kNoCompression;
  for (const char* name :
       {store_keys::kStreamHeads, store_keys::kCommands, store_keys::kCounters}) {
    cfs.emplace_back(name, lookup_cf);
  }
  cfs.emplace_back(store_keys::kMerkle, tree_cf);
  cfs.emplace_back(store_keys::kCheckpoints, lookup_cf);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, impl->options.path, cfs, &impl->handles, &raw);
  if (!s.ok()) return Fail(FromRocks(s, "open " + impl->options.path));
  impl->db.reset(raw);
  impl->meta = impl->handles[0];
  impl->events = impl->handles[1];
  impl->streams = impl->handles[2];
  impl->stream_heads = impl->handles[3];
  impl->commands = impl->handles[4];
  impl->counters = impl->handles[5];
  impl->merkle = impl->handles[6];
  impl->checkpoints = impl->handles[7];

  std::string head;
  s = impl->db->Get(rocksdb::ReadOptions(), impl->meta, store_keys::kHeadKey, &head);
  if (s.ok()) {
    if (head.size() != 40) {
      return Fail(Code::kBadHead, "stored head record is not 40 bytes");
    }
    impl->head.position = GetBE64(head);
    std::memcpy(impl->head.hash.data(), head.data() + 8, 32);
  } else if (!s.IsNotFound()) {
    return Fail(FromRocks(s, "read head"));
  }
  if (impl->options.merkle) {
    if (auto st = LoadTree(*impl); !st) return Fail(st.error());
  }
  spdlog::debug("opened store {} at position {}", impl->options.path, impl->head.position);
  impl->StartWriter();
  return std::unique_ptr<EventStore>(new EventStore(std::move(impl)));
}

Result<AppendResult> EventStore::Append(AppendRequest request) {
  return impl_->Submit(std::move(request));
}

StoreMemory EventStore::Memory() const {
  return StoreMemory{ReadRocksMemory(*impl_->db, impl_->handles), impl_->version_cache_size.load(),
                     impl_->version_cache_bytes.load(),
                     impl_->node_cache.AllocatedBytes()};
}

Head EventStore::GetHead() const { return impl_->CurrentHead(); }

Result<uint64_t> EventStore::StreamVersion(const std::string& stream_id) const {
  return impl_->ReadU64(impl_->stream_heads, stream_id);
}

Result<uint64_t> EventStore::CounterValue(const std::string& name) const {
  return impl_->ReadU64(impl_->counters, name);
}

Result<AppendResult> EventStore::LookupCommand(const std::string& command_id) const {
  std::string value;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->commands, command_id, &value);
  if (s.IsNotFound()) {
    return Fail(Code::kUnknownCommand, "no command " + command_id);
  }
  if (!s.ok()) return Fail(FromRocks(s, "read command"));
  if (value.size() < 16) {
    return Fail(Code::kBadCommandRecord, "command record is shorter than 16 bytes");
  }
  return AppendResult{GetBE64(value), GetBE64(std::string_view(value).substr(8)), true,
                      value.substr(16)};
}

uint64_t EventStore::WaitForPosition(uint64_t position, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(impl_->head_mu);
  impl_->head_cv.wait_for(lock, timeout, [&] { return impl_->head.position > position; });
  return impl_->head.position;
}

}  // namespace bitacora
