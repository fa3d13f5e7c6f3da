// Applies events of the global log, in position order, to the views of one ViewDb: the records
// (client, case, order, subscriber, meter, token), the folders and the report indexes. Changes are kept
// in memory and committed by Flush() in ONE WriteBatch together with the checkpoint (the
// position and hash of the last event applied), so the database always holds the views exactly
// as of its checkpoint: after a crash the runner resumes from there, each event applied once.
#ifndef BITACORA_PROJECTIONS_PROJECTOR_H_
#define BITACORA_PROJECTIONS_PROJECTOR_H_

#include <capnp/common.h>
#include <kj/array.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/records.h"
#include "projections/sst_file.h"
#include "projections/string_table.h"
#include "projections/view_db.h"

namespace bitacora::projections {

struct ProjectorOptions {
  size_t flush_events = 20000;        // CatchUp commits after this many events, at most
  // Records kept decoded from one flush to the next, at most: past this a flush forgets them all
  // (they are read back from the database when next touched).
  size_t cache_records = 2'000'000;
  // Bulk build of a fresh generation: until EndBulk(), each commit writes what it changed into
  // sorted SST files and ingests them (ViewDb::Ingest), checkpoint included, instead of a
  // WriteBatch through the WAL and the memtable. Same keys and values; made for big commits.
  bool bulk = false;
};

// Not thread-safe: one thread applies and flushes. `db` must outlive the projector.
class Projector {
 public:
  // Starts from the checkpoint committed in `db`.
  [[nodiscard]] static Result<std::unique_ptr<Projector>> Create(ViewDb& db, ProjectorOptions options = {});

  // Position of the last event applied (committed or pending).
  uint64_t position() const { return applied_.position; }
  // Position of the last committed event.
  uint64_t committed_position() const { return committed_.position; }
  size_t pending_events() const { return pending_events_; }
  // Records kept decoded now (clients, cases, orders, subscribers, meters). After a Flush() it is
  // at most options.cache_records; between flushes it grows by the records the events touch.
  size_t cached_records() const {
    return clients_.size() + cases_.size() + orders_.size() + subscribers_.size() + meters_.size() +
           tokens_.size() + users_.size();
  }

  // Applies the event with these stored bytes, which must be at position() + 1 (kInternal
  // "projection_out_of_order" otherwise). Nothing is written until Flush(). A correctionRecorded
  // needs the store its stream is folded again from: applied outside CatchUp it is kInternal.
  [[nodiscard]] Status Apply(std::string_view stored_bytes);

  // Commits everything applied since the last flush, with the checkpoint, in one WriteBatch.
  [[nodiscard]] Status Flush();

  // Applies the store's events from position() + 1 up to `to` (0: the head), committing every
  // options.flush_events events and at the end. Returns the position reached. `progress`, if
  // set, is called on this thread after each commit with the position committed.
  [[nodiscard]] Result<uint64_t> CatchUp(const EventStore& store, uint64_t to = 0,
                                         const std::function<void(uint64_t)>& progress = {});

  // Ends a bulk build: commits what is pending (as SST files), then commits with WriteBatches as
  // usual, with `options` from now on.
  [[nodiscard]] Status EndBulk(ProjectorOptions options);

  // Forgets everything applied since the last flush, as a crash would (tests, and after a
  // failed flush).
  void Discard();

  ViewDb& db() { return db_; }

 private:
  template <class T>
  struct Slot {
    T record;
    bool dirty = false;
  };
  // The decoded records of one kind, and which of them changed since the last flush (so a
  // flush costs what changed, not what is cached).
  template <class T>
  struct Table {
    using Entry = typename StringTable<Slot<T>>::Entry;
    StringTable<Slot<T>> slots;
    std::vector<Entry*> dirty;  // entries of `slots`, each once: stable until clear()
    size_t size() const { return slots.size(); }
    void clear() {
      slots.clear();
      dirty.clear();
    }
  };

  Projector(ViewDb& db, ProjectorOptions options, Checkpoint checkpoint);
  // Drops every decoded record; each is read back from the database when next touched, so
  // changes not yet committed are lost with it (after a commit, or to discard them).
  void ForgetRecords();
  template <class T>
  Result<typename Table<T>::Entry*> Load(Table<T>& table, std::string_view stream_id);
  template <class T>
  Status ApplyTo(Table<T>& table, const EventInfo& info, schema::Event::Reader event, T** out);
  Status Route(const EventInfo& info, schema::Event::Reader event);
  void IndexOrder(const OrderRecord& order, const EventInfo& info, schema::Event::Reader event);
  Status AddToFolder(const EventInfo& info, schema::Event::Reader event, std::string_view client_ci,
                     std::string_view document, std::string_view subscriber);
  Status BumpSequence(const domain::OrderState& order);
  // Flush() in its two ways, without the bookkeeping after a commit: one WriteBatch with the
  // checkpoint (projector.cc), or SST files ingested at once (projector_bulk.cc).
  // Hands every record and sequence changed since the last commit to `put` (key, value) and
  // clears their marks; the commit paths put them into a WriteBatch or a sorted run.
  void TakeDirty(const std::function<void(std::string_view, std::string_view)>& put);
  Status CommitBatch();
  Status CommitSst();
  Status WriteFolderSst(const std::string& path, bool& written);
  Status WriteIndexSst(const std::string& path, bool& written);
  Status WriteRecordSst(const std::string& path, bool& written);
  void Put(std::string_view key, std::string_view value);
  void Delete(std::string_view key);
  // Puts prefix ‖ bucket ‖ '/' ‖ id with an empty value (a report index key).
  void PutIndex(std::string_view prefix, std::string_view bucket, std::string_view id);
  // Records whether `order` is in the backlog index (keys::kOpen) as of the next commit.
  void SetOpen(const std::string& order, bool open);

  ViewDb& db_;
  ProjectorOptions options_;
  Checkpoint committed_;
  Checkpoint applied_;
  size_t pending_events_ = 0;
  rocksdb::WriteBatch batch_;
  SortedRun bulk_index_;  // bulk: the index keys put and deleted since the last flush, in place of batch_
  std::string key_;       // scratch for building index keys
  Table<ClientRecord> clients_;
  Table<CaseRecord> cases_;
  Table<OrderRecord> orders_;
  Table<SubscriberRecord> subscribers_;
  Table<MeterRecord> meters_;
  Table<TokenRecord> tokens_;  // the tokens view: in no folder and no index
  Table<UserRecord> users_;    // the users view: in no folder and no index
  struct Segment {
    uint64_t first_position = 0;
    std::string bytes;
  };
  StringTable<Segment> folders_;  // by client, since the last flush
  // The store being caught up with (CatchUp sets it): a correction folds its stream again from it.
  const EventStore* store_ = nullptr;
  bool db_was_empty_ = false;  // nothing committed and nothing evicted: a cache miss is a new record
  std::unordered_map<std::string, bool> open_changes_;  // not bulk: order -> in the backlog index or not
  kj::Array<capnp::word> aligned_;                      // word-aligned copy of the event being applied
  std::unordered_map<std::string, std::pair<uint64_t, uint64_t>> sequences_;  // count, max
  std::unordered_map<std::string, bool> dirty_sequences_;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_PROJECTOR_H_
