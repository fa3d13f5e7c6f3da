// The runner: keeps the views of one folder up to date with the log. On Start() it catches up
// from the committed checkpoint, then follows new events (EventStore::WaitForPosition) until
// Stop() or destruction. Rebuild() projects the whole log again into a fresh database while the
// current one keeps serving and following, and swaps it in once caught up.
//
// Folder layout: <dir>/CURRENT names the generation in use (e.g. "gen-3"), <dir>/gen-N/ holds
// its RocksDB. A generation replaced by a rebuild is deleted once its last reader lets go.
#ifndef BITACORA_PROJECTIONS_PROJECTION_SERVICE_H_
#define BITACORA_PROJECTIONS_PROJECTION_SERVICE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/projector.h"
#include "projections/view_db.h"

namespace bitacora::projections {

struct ServiceOptions {
  std::string dir;  // created if missing
  ProjectorOptions projector = {};
  RocksSharing rocks = {};  // block cache and write buffers shared with the store (ViewDb::Open)
  std::chrono::milliseconds poll{200};  // the follower re-checks Stop() at least this often
};

// What the views hold in memory (ProjectionService::Memory).
struct ViewsMemory {
  RocksMemory rocks;           // the current generation's RocksDB database
  uint64_t cached_records = 0; // records the projector keeps decoded, after its last commit
};

class ProjectionService {
 public:
  // Opens the current generation (creating the first). A generation written by another format
  // version is rebuilt before Open returns. `store` must outlive the service.
  [[nodiscard]] static Result<std::unique_ptr<ProjectionService>> Open(const EventStore& store,
                                                                       ServiceOptions options);
  // Stops the follower (if started) and closes the database.
  ~ProjectionService();
  ProjectionService(const ProjectionService&) = delete;
  ProjectionService& operator=(const ProjectionService&) = delete;

  // Applies every event up to the current head and commits. Thread-safe (serialised with the
  // follower and with Rebuild's swap).
  [[nodiscard]] Status CatchUp();

  // Starts the follower thread: catch up, then follow. Idempotent. Errors it meets are kept in
  // last_error() and retried after `poll`.
  void Start();
  // Stops and joins the follower; returns once it is gone. Idempotent; the destructor calls it.
  void Stop();

  // Rebuilds every view from position 0 into a fresh generation and swaps it in when caught up.
  // Readers keep the generation they hold until they let go of it. Thread-safe; one at a time.
  // `progress`, if set, is called now and then from this thread with the position reached.
  // Errors before the swap leave the current generation serving and delete the fresh one; a
  // failure to sync the views folder after CURRENT was replaced is returned with the new
  // generation already serving.
  [[nodiscard]] Status Rebuild(const std::function<void(uint64_t)>& progress = {});

  // The database now serving, kept alive while the pointer is held. Thread-safe; never waits for
  // the follower's apply (readers of the REST API call it on every request).
  std::shared_ptr<const ViewDb> Current() const;

  // Position committed in the current generation. Thread-safe, lock-free.
  uint64_t position() const;

  // The views' memory figures, for /metrics. Thread-safe, lock-free but for Current().
  ViewsMemory Memory() const;

  // The last error the follower met (ok if none). Thread-safe.
  Status last_error() const;

 private:
  struct Generation;
  ProjectionService(const EventStore& store, ServiceOptions options);
  [[nodiscard]] Status OpenGeneration(const std::string& name, bool fresh, const ProjectorOptions& options,
                                      std::shared_ptr<Generation>& out, std::unique_ptr<Projector>& projector) const;
  static constexpr size_t kBulkFlushEvents = 1'000'000;  // commit size of a rebuild
  // Replaces CURRENT with a line naming `name` (temp file, fsync, rename); on failure CURRENT is
  // as it was. SyncFolder() then makes the rename durable.
  [[nodiscard]] Status WriteCurrent(const std::string& name) const;
  [[nodiscard]] Status SyncFolder() const;
  void Follow();

  const EventStore& store_;
  ServiceOptions options_;
  // mu_ serialises applying (CatchUp, Rebuild's swap) and guards projector_ and
  // next_generation_; it is held while a batch of events is applied and committed. current_mu_
  // guards generation_ and error_ and is held only to copy them, so that readers never wait for
  // an apply; committed_ mirrors projector_->committed_position() after each commit.
  mutable std::mutex mu_;
  mutable std::mutex current_mu_;
  std::atomic<uint64_t> committed_{0};
  std::atomic<uint64_t> cached_records_{0};  // projector_->cached_records() after each commit
  std::shared_ptr<Generation> generation_;
  std::unique_ptr<Projector> projector_;
  uint64_t next_generation_ = 1;
  Status error_;
  std::mutex rebuild_mu_;
  std::atomic<bool> stop_{false};
  std::thread follower_;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_PROJECTION_SERVICE_H_
