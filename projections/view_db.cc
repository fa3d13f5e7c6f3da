#include "projections/view_db.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/table.h>

#include <cstring>

#include "projections/codec.h"

namespace bitacora::projections {
namespace {

Error FromRocks(const rocksdb::Status& s) {
  const ErrorKind kind = s.IsCorruption() ? ErrorKind::kCorruption
                         : s.IsBusy() || s.IsTryAgain() ? ErrorKind::kUnavailable
                                                        : ErrorKind::kIOError;
  return Error{kind, "view_db_error", s.ToString()};
}

}  // namespace

Result<std::unique_ptr<ViewDb>> ViewDb::Open(const std::string& path, bool bulk, const RocksSharing& sharing) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = 64 << 20;
  if (bulk) {
    options.memtable_factory.reset(new rocksdb::VectorRepFactory);
    options.allow_concurrent_memtable_write = false;
    options.write_buffer_size = 256 << 20;
    options.disable_auto_compactions = true;
  }
  options.compression = rocksdb::kNoCompression;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = !bulk && sharing.cache ? sharing.cache : rocksdb::NewLRUCache(64 << 20);
  if (!bulk && sharing.write_buffers) {
    options.write_buffer_manager = sharing.write_buffers;
    options.write_buffer_size = MemtableSizeFor(sharing);
  }
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, path, &raw);
  if (!s.ok()) return Fail(FromRocks(s));
  return std::unique_ptr<ViewDb>(new ViewDb(path, std::unique_ptr<rocksdb::DB>(raw)));
}

ViewDb::~ViewDb() {
  if (db_) (void)db_->Close();
}

Result<Checkpoint> ViewDb::ReadCheckpoint(const rocksdb::Snapshot* snapshot) const {
  auto value = Get(keys::kCheckpoint, snapshot);
  if (!value) return Fail(value.error());
  Checkpoint cp;
  if (!value->has_value()) return cp;
  const std::string& v = **value;
  if (v.size() != 8 + cp.hash.size()) {
    return Fail(ErrorKind::kCorruption, "view_checkpoint_corrupt", "the view checkpoint is malformed");
  }
  cp.position = GetBE64(v);
  std::memcpy(cp.hash.data(), v.data() + 8, cp.hash.size());
  return cp;
}

Result<std::optional<std::string>> ViewDb::Get(std::string_view key, const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::string value;
  rocksdb::Status s = db_->Get(ro, rocksdb::Slice(key.data(), key.size()), &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Fail(FromRocks(s));
  return std::optional<std::string>(std::move(value));
}

Status ViewDb::Scan(std::string_view prefix, const std::function<bool(std::string_view, std::string_view)>& fn,
                    const rocksdb::Snapshot* snapshot) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro));
  for (it->Seek(rocksdb::Slice(prefix.data(), prefix.size())); it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    const std::string_view key(k.data(), k.size());
    if (!key.starts_with(prefix)) break;
    const rocksdb::Slice v = it->value();
    if (!fn(key, std::string_view(v.data(), v.size()))) break;
  }
  if (!it->status().ok()) return Fail(FromRocks(it->status()));
  return Ok();
}

Status ViewDb::FlushMemTables() {
  rocksdb::FlushOptions fo;
  fo.wait = true;
  rocksdb::Status s = db_->Flush(fo);
  if (!s.ok()) return Fail(FromRocks(s));
  return Ok();
}

Status ViewDb::Commit(rocksdb::WriteBatch& batch, const Checkpoint& checkpoint, bool use_wal) {
  std::string cp;
  PutBE64(cp, checkpoint.position);
  cp.append(reinterpret_cast<const char*>(checkpoint.hash.data()), checkpoint.hash.size());
  rocksdb::Status s = batch.Put(rocksdb::Slice(keys::kCheckpoint.data(), keys::kCheckpoint.size()), cp);
  if (!s.ok()) return Fail(FromRocks(s));
  rocksdb::WriteOptions wo;
  wo.sync = false;
  wo.disableWAL = !use_wal;
  s = db_->Write(wo, &batch);
  if (!s.ok()) return Fail(FromRocks(s));
  return Ok();
}

}  // namespace bitacora::projections
