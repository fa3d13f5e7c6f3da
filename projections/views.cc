#include "projections/views.h"

#include <set>

#include "core/domain/ids.h"
#include "projections/codec.h"

namespace bitacora::projections {

ViewReader::ViewReader(std::shared_ptr<const ViewDb> db, bool fill_cache)
    : db_(std::move(db)), snapshot_(*db_), fill_cache_(fill_cache) {}

Result<Checkpoint> ViewReader::checkpoint() const { return db_->ReadCheckpoint(snapshot_.get()); }

template <class T>
Result<T> ViewReader::Record(std::string_view stream_id, Code not_found) const {
  std::string key(keys::kRecord);
  key.append(stream_id);
  auto value = db_->Get(key, snapshot_.get(), fill_cache_);
  if (!value) return Fail(value.error());
  if (!value->has_value()) {
    return Fail(not_found, std::string("No existe: ") + std::string(stream_id));
  }
  T record;
  if (Status s = Decode(**value, record); !s) return Fail(s.error());
  return record;
}

Result<ClientRecord> ViewReader::Client(std::string_view ci) const {
  return Record<ClientRecord>(domain::ClientStream(ci), Code::kClientNotFound);
}
Result<CaseRecord> ViewReader::Case(std::string_view id) const {
  return Record<CaseRecord>(domain::CaseStream(id), Code::kCaseNotFound);
}
Result<OrderRecord> ViewReader::Order(std::string_view n) const {
  return Record<OrderRecord>(domain::OrderStream(n), Code::kOrderNotFound);
}
Result<SubscriberRecord> ViewReader::Subscriber(std::string_view n) const {
  return Record<SubscriberRecord>(domain::SubscriberStream(n), Code::kSubscriberNotFound);
}
Result<MeterRecord> ViewReader::Meter(std::string_view s) const {
  return Record<MeterRecord>(domain::MeterStream(s), Code::kMeterNotFound);
}

Result<std::vector<FolderEntry>> ViewReader::Folder(std::string_view ci, AsOf as_of) const {
  std::string prefix(keys::kFolder);
  prefix.append(ci);
  prefix.push_back('\0');
  std::vector<FolderEntry> entries;
  Status decoded = Ok();
  bool past = false;
  Status scanned = db_->Scan(prefix, [&](std::string_view, std::string_view segment) {
    decoded = ForEachInSegment(segment, [&](FolderEntry&& e) {
      past = !as_of.Includes(e.position, e.recorded_at_ns);  // segments and entries in position order
      if (!past) entries.push_back(std::move(e));
      return !past;
    });
    return decoded.has_value() && !past;
  }, snapshot_.get());
  if (!scanned) return Fail(scanned.error());
  if (!decoded) return Fail(decoded.error());
  if (entries.empty()) {
    return Fail(Code::kClientNotFound, "No hay carpeta del cliente " + std::string(ci));
  }
  return entries;
}

Result<std::vector<FolderEntry>> ViewReader::SubscriberFolder(std::string_view number, AsOf as_of) const {
  auto sub = Subscriber(number);
  if (!sub) return Fail(sub.error());
  auto folder = Folder(sub->state.client_ci, as_of);
  if (!folder) return Fail(folder.error());
  std::set<std::string> cases;
  for (const FolderEntry& e : *folder) {
    if (e.subscriber_number == number && !e.case_id.empty()) cases.insert(e.case_id);
  }
  std::vector<FolderEntry> entries;
  for (FolderEntry& e : *folder) {
    if (e.subscriber_number == number || (!e.case_id.empty() && cases.contains(e.case_id))) {
      entries.push_back(std::move(e));
    }
  }
  if (entries.empty()) {
    return Fail(Code::kSubscriberNotFound, "No hay carpeta del abonado " + std::string(number));
  }
  return entries;
}

Result<std::vector<std::string>> ViewReader::Index(std::string_view index, std::string_view bucket) const {
  std::string prefix(index);
  prefix.append(bucket);
  std::vector<std::string> ids;
  Status scanned = db_->Scan(prefix, [&](std::string_view key, std::string_view) {
    const size_t slash = key.rfind('/');
    ids.emplace_back(key.substr(slash + 1));
    return true;
  }, snapshot_.get());
  if (!scanned) return Fail(scanned.error());
  return ids;
}

Result<std::vector<std::string>> ViewReader::ClientSubscribers(std::string_view ci) const {
  return Index(keys::kClientSubscriber, std::string(ci) + "/");
}

Result<std::vector<std::string>> ViewReader::ClientCases(std::string_view ci) const {
  return Index(keys::kClientCase, std::string(ci) + "/");
}

Result<std::pair<uint64_t, uint64_t>> ViewReader::Sequence(std::string_view type_code, int year) const {
  std::string key(keys::kSequence);
  key.append(type_code);
  key.append("-" + std::to_string(year));
  auto value = db_->Get(key, snapshot_.get(), fill_cache_);
  if (!value) return Fail(value.error());
  if (!value->has_value() || (*value)->size() != 16) return std::pair<uint64_t, uint64_t>{0, 0};
  return std::pair<uint64_t, uint64_t>{GetBE64(**value), GetBE64(std::string_view(**value).substr(8))};
}

Result<std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>>> ViewReader::Sequences() const {
  std::vector<std::pair<std::string, std::pair<uint64_t, uint64_t>>> out;
  Status scanned = db_->Scan(keys::kSequence, [&](std::string_view key, std::string_view value) {
    if (value.size() == 16) {
      out.push_back({std::string(key.substr(keys::kSequence.size())),
                     {GetBE64(value), GetBE64(value.substr(8))}});
    }
    return true;
  }, snapshot_.get());
  if (!scanned) return Fail(scanned.error());
  return out;
}

}  // namespace bitacora::projections
