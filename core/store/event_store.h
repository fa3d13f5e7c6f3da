// The event store: an append-only, hash-chained, durable log of events on RocksDB.
//
// Every event has a gap-free global position and a gap-free version within its stream. Appends
// are atomic across streams, checked against expected versions and counters, idempotent by
// command id, and durable (synced WAL) before they return. One writer at a time batches the
// appends of many threads into one WriteBatch and one fsync (group commit), so commit order is
// position order: a writer thread commits the appends that queue up while a commit is under way,
// and an append that finds nobody committing commits itself, with no hand-off between threads. Storage layout: docs/storage.md.
#ifndef BITACORA_CORE_STORE_EVENT_STORE_H_
#define BITACORA_CORE_STORE_EVENT_STORE_H_

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/result.h"
#include "core/append/append.h"
#include "core/store/disk_space.h"
#include "core/store/rocks_memory.h"
#include "core/store/stored_event.h"

namespace bitacora {

struct StoreOptions {
  std::string path;                       // folder of the RocksDB database; created if missing
  bool sync = true;                       // fsync the WAL before an append returns
  std::function<int64_t()> clock = nullptr;  // UTC ns; default: the system clock
  // Called by one group-commit leader at a time, never concurrently. Default: 128 bits from OpenSSL's CSPRNG.
  std::function<std::array<uint8_t, 16>()> event_ids = nullptr;
  size_t max_group_events = 20000;        // events per group commit, at most (a larger append
                                          // still goes through, alone)
  bool merkle = true;                     // maintain the Merkle tree; a store must always be
                                          // opened with the same setting (false: benchmarks only)
  // Free-space floor in bytes: a group commit that would leave less free space than this on the
  // store's filesystem is refused whole ("disk_space_low"), before RocksDB writes anything.
  // 0: no floor. Checked with `disk_probe` on `path` before every group commit.
  uint64_t min_free_bytes = uint64_t{256} << 20;
  DiskSpaceProbe disk_probe = nullptr;    // default: StatvfsFreeBytes
  // The block cache and write-buffer manager to share with other databases of the process
  // (`bitacora serve`: with the views). Empty: a private 256 MiB block cache and RocksDB's
  // per-column-family write buffers (64 MiB each, no common cap).
  RocksSharing rocks = {};
  // Stream versions the writer keeps in memory between group commits, at most (VersionCache:
  // the older half is forgotten when the newer half is full, and read again from RocksDB as
  // needed). Fewer than 2: none kept.
  size_t version_cache_streams = 100'000;
};

// What the store holds in memory (EventStore::Memory).
struct StoreMemory {
  RocksMemory rocks;            // its RocksDB database, all column families
  uint64_t cached_versions = 0; // stream versions in the writer's cache
  uint64_t cached_version_bytes = 0;  // the heap they hold, estimated (VersionCache::bytes)
  uint64_t merkle_nodes_bytes = 0;  // the stored Merkle levels kept in memory (4 bytes an event)
};

struct Head {
  uint64_t position = 0;  // position of the last event; 0 for an empty log
  Hash32 hash{};          // its hash; 32 zero bytes for an empty log
};

enum class Direction { kForward, kBackward };

struct VerifyReport {
  uint64_t checked = 0;           // events checked
  bool ok = true;
  uint64_t first_bad_position = 0;  // 0 when ok
  std::string problem;            // what did not match, when not ok
  Hash32 root{};                  // Merkle root recomputed from the leaves (when from == 1)
};

struct BackupInfo;  // core/store/backup.h

class EventStore {
 public:
  // Opens (creating if needed) the store at options.path and starts its writer thread. Fails with
  // kUnavailable when another process holds the store, kIOError or kCorruption otherwise.
  [[nodiscard]] static Result<std::unique_ptr<EventStore>> Open(StoreOptions options);

  // Refuses new appends ("store_closed"), waits until those already queued are committed, then
  // closes RocksDB. No other call may be in progress or made once it has begun.
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends `request` atomically and durably. Thread-safe; blocks until the write is on disk.
  // Errors: kConflict ("wrong_expected_version", "wrong_counter_value") naming the actual value;
  // kInvalidArgument for an empty or malformed request; kUnavailable "disk_space_low" when the
  // write would take the disk below StoreOptions::min_free_bytes (nothing is written; reads go
  // on, and appends go through again once space is freed); kIOError when the write failed
  // (nothing of it is stored). A command id seen before returns its first result with duplicate = true
  // and writes nothing, also across restarts.
  [[nodiscard]] Result<AppendResult> Append(AppendRequest request);

  // RocksDB's memory figures and the writer's cache size, for /metrics. Thread-safe.
  StoreMemory Memory() const;

  // The current head. Thread-safe, never blocks on the writer.
  Head GetHead() const;

