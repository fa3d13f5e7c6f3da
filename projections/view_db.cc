#include "projections/view_db.h"

#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <cstring>
#include <filesystem>

#include "projections/codec.h"

namespace bitacora::projections {
namespace {

Error FromRocks(const rocksdb::Status& s) {
  const Code code = s.IsCorruption()                 ? Code::kViewDbCorruption
                    : s.IsBusy() || s.IsTryAgain() ? Code::kViewDbBusy
                                                   : Code::kViewDbError;
  return MakeError(code, s.ToString());
}

}  // namespace

Result<std::unique_ptr<ViewDb>> ViewDb::Open(const std::string& path, const RocksSharing& sharing) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = 64 << 20;
  options.compression = rocksdb::kNoCompression;
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = sharing.cache ? sharing.cache : rocksdb::NewLRUCache(64 << 20);
  if (sharing.write_buffers) {
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
    return Fail(Code::kViewCheckpointCorrupt, "the view checkpoint is malformed");
  }
  cp.position = GetBE64(v);
  std::memcpy(cp.hash.data(), v.data() + 8, cp.hash.size());
  return cp;
}

Result<std::optional<std::string>> ViewDb::Get(std::string_view key, const rocksdb::Snapshot* snapshot,
                                               bool fill_cache) const {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  ro.fill_cache = fill_cache;
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

Status ViewDb::Ingest(const std::vector<std::string>& paths) {
  rocksdb::IngestExternalFileOptions io;
  io.move_files = true;  // hard-linked into the database, not copied
  rocksdb::Status s = db_->IngestExternalFile(paths, io);
  for (const std::string& path : paths) {
    std::error_code ec;
    std::filesystem::remove(path, ec);  // the database keeps its own link
  }
  if (!s.ok()) return Fail(FromRocks(s));
  return Ok();
}

std::string FolderSegmentKey(std::string_view client_ci, uint64_t first_position) {
  std::string key(keys::kFolder);
  key.append(client_ci);
  key.push_back('\0');
  PutBE64(key, first_position);
  return key;
}

std::string CheckpointValue(const Checkpoint& checkpoint) {
  std::string cp;
  PutBE64(cp, checkpoint.position);
  cp.append(reinterpret_cast<const char*>(checkpoint.hash.data()), checkpoint.hash.size());
  return cp;
}

Status ViewDb::Commit(rocksdb::WriteBatch& batch, const Checkpoint& checkpoint) {
  const std::string cp = CheckpointValue(checkpoint);
  rocksdb::Status s = batch.Put(rocksdb::Slice(keys::kCheckpoint.data(), keys::kCheckpoint.size()), cp);
  if (!s.ok()) return Fail(FromRocks(s));
  rocksdb::WriteOptions wo;
  wo.sync = false;
  s = db_->Write(wo, &batch);
  if (!s.ok()) return Fail(FromRocks(s));
  return Ok();
}

}  // namespace bitacora::projections
