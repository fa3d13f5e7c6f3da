// The projector: routes each event to its record by stream, then to the folder of the client it
// concerns and to the report indexes; commits records, entries and checkpoint in one batch. (The
// order indexes and numbering: projector_orders.cc.)
#include "projections/projector.h"

#include <capnp/serialize.h>
#include <kj/exception.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "core/domain/ids.h"
#include "projections/codec.h"
#include "projections/folder_detail.h"
#include "projections/history.h"

namespace bitacora::projections {

using E = schema::Event;

namespace {

std::string RecordKey(std::string_view stream_id) {
  std::string key(keys::kRecord);
  key.append(stream_id);
  return key;
}

}  // namespace

Result<std::unique_ptr<Projector>> Projector::Create(ViewDb& db, ProjectorOptions options) {
  auto cp = db.ReadCheckpoint();
  if (!cp) return Fail(cp.error());
  return std::unique_ptr<Projector>(new Projector(db, options, *cp));
}

Projector::Projector(ViewDb& db, ProjectorOptions options, Checkpoint checkpoint)
    : db_(db),
      options_(options),
      committed_(checkpoint),
      applied_(checkpoint),
      db_was_empty_(checkpoint.position == 0) {}

void Projector::Put(std::string_view key, std::string_view value) {
  if (options_.bulk) {
    bulk_index_.Put(key, value);
    return;
  }
  (void)batch_.Put(rocksdb::Slice(key.data(), key.size()),
                   rocksdb::Slice(value.data(), value.size()));
}

void Projector::PutIndex(std::string_view prefix, std::string_view bucket, std::string_view id) {
  key_.assign(prefix);
  key_.append(bucket);
  key_.push_back('/');
  key_.append(id);
  Put(key_, "");
}

void Projector::Delete(std::string_view key) {
  (void)batch_.Delete(rocksdb::Slice(key.data(), key.size()));
}

template <class T>
Result<typename Projector::Table<T>::Entry*> Projector::Load(Table<T>& table,
                                                             std::string_view stream_id) {
  if (auto* found = table.slots.FindEntry(stream_id)) return found;
  Slot<T> slot;
  if (!db_was_empty_) {
    auto stored = db_.Get(RecordKey(stream_id));
    if (!stored) return Fail(stored.error());
    if (stored->has_value()) {
      if (Status s = Decode(**stored, slot.record); !s) return Fail(s.error());
    }
  }
  return &table.slots.InsertEntry(stream_id, std::move(slot));
}

template <class T>
Status Projector::ApplyTo(Table<T>& table, const EventInfo& info, E::Reader event, T** out) {
  auto entry = Load(table, info.stream_id);
  if (!entry) return Fail(entry.error());
  Slot<T>& slot = (*entry)->second;
  projections::Apply(slot.record, info, event);
  if (event.which() == E::CORRECTION_RECORDED) {
    // The corrected event is earlier in this stream: fold it again as corrected.
    if (store_ == nullptr) {
      return Fail(Code::kInternal, "a correction is projected only while catching up with the store");
    }
    if (Status s = Refold(*store_, info.stream_id, info.position, slot.record); !s) return s;
  }
  if (!slot.dirty) {
    slot.dirty = true;
    table.dirty.push_back(*entry);
  }
  *out = &slot.record;
  return Ok();
}

Status Projector::Apply(std::string_view stored_bytes) {
  if (stored_bytes.empty() || stored_bytes.size() % sizeof(capnp::word) != 0) {
    return Fail(Code::kBadEventSize, "stored event is not whole 8-byte words");
  }
  // Read in place when word-aligned (CatchUp's chunks keep whole events back to back in one heap
  // buffer, so they are); RocksDB gives no such guarantee: otherwise copy into a reused
  // word-aligned buffer. Malformed bytes throw inside capnp; turned into kCorruption.
  const size_t words = stored_bytes.size() / sizeof(capnp::word);
  const auto* in_place = reinterpret_cast<const capnp::word*>(stored_bytes.data());
  if (reinterpret_cast<uintptr_t>(in_place) % alignof(capnp::word) != 0) {
    if (aligned_.size() < words) {
      aligned_ = kj::heapArray<capnp::word>(std::max<size_t>(words, 2 * aligned_.size()));
    }
    std::memcpy(aligned_.begin(), stored_bytes.data(), stored_bytes.size());
    in_place = aligned_.begin();
  }
  EventInfo info;
  try {
    // Stored events are canonical: one segment, no segment table.
    kj::ArrayPtr<const capnp::word> segments[1] = {kj::arrayPtr(in_place, words)};
    capnp::SegmentArrayMessageReader reader(kj::arrayPtr(segments, 1));
    auto env = reader.getRoot<schema::Envelope>();
    if (env.getPosition() != applied_.position + 1) {
      return Fail(Code::kProjectionOutOfOrder, "projection at " + std::to_string(applied_.position) + " was given position " +
                      std::to_string(env.getPosition()));
    }
    info = InfoOf(env);
    if (Status s = Route(info, env.getPayload()); !s) return s;
  } catch (const kj::Exception& e) {
    return Fail(Code::kUndecodableEvent, std::string("stored event does not decode: ") + e.getDescription().cStr());
  }
  applied_.position = info.position;
  applied_.hash = info.hash;
  ++pending_events_;
  return Ok();
}

Status Projector::Route(const EventInfo& info, E::Reader e) {
  const std::string_view stream = info.stream_id;
  if (stream.starts_with("client-")) {
    ClientRecord* r = nullptr;
    if (Status s = ApplyTo(clients_, info, e, &r); !s) return s;
    return AddToFolder(info, e, stream.substr(7), info.case_id, "");
  }
  if (stream.starts_with("case-")) {
    CaseRecord* r = nullptr;
    if (Status s = ApplyTo(cases_, info, e, &r); !s) return s;
    if (e.which() == E::CASE_OPENED) {
      PutIndex(keys::kClientCase, r->state.client_ci, r->state.id);
    }
    return AddToFolder(info, e, r->state.client_ci, r->state.id, r->state.subscriber_number);
  }
  if (stream.starts_with("order-")) {
    OrderRecord* r = nullptr;
    if (Status s = ApplyTo(orders_, info, e, &r); !s) return s;
    IndexOrder(*r, info, e);
    if (e.which() == E::ORDER_ISSUED) {
      if (Status s = BumpSequence(r->state); !s) return s;
    }
    return AddToFolder(info, e, r->state.client_ci, r->state.number, r->state.subscriber_number);
  }
  if (stream.starts_with("subscriber-")) {
    SubscriberRecord* r = nullptr;
    if (Status s = ApplyTo(subscribers_, info, e, &r); !s) return s;
    if (e.which() == E::SUBSCRIBER_CREATED) {
      PutIndex(keys::kClientSubscriber, r->state.client_ci, r->state.number);
    }
    return AddToFolder(info, e, r->state.client_ci, r->state.number, r->state.number);
  }
  if (stream.starts_with("meter-")) {
    MeterRecord* r = nullptr;
    if (Status s = ApplyTo(meters_, info, e, &r); !s) return s;
    return AddToFolder(info, e, r->state.client_ci, r->state.serial, r->state.installed_at);
  }
  if (stream.starts_with(domain::kTokenStreamPrefix)) {
    TokenRecord* r = nullptr;
    return ApplyTo(tokens_, info, e, &r);
  }
  if (stream.starts_with(domain::kUserStreamPrefix)) {
    UserRecord* r = nullptr;
    return ApplyTo(users_, info, e, &r);
  }
  return Ok();  // reference data and anything else: in no view
}

Status Projector::AddToFolder(const EventInfo& info, E::Reader e, std::string_view client_ci,
                              std::string_view document, std::string_view subscriber) {
  if (client_ci.empty()) return Ok();
  FolderEntryRef entry;
  entry.position = info.position;
  entry.stream_id = info.stream_id;
  entry.event_type = static_cast<uint16_t>(e.which());
  entry.document = document;
  entry.detail = FolderDetail(e);
  entry.case_id = info.case_id;
  entry.subscriber_number = subscriber;
  entry.actor_id = info.actor_id;
  entry.credential = info.credential;
  entry.role = info.role;
  entry.recorded_at_ns = info.recorded_at_ns;
  entry.occurred_at_ns = info.occurred_at_ns;
  entry.hash = info.hash;
  NoteCorrection(e, entry);
  Segment* segment = folders_.Find(client_ci);
  if (segment == nullptr) segment = &folders_.Insert(client_ci, Segment{info.position, {}});
  AppendToSegment(entry, segment->bytes);
  return Ok();
}

Status Projector::Flush() {
  if (pending_events_ == 0 && applied_.position == committed_.position) return Ok();
  if (Status s = options_.bulk ? CommitSst() : CommitBatch(); !s) {
    Discard();
    return s;
  }
  committed_ = applied_;
  pending_events_ = 0;
  if (cached_records() > options_.cache_records) ForgetRecords();
  return Ok();
}

void Projector::TakeDirty(const std::function<void(std::string_view, std::string_view)>& put) {
  std::string key;  // reused: a rebuild's commit takes hundreds of thousands of records
  std::string value;
  auto take = [&](auto& table) {
    for (auto* entry : table.dirty) {
      key.assign(keys::kRecord);
      key.append(entry->first);
      value.clear();
      Encode(entry->second.record, value);
      put(key, value);
      entry->second.dirty = false;
    }
    table.dirty.clear();
  };
  take(clients_);
  take(cases_);
  take(orders_);
  take(subscribers_);
  take(meters_);
  take(tokens_);
  take(users_);
  for (const auto& [name, unused] : dirty_sequences_) {
    value.clear();
    PutBE64(value, sequences_[name].first);
    PutBE64(value, sequences_[name].second);
    put(std::string(keys::kSequence) + name, value);
  }
  dirty_sequences_.clear();
}

Status Projector::CommitBatch() {
  TakeDirty([this](std::string_view key, std::string_view value) { Put(key, value); });
  for (auto& [ci, segment] : folders_) {
    Put(FolderSegmentKey(ci, segment.first_position), segment.bytes);
  }
  folders_.clear();
  for (const auto& [number, open] : open_changes_) {
    const std::string key = std::string(keys::kOpen) + number;
    if (open) {
      Put(key, "");
    } else {
      Delete(key);
    }
  }
  open_changes_.clear();
  std::string format;
  PutBE64(format, kFormatVersion);
  Put(keys::kFormat, format);
  if (Status s = db_.Commit(batch_, applied_); !s) return s;
  batch_.Clear();
  return Ok();
}

Status Projector::EndBulk(ProjectorOptions options) {
  if (Status s = Flush(); !s) return s;
  options_ = options;
  options_.bulk = false;
  return Ok();
}

void Projector::ForgetRecords() {
  db_was_empty_ = false;  // what is forgotten is read back from the database
  clients_.clear();
  cases_.clear();
  orders_.clear();
  subscribers_.clear();
  meters_.clear();
  tokens_.clear();
  users_.clear();
  sequences_.clear();
}

void Projector::Discard() {
  folders_.clear();
  open_changes_.clear();
  batch_.Clear();
  bulk_index_.Clear();
  ForgetRecords();
  dirty_sequences_.clear();
  applied_ = committed_;
  pending_events_ = 0;
}

}  // namespace bitacora::projections
