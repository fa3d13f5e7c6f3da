// The views' own RocksDB database, separate from the event store: records, folder entries,
// report indexes and the checkpoint, all in the default column family under the key prefixes of
// docs/projections.md. A write is one WriteBatch that always carries the checkpoint, so the
// database holds the views exactly as of the checkpoint position, never half of an event.
#ifndef BITACORA_PROJECTIONS_VIEW_DB_H_
#define BITACORA_PROJECTIONS_VIEW_DB_H_

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/result.h"
#include "core/store/rocks_memory.h"

namespace bitacora::projections {

// The last event applied: its position (0: none) and hash.
struct Checkpoint {
  uint64_t position = 0;
  Hash32 hash{};
};

// The value stored at keys::kCheckpoint: BE64 position ‖ 32-byte hash.
std::string CheckpointValue(const Checkpoint& checkpoint);

// The key of a folder segment: keys::kFolder ‖ client ci ‖ \0 ‖ BE64 position of its first entry.
std::string FolderSegmentKey(std::string_view client_ci, uint64_t first_position);

// Key prefixes (docs/projections.md, "Storage").
namespace keys {
inline constexpr std::string_view kCheckpoint = "m/checkpoint";
inline constexpr std::string_view kFormat = "m/format";
inline constexpr std::string_view kRecord = "r/";         // + stream id
inline constexpr std::string_view kFolder = "f/";         // + client ci + \0 + BE64 first position -> segment
inline constexpr std::string_view kReturned = "i/ret/";   // + YYYY-MM-DD/ + order
inline constexpr std::string_view kControl = "i/ctl/";    // + YYYY-MM-DD/ + order
inline constexpr std::string_view kToOdeco = "i/ods/";    // + YYYY-MM-DD/ + order
inline constexpr std::string_view kOdecoDone = "i/odp/";  // + YYYY-MM-DD/ + order
inline constexpr std::string_view kCpdBatch = "i/cpd/";   // + YYYY-MM/ + order
inline constexpr std::string_view kIssued = "i/iss/";     // + YYYY-MM/ + order
inline constexpr std::string_view kOpen = "i/open/";      // + order (returnable, not returned)
inline constexpr std::string_view kClosed = "i/cls/";     // + YYYY-MM/ + order (left the backlog)
inline constexpr std::string_view kClientSubscriber = "i/csub/";  // + ci/ + subscriber
inline constexpr std::string_view kClientCase = "i/ccase/";       // + ci/ + case id
inline constexpr std::string_view kSequence = "s/";       // + TYPE-YYYY -> BE64 count ‖ BE64 max
}  // namespace keys

// Owns one open RocksDB. Thread-safe (RocksDB is); the single writer is the Projector.
class ViewDb {
 public:
  // Opens or creates the database in `path`. kIOError / kUnavailable when RocksDB fails.
  // `sharing`: the block cache and write-buffer manager to use; empty pointers: a private 64 MiB
  // cache and a 64 MiB write buffer.
  [[nodiscard]] static Result<std::unique_ptr<ViewDb>> Open(const std::string& path,
                                                            const RocksSharing& sharing = {});
  ~ViewDb();
  ViewDb(const ViewDb&) = delete;
  ViewDb& operator=(const ViewDb&) = delete;

  const std::string& path() const { return path_; }

  // The checkpoint as committed (from `snapshot` if given).
  [[nodiscard]] Result<Checkpoint> ReadCheckpoint(const rocksdb::Snapshot* snapshot = nullptr) const;

  // The value at `key`; nullopt when absent. `fill_cache` false: the blocks read are not kept in
  // the block cache, for reads over a whole report that would evict what the desk's queries use.
  [[nodiscard]] Result<std::optional<std::string>> Get(std::string_view key,
                                                       const rocksdb::Snapshot* snapshot = nullptr,
                                                       bool fill_cache = true) const;

  // Calls fn(key, value) for every key starting with `prefix`, in key order, until it returns false.
  [[nodiscard]] Status Scan(std::string_view prefix,
                            const std::function<bool(std::string_view, std::string_view)>& fn,
                            const rocksdb::Snapshot* snapshot = nullptr) const;

  // Commits `batch` with the checkpoint added to it, atomically (WAL, not synced: a crash loses
  // at most the latest batches, which the runner applies again from the older checkpoint).
  [[nodiscard]] Status Commit(rocksdb::WriteBatch& batch, const Checkpoint& checkpoint);

  // Adds the SST files at `paths` (SstFile, disjoint key ranges) to the database in one atomic
  // step: a reader sees all of them or none. The files are moved into the database and synced,
  // so what they hold is durable without the WAL. A key in them replaces the same key written
  // before. The files are gone afterwards, whether it succeeded or not.
  [[nodiscard]] Status Ingest(const std::vector<std::string>& paths);

  // The options the database was opened with (for SstFile).
  rocksdb::Options options() const { return db_->GetOptions(); }

  // RocksDB's memory figures for this database. Thread-safe.
  RocksMemory Memory() const { return ReadRocksMemory(*db_, {}); }

  // A consistent read view; release it with ReleaseSnapshot. RAII wrapper: ViewSnapshot.
  const rocksdb::Snapshot* GetSnapshot() const { return db_->GetSnapshot(); }
  void ReleaseSnapshot(const rocksdb::Snapshot* s) const { db_->ReleaseSnapshot(s); }

 private:
  ViewDb(std::string path, std::unique_ptr<rocksdb::DB> db) : path_(std::move(path)), db_(std::move(db)) {}
  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
};

// Holds a RocksDB snapshot of a ViewDb for its lifetime. The ViewDb must outlive it.
class ViewSnapshot {
 public:
  explicit ViewSnapshot(const ViewDb& db) : db_(db), snapshot_(db.GetSnapshot()) {}
  ~ViewSnapshot() { db_.ReleaseSnapshot(snapshot_); }
  ViewSnapshot(const ViewSnapshot&) = delete;
  ViewSnapshot& operator=(const ViewSnapshot&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  const ViewDb& db_;
  const rocksdb::Snapshot* snapshot_;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_VIEW_DB_H_
