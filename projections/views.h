// The query API over the views: one entity's record, a client's or subscriber's folder, and the
// report indexes, all read from one consistent RocksDB snapshot that also gives the checkpoint
// (the log position and hash the answers are as of).
#ifndef BITACORA_PROJECTIONS_VIEWS_H_
#define BITACORA_PROJECTIONS_VIEWS_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "projections/records.h"
#include "projections/view_db.h"

namespace bitacora::projections {

// A point in the past: events at or before `position` AND recorded at or before `recorded_ns`.
// The default is "now" (everything).
struct AsOf {
  uint64_t position = std::numeric_limits<uint64_t>::max();
  int64_t recorded_ns = std::numeric_limits<int64_t>::max();

  static AsOf Position(uint64_t p) { return AsOf{p, std::numeric_limits<int64_t>::max()}; }
  static AsOf Time(int64_t ns) { return AsOf{std::numeric_limits<uint64_t>::max(), ns}; }
  bool Includes(uint64_t pos, int64_t recorded) const { return pos <= position && recorded <= recorded_ns; }
};

// Reads one snapshot of a view database. Holds the database alive; cheap to create (one RocksDB
// snapshot). Thread-compatible: use one reader per thread, or share it read-only.
class ViewReader {
 public:
  // `fill_cache` false: the records read are not kept in the block cache (ViewDb::Get); for a
  // report that reads every order of a day.
  explicit ViewReader(std::shared_ptr<const ViewDb> db, bool fill_cache = true);

  // The position and hash of the last event reflected in this snapshot.
  [[nodiscard]] Result<Checkpoint> checkpoint() const;

  // One entity's current record. kNotFound ("client_not_found", "case_not_found", ...) when the
  // view has no event of it. `ci` is the identity as keyed (number[-complement]).
  [[nodiscard]] Result<ClientRecord> Client(std::string_view ci) const;
  [[nodiscard]] Result<CaseRecord> Case(std::string_view case_id) const;
  [[nodiscard]] Result<OrderRecord> Order(std::string_view order_number) const;
  [[nodiscard]] Result<SubscriberRecord> Subscriber(std::string_view number) const;
  [[nodiscard]] Result<MeterRecord> Meter(std::string_view serial) const;

  // The client's folder (carpeta): every event of the client, its cases, their orders, its
  // subscribers and meters, in log order, limited to `as_of`. kNotFound "client_not_found" when
  // the client has no entry at all (as of then).
  [[nodiscard]] Result<std::vector<FolderEntry>> Folder(std::string_view ci, AsOf as_of = {}) const;
  // A subscriber's folder: the entries of its client's folder that concern the subscriber or a
  // case run for it (including the case's steps before the subscriber number existed).
  [[nodiscard]] Result<std::vector<FolderEntry>> SubscriberFolder(std::string_view number, AsOf as_of = {}) const;

  // The client's subscribers and cases, in key order.
  [[nodiscard]] Result<std::vector<std::string>> ClientSubscribers(std::string_view ci) const;
  [[nodiscard]] Result<std::vector<std::string>> ClientCases(std::string_view ci) const;

  // The ids under one report index bucket (keys::kReturned + "2026-11-18", ...), in key order.
  // `bucket` may be a prefix of buckets (a month "2026-11" over daily buckets).
  [[nodiscard]] Result<std::vector<std::string>> Index(std::string_view index, std::string_view bucket) const;

  // The tokens view: every API token issued, in the order issued (tokens_view.cc).
  [[nodiscard]] Result<std::vector<TokenRecord>> Tokens() const;
  // The users view: every user created, by username (users_view.cc).
  [[nodiscard]] Result<std::vector<UserRecord>> Users() const;

  // Orders issued of a type and year: how many, and the highest sequence.
  [[nodiscard]] Result<std::pair<uint64_t, uint64_t>> Sequence(std::string_view type_code, int year) const;
  // Every (TYPE-YYYY, count, max) kept.
  [[nodiscard]] Result<std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>>> Sequences() const;

 private:
  template <class T>
  Result<T> Record(std::string_view stream_id, Code not_found) const;

  std::shared_ptr<const ViewDb> db_;
  ViewSnapshot snapshot_;
  bool fill_cache_ = true;
};

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_VIEWS_H_
