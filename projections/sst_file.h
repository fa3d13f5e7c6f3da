// Writing the views straight into SST files, for a bulk build of a fresh generation: a rebuild
// sorts what it projected and hands RocksDB finished files (ViewDb::Ingest) instead of writing
// it through the memtable, which would copy, sort and write the same bytes again.
#ifndef BITACORA_PROJECTIONS_SST_FILE_H_
#define BITACORA_PROJECTIONS_SST_FILE_H_

#include <rocksdb/sst_file_writer.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "projections/view_db.h"

namespace bitacora::projections {

// One SST file being written for `db`, with the database's table options (bloom filter,
// compression), so that the ingested file reads like one RocksDB wrote itself.
class SstFile {
 public:
  // Creates (truncates) the file at `path`. kIOError if it cannot.
  [[nodiscard]] static Result<std::unique_ptr<SstFile>> Create(const ViewDb& db, std::string path);

  // Adds a key; keys must be added in strictly increasing byte order (kInternal otherwise).
  [[nodiscard]] Status Put(std::string_view key, std::string_view value);
  // Adds a deletion of `key`, which hides the key in the files and writes ingested before.
  [[nodiscard]] Status Delete(std::string_view key);

  // Completes the file. Returns false when nothing was added: no file is left at path().
  [[nodiscard]] Result<bool> Finish();

  const std::string& path() const { return path_; }

 private:
  SstFile(std::string path, std::unique_ptr<rocksdb::SstFileWriter> writer)
      : path_(std::move(path)), writer_(std::move(writer)) {}
  std::string path_;
  std::unique_ptr<rocksdb::SstFileWriter> writer_;
  uint64_t entries_ = 0;
};

// Puts and deletes gathered in any order, for one SST: WriteTo() sorts them by key and, of the
// operations on the same key, keeps the one added last (as a WriteBatch would). Keys and values
// are copied into one arena, so that a million small keys cost no million allocations.
class SortedRun {
 public:
  void Put(std::string_view key, std::string_view value) { Add(key, value, false); }
  void Delete(std::string_view key) { Add(key, {}, true); }
  size_t size() const { return ops_.size(); }
  bool empty() const { return ops_.empty(); }
  void Clear();

  // Writes every operation to `file` in key order (the last one of each key); with deletions =
  // false, a key whose last operation is a deletion is left out (for a file ingested into an
  // empty database). The run is left sorted; add nothing more before Clear().
  [[nodiscard]] Status WriteTo(SstFile& file, bool deletions = true);

 private:
  struct Op {
    uint64_t offset;  // key, then value, in arena_ (also the order of addition)
    uint32_t key_size;
    uint32_t value_size;
    bool deletion;
    uint8_t chunk_size;  // Sort(): bytes of the key in `chunk` (8 unless the key ends there)
    uint64_t chunk;      // Sort(): 8 bytes of the key from the depth being sorted, big-endian
  };
  void Add(std::string_view key, std::string_view value, bool deletion);
  // Sorts [first, last), whose keys share their first `depth` bytes, by key and then by order of
  // addition: 8 key bytes at a time as integers, so long shared prefixes ("i/iss/2026-05/ORT-")
  // are not compared again and again as memcmp would.
  void Sort(Op* first, Op* last, size_t depth);
  std::string_view KeyOf(const Op& op) const { return std::string_view(arena_).substr(op.offset, op.key_size); }
  std::string arena_;
  std::vector<Op> ops_;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_SST_FILE_H_