  // The version of `stream_id` (0 if it has no events). Thread-safe.
  [[nodiscard]] Result<uint64_t> StreamVersion(const std::string& stream_id) const;

  // The value of a counter (0 if never claimed). Thread-safe.
  [[nodiscard]] Result<uint64_t> CounterValue(const std::string& name) const;

  // Up to `limit` events of `stream_id`, starting at version `from` (inclusive) and going forward
  // or backward. For backward reads, from = UINT64_MAX starts at the last event. Thread-safe.
  [[nodiscard]] Result<std::vector<StoredEvent>> ReadStream(const std::string& stream_id,
                                                            uint64_t from, Direction direction,
                                                            size_t limit) const;

  // Up to `limit` events of the global log from position `from` (inclusive). Thread-safe.
  [[nodiscard]] Result<std::vector<StoredEvent>> ReadLog(uint64_t from, size_t limit) const;

  // Calls `fn` for each event at positions [from, to] in order, stopping early when it returns
  // false. The raw stored bytes are passed without decoding. Thread-safe.
  [[nodiscard]] Status ScanLog(uint64_t from, uint64_t to,
                               const std::function<bool(uint64_t, std::string_view)>& fn) const;

  // Blocks until the head passes `position` or `timeout` elapses; returns the head position then.
  // For followers: wait for anything after the position already seen. Thread-safe.
  uint64_t WaitForPosition(uint64_t position, std::chrono::milliseconds timeout) const;

  // Recomputes the hash chain over [from, to] (to = 0: up to the head) and names the first
  // position that does not match. When from is 1 it also recomputes the Merkle root from the
  // leaves and checks it against the stored tree. `progress`, if set, is called now and then with the position
  // reached. Thread-safe; reads a consistent snapshot.
  [[nodiscard]] Result<VerifyReport> Verify(
      uint64_t from, uint64_t to,
      const std::function<void(uint64_t)>& progress = nullptr) const;

  // The RFC 6962 Merkle tree over the log, leaf i being the stored bytes of position i+1.
  // Root of the first `size` events; size must not exceed the head (kInvalidArgument).
  [[nodiscard]] Result<Hash32> MerkleRoot(uint64_t size) const;
  // Audit path for the event at `position` in the tree of the first `size` events.
  [[nodiscard]] Result<std::vector<Hash32>> InclusionProof(uint64_t position, uint64_t size) const;
  // Proof that the tree of `new_size` events extends the tree of `old_size` events.
  [[nodiscard]] Result<std::vector<Hash32>> ConsistencyProof(uint64_t old_size,
                                                             uint64_t new_size) const;

  // Stores a signed checkpoint (an opaque note, see core/audit/checkpoint.h) for tree size
  // `size`, durably. Checkpoints are kept beside the log, not in it: signing one appends no event.
  // kInvalidArgument if size is beyond the head or a checkpoint of that size exists already.
  // Thread-safe; callers that sign serialize among themselves (core/audit/ledger_checkpoints.h).
  [[nodiscard]] Status PutCheckpoint(uint64_t size, std::string_view note);
  // Replaces the stored checkpoint of tree size `size` with `note`, durably: the same tree signed
  // again with more to say (a day it closes, a witness's cosignature). The caller checks that
  // `note` signs the same root (core/audit/day_checkpoints.h, rest/witness_http.h). kNotFound
  // "no_checkpoint" when none of that size is stored. Thread-safe, as PutCheckpoint.
  [[nodiscard]] Status ReplaceCheckpoint(uint64_t size, std::string_view note);
  // Every stored checkpoint, by increasing tree size. Thread-safe.
  [[nodiscard]] Result<std::vector<std::pair<uint64_t, std::string>>> Checkpoints() const;

  // Writes an online backup to `out_dir` (core/store/backup.h), which must not exist or be an
  // empty folder (kInvalidArgument "target_not_empty") and not lie inside path() (kInvalidArgument
  // "backup_path_refused"); its parent folders are created. Files and folders are 0700/0600. Appends
  // wait while the checkpoint is taken (memtables are flushed first), so the backup holds exactly
  // the head and Merkle root returned. kIOError when RocksDB or the manifest cannot be written.
  // Thread-safe.
  [[nodiscard]] Result<BackupInfo> Backup(const std::string& out_dir) const;
  // The folder the store was opened in (StoreOptions::path).
  const std::string& path() const;

  // The result recorded for `command_id`, or kNotFound.
  [[nodiscard]] Result<AppendResult> LookupCommand(const std::string& command_id) const;

  class Impl;

 private:
  explicit EventStore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Computes the hash that an event with canonical bytes `canonical` (whose hash field holds the
// hash, or zeros) must carry when chained after `prev`. `hash_offset` is the byte offset of the
// 32-byte hash field inside `canonical`.
Hash32 ChainHash(const Hash32& prev, std::string_view canonical, size_t hash_offset);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_EVENT_STORE_H_
