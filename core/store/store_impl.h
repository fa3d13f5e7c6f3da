// Internal: the state behind EventStore, shared by event_store.cc (open, reads, verify) and
// group_commit.cc and writer.cc (group commit).
#ifndef BITACORA_CORE_STORE_STORE_IMPL_H_
#define BITACORA_CORE_STORE_STORE_IMPL_H_

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/merkle/merkle.h"
#include "core/store/event_store.h"
#include "core/store/node_cache.h"
#include "core/store/version_cache.h"

namespace bitacora {

class EventStore::Impl {
 public:
  // One append waiting in the queue; lives on its caller's stack until it is done. Each has its
  // own mutex, so the threads a commit answers do not all wake into queue_mu at once.
  struct Pending {
    AppendRequest request;
    std::optional<Result<AppendResult>> outcome;  // written by the committing thread, then done
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;  // under mu; set (and cv signalled) once outcome is final
  };

  explicit Impl(StoreOptions opts) : options(std::move(opts)) {}
  ~Impl();

  // --- fixed after Open ---
  StoreOptions options;
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // owned; destroyed before db
  rocksdb::ColumnFamilyHandle* meta = nullptr;
  rocksdb::ColumnFamilyHandle* events = nullptr;
  rocksdb::ColumnFamilyHandle* streams = nullptr;
  rocksdb::ColumnFamilyHandle* stream_heads = nullptr;
  rocksdb::ColumnFamilyHandle* commands = nullptr;
  rocksdb::ColumnFamilyHandle* counters = nullptr;
  rocksdb::ColumnFamilyHandle* merkle = nullptr;
  rocksdb::ColumnFamilyHandle* checkpoints = nullptr;
  // Upper Merkle levels (loaded at open, grown by the writer); roots and proofs, never Verify.
  mutable NodeCache node_cache;

  // --- the queue of appends, and who commits them ---
  // Invariant: the queue is empty whenever leader is kNone.
  enum class Leader { kNone, kCaller, kWriter };
  std::mutex queue_mu;
  std::condition_variable writer_cv;   // leader became kWriter, or writer_exit
  std::condition_variable drained_cv;  // leader became kNone
  std::deque<Pending*> queue;          // the group being committed stays at the front
  Leader leader = Leader::kNone;
  bool stopping = false;               // appends are refused
  bool writer_exit = false;
  std::thread writer;

  // --- the published head, read by anyone ---
  mutable std::mutex head_mu;
  mutable std::condition_variable head_cv;
  Head head;

  // Held by the writer while it writes a group and publishes the head, and by Backup: while it is
  // held by Backup, the database and the published head do not change.
  std::mutex commit_mu;

  // --- owned by the committing thread (one at a time; queue_mu orders one after the next) ---
  int64_t last_recorded_ns = 0;
  VersionCache version_cache{options.version_cache_streams};  // committed versions only
  std::atomic<size_t> version_cache_size{0};   // its streams after the last commit, for Memory()
  std::atomic<size_t> version_cache_bytes{0};  // and its bytes (VersionCache::bytes)
  // The last Merkle node written at each level: the left siblings the next appends need.
  std::vector<std::optional<MerkleNode>> frontier;

  // Queues `request` and returns its outcome once it is committed (or refused); commits it on
  // the calling thread when nobody else is committing. Thread-safe.
  Result<AppendResult> Submit(AppendRequest request);
  struct Staging;  // what a group commit has staged (staging.h)
  void StartWriter();
  // Refuses appends from now on ("store_closed"), waits until those queued are committed, and
  // stops the writer thread.
  void StopWriter();
  Head CurrentHead() const;
  Result<uint64_t> ReadU64(rocksdb::ColumnFamilyHandle* cf, const std::string& key) const;
  // Whether `batch_bytes` more may be written above the free-space floor (disk_space.h). A probe
  // that fails lets the write go ahead (RocksDB's own write is atomic) and logs a warning.
  Status RoomFor(uint64_t batch_bytes) const;

 private:
  // Commits the group at the front of the queue (lock held on entry and exit, released while
  // writing) and wakes its members but `self`.
  void CommitFront(std::unique_lock<std::mutex>& lock, const Pending* self);
  void WriterLoop();
  // Sets every member's outcome. noexcept: an exception here (no entropy, no memory) would leave
  // the queue blocked behind its leader, so it ends the process instead.
  void CommitGroup(std::vector<Pending*>& group) noexcept;
  Result<AppendResult> Stage(const AppendRequest& request, Staging& staging);
  // Adds the Merkle nodes of the events staged from `first_position` on (writer_tree.cc).
  Status StageTree(Staging& staging, uint64_t first_position);
  Result<uint64_t> CurrentVersion(const std::string& stream, const Staging& staging);
};

// Merkle nodes as stored, read through `ro` (and so its snapshot, if any). `ro` must outlive it.
// Levels from store_keys::kLowestStoredLevel up are read from the "merkle" column family; the
// levels below are hashed from the events under the node (low_levels.h; records of those levels
// left by older versions are never read). A missing node or event is MissingNodeError /
// MissingLeafError.
class StoredNodes final : public NodeSource {
 public:
  StoredNodes(const EventStore::Impl& impl, const rocksdb::ReadOptions& ro)
      : impl_(impl), ro_(ro) {}
  Result<Hash32> Get(uint32_t level, uint64_t index) const override;

 private:
  const EventStore::Impl& impl_;
  const rocksdb::ReadOptions& ro_;
};

// The error for leaf `index` whose event is not stored (kCorruption, "merkle_node_missing").
Error MissingLeafError(uint64_t index);

// The values of `keys` in `cf`, read through `ro` in one MultiGet (sorted_input: `keys` are in
// the column family's order). statuses[i] is NotFound for a missing key.
struct MultiRead {
  std::vector<rocksdb::PinnableSlice> values;
  std::vector<rocksdb::Status> statuses;
};
MultiRead ReadKeys(const EventStore::Impl& impl, const rocksdb::ReadOptions& ro,
                   rocksdb::ColumnFamilyHandle* cf, const std::vector<std::string>& keys,
                   bool sorted_input);

// Holds a RocksDB snapshot for as long as it lives; `ro` reads through it.
class ScopedSnapshot {
 public:
  explicit ScopedSnapshot(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {
    ro.snapshot = snapshot_;
  }
  ~ScopedSnapshot() { db_->ReleaseSnapshot(snapshot_); }
  ScopedSnapshot(const ScopedSnapshot&) = delete;
  ScopedSnapshot& operator=(const ScopedSnapshot&) = delete;
  rocksdb::ReadOptions ro;

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

// Checks that the stored tree reaches the head (kCorruption "merkle_incomplete" when a node the
// root at the head is made of is absent, as in a store written without the tree), then loads the
// cached upper Merkle levels (NodeCache::kMinLevel and up). Called once by Open, before the
// writer starts; cached records of the wrong size are left out.
Status LoadTree(EventStore::Impl& impl);

// Maps a RocksDB status to an Error.
Error FromRocks(const rocksdb::Status& status, const std::string& what);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_STORE_IMPL_H_
