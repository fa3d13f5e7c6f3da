#include "projections/sst_file.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

namespace bitacora::projections {
namespace {

Error FromRocks(const rocksdb::Status& s, std::string_view what) {
  return MakeError(Code::kViewSstError, std::string(what) + ": " + s.ToString());
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

}  // namespace

Result<std::unique_ptr<SstFile>> SstFile::Create(const ViewDb& db, std::string path) {
  const rocksdb::Options options = db.options();
  // invalidate_page_cache = false: the views are read right after the swap; keep them cached.
  auto writer = std::make_unique<rocksdb::SstFileWriter>(rocksdb::EnvOptions(options), options,
                                                         /*column_family=*/nullptr,
                                                         /*invalidate_page_cache=*/false);
  rocksdb::Status s = writer->Open(path);
  if (!s.ok()) return Fail(FromRocks(s, "create " + path));
  return std::unique_ptr<SstFile>(new SstFile(std::move(path), std::move(writer)));
}

Status SstFile::Put(std::string_view key, std::string_view value) {
  rocksdb::Status s = writer_->Put(ToSlice(key), ToSlice(value));
  if (!s.ok()) return Fail(Code::kViewSstOrder, s.ToString());
  ++entries_;
  return Ok();
}

Status SstFile::Delete(std::string_view key) {
  rocksdb::Status s = writer_->Delete(ToSlice(key));
  if (!s.ok()) return Fail(Code::kViewSstOrder, s.ToString());
  ++entries_;
  return Ok();
}

Result<bool> SstFile::Finish() {
  if (entries_ == 0) {
    writer_.reset();
    std::error_code ec;
    std::filesystem::remove(path_, ec);
    return false;
  }
  rocksdb::Status s = writer_->Finish();
  if (!s.ok()) return Fail(FromRocks(s, "finish " + path_));
  return true;
}

void SortedRun::Add(std::string_view key, std::string_view value, bool deletion) {
  ops_.push_back(Op{arena_.size(), static_cast<uint32_t>(key.size()), static_cast<uint32_t>(value.size()), deletion,
                    0, 0});
  arena_.append(key);
  arena_.append(value);
}

void SortedRun::Clear() {
  arena_.clear();
  ops_.clear();
}

void SortedRun::Sort(Op* first, Op* last, size_t depth) {
  for (Op* op = first; op != last; ++op) {
    const size_t n = std::min<size_t>(8, op->key_size - depth);
    unsigned char bytes[8] = {};
    std::memcpy(bytes, arena_.data() + op->offset + depth, n);
    op->chunk = 0;
    for (unsigned char b : bytes) op->chunk = (op->chunk << 8) | b;
    op->chunk_size = static_cast<uint8_t>(n);
  }
  // A key that ends inside the chunk sorts before a longer one with the same bytes (zero-padded
  // chunks tie): hence chunk_size second. Equal keys end up in order of addition.
  std::sort(first, last, [](const Op& a, const Op& b) {
    if (a.chunk != b.chunk) return a.chunk < b.chunk;
    if (a.chunk_size != b.chunk_size) return a.chunk_size < b.chunk_size;
    return a.offset < b.offset;
  });
  for (Op* run = first; run != last;) {
    Op* end = run + 1;
    while (end != last && end->chunk == run->chunk && end->chunk_size == run->chunk_size) ++end;
    // A full chunk may continue: sort the run by the next 8 bytes.
    if (run->chunk_size == 8 && end - run > 1) Sort(run, end, depth + 8);
    run = end;
  }
}

Status SortedRun::WriteTo(SstFile& file, bool deletions) {
  // Among equal keys the order of addition survives, and the last one is written.
  Sort(ops_.data(), ops_.data() + ops_.size(), 0);
  for (size_t i = 0; i < ops_.size(); ++i) {
    const Op& op = ops_[i];
    const std::string_view key = KeyOf(op);
    if (i + 1 < ops_.size() && KeyOf(ops_[i + 1]) == key) continue;  // a later one wins
    if (op.deletion && !deletions) continue;
    Status s = op.deletion ? file.Delete(key)
                           : file.Put(key, std::string_view(arena_).substr(op.offset + op.key_size, op.value_size));
    if (!s) return s;
  }
  return Ok();
}

}  // namespace bitacora::projections
