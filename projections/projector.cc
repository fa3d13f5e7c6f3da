// The projector: routes each event to its record by stream, then to the folder of the client it
// concerns and to the report indexes; commits records, entries and checkpoint in one batch.
#include "projections/projector.h"

#include "core/domain/ids.h"
#include "core/store/stored_event.h"
#include "projections/codec.h"

namespace bitacora::projections {

using E = schema::Event;

namespace {

std::string RecordKey(std::string_view stream_id) {
  std::string key(keys::kRecord);
  key.append(stream_id);
  return key;
}

std::string IndexKey(std::string_view prefix, std::string_view bucket, std::string_view id) {
  std::string key(prefix);
  key.append(bucket);
  key.push_back('/');
  key.append(id);
  return key;
}

std::string LocalDay(int64_t ns) { return domain::FormatDate(domain::ToLocalDate(ns)); }
std::string LocalMonth(int64_t ns) { return domain::FormatMonth(domain::ToLocalDate(ns)); }

}  // namespace

Result<std::unique_ptr<Projector>> Projector::Create(ViewDb& db, ProjectorOptions options) {
  auto cp = db.ReadCheckpoint();
  if (!cp) return Fail(cp.error());
  return std::unique_ptr<Projector>(new Projector(db, options, *cp));
}

Projector::Projector(ViewDb& db, ProjectorOptions options, Checkpoint checkpoint)
    : db_(db), options_(options), committed_(checkpoint), applied_(checkpoint),
      db_was_empty_(checkpoint.position == 0) {}

void Projector::Put(std::string_view key, std::string_view value) {
  (void)batch_.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
}

void Projector::Delete(std::string_view key) { (void)batch_.Delete(rocksdb::Slice(key.data(), key.size())); }

template <class T>
Result<T*> Projector::Load(Table<T>& table, const std::string& stream_id) {
  auto it = table.find(stream_id);
  if (it != table.end()) return &it->second.record;
  Slot<T> slot;
  if (!db_was_empty_) {
    auto stored = db_.Get(RecordKey(stream_id));
    if (!stored) return Fail(stored.error());
    if (stored->has_value()) {
      if (Status s = Decode(**stored, slot.record); !s) return Fail(s.error());
    }
  }
  return &table.emplace(stream_id, std::move(slot)).first->second.record;
}

template <class T>
Status Projector::ApplyTo(Table<T>& table, const EventInfo& info, E::Reader event, T** out) {
  auto record = Load(table, info.stream_id);
  if (!record) return Fail(record.error());
  projections::Apply(**record, info, event);
  table[info.stream_id].dirty = true;
  *out = *record;
  return Ok();
}

Status Projector::Apply(std::string_view stored_bytes) {
  auto event = StoredEvent::Decode(stored_bytes);
  if (!event) return Fail(event.error());
  auto env = event->envelope();
  if (env.getPosition() != applied_.position + 1) {
    return Fail(ErrorKind::kInternal, "projection_out_of_order",
                "projection at " + std::to_string(applied_.position) + " was given position " +
                    std::to_string(env.getPosition()));
  }
  const EventInfo info = InfoOf(env);
  if (Status s = Route(info, env.getPayload()); !s) return s;
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
    return AddToFolder(info, e, std::string(stream.substr(7)), info.case_id, "");
  }
  if (stream.starts_with("case-")) {
    CaseRecord* r = nullptr;
    if (Status s = ApplyTo(cases_, info, e, &r); !s) return s;
    if (e.which() == E::CASE_OPENED) {
      Put(IndexKey(keys::kClientCase, r->state.client_ci, r->state.id), "");
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
      Put(IndexKey(keys::kClientSubscriber, r->state.client_ci, r->state.number), "");
    }
    return AddToFolder(info, e, r->state.client_ci, r->state.number, r->state.number);
  }
  if (stream.starts_with("meter-")) {
    MeterRecord* r = nullptr;
    if (Status s = ApplyTo(meters_, info, e, &r); !s) return s;
    return AddToFolder(info, e, r->state.client_ci, r->state.serial, r->state.installed_at);
  }
  return Ok();  // reference data and anything else: in no view
}

void Projector::IndexOrder(const OrderRecord& r, const EventInfo& info, E::Reader e) {
  const std::string& number = r.state.number;
  const std::string open_key = std::string(keys::kOpen) + number;
  switch (e.which()) {
    case E::ORDER_ISSUED:
      Put(IndexKey(keys::kIssued, LocalMonth(info.recorded_at_ns), number), "");
      if (IsReturnable(r.state.type)) Put(open_key, "");
      break;
    case E::ORDER_RETURNED:
      Put(IndexKey(keys::kReturned, LocalDay(info.recorded_at_ns), number), "");
      Delete(open_key);
      break;
    case E::ORDER_ANNULLED:
    case E::RECONNECTION_INSPECTION_PROCESSED:  // processed at the desk, never returned
    case E::REQUIREMENTS_ORDER_PROCESSED:       // an 8.2 ORT has no visit
      Delete(open_key);
      break;
    case E::ORDER_REGISTERED_IN_DAILY_CONTROL:
      Put(IndexKey(keys::kControl, r.state.control_date, number), "");
      break;
    case E::ORDER_SENT_TO_ODECO:
      Put(IndexKey(keys::kToOdeco, LocalDay(info.recorded_at_ns), number), "");
      break;
    case E::ORDER_PROCESSED_BY_ODECO:
      Put(IndexKey(keys::kOdecoDone, r.state.odeco_processed_date, number), "");
      break;
    case E::ORDER_SENT_TO_CPD:
      Put(IndexKey(keys::kCpdBatch, r.state.cpd_month, number), "");
      break;
    default:
      break;
  }
}

Status Projector::BumpSequence(const domain::OrderState& order) {
  const std::string name = std::string(domain::OrderTypeCode(order.type)) + "-" + std::to_string(order.year);
  auto it = sequences_.find(name);
  if (it == sequences_.end()) {
    std::pair<uint64_t, uint64_t> value{0, 0};
    if (!db_was_empty_) {
      auto stored = db_.Get(std::string(keys::kSequence) + name);
      if (!stored) return Fail(stored.error());
      if (stored->has_value() && (*stored)->size() == 16) {
        value = {GetBE64(**stored), GetBE64(std::string_view(**stored).substr(8))};
      }
    }
    it = sequences_.emplace(name, value).first;
  }
  ++it->second.first;
  it->second.second = std::max(it->second.second, order.sequence);
  dirty_sequences_[name] = true;
  return Ok();
}

Status Projector::AddToFolder(const EventInfo& info, E::Reader e, const std::string& client_ci,
                              std::string document, std::string subscriber) {
  if (client_ci.empty()) return Ok();
  FolderEntry entry;
  entry.position = info.position;
  entry.stream_id = info.stream_id;
  entry.event_type = static_cast<uint16_t>(e.which());
  entry.document = std::move(document);
  entry.case_id = info.case_id;
  entry.subscriber_number = std::move(subscriber);
  entry.actor_id = info.actor_id;
  entry.role = info.role;
  entry.recorded_at_ns = info.recorded_at_ns;
  entry.occurred_at_ns = info.occurred_at_ns;
  entry.hash = info.hash;
  Segment& segment = folders_[client_ci];
  if (segment.bytes.empty()) segment.first_position = info.position;
  AppendToSegment(entry, segment.bytes);
  return Ok();
}

Status Projector::Flush() {
  if (pending_events_ == 0 && applied_.position == committed_.position) return Ok();
  std::string value;
  auto write_dirty = [&](auto& table) {
    for (auto& [stream, slot] : table) {
      if (!slot.dirty) continue;
      value.clear();
      Encode(slot.record, value);
      Put(RecordKey(stream), value);
      slot.dirty = false;
    }
  };
  write_dirty(clients_);
  write_dirty(cases_);
  write_dirty(orders_);
  write_dirty(subscribers_);
  write_dirty(meters_);
  for (const auto& [name, unused] : dirty_sequences_) {
    value.clear();
    PutBE64(value, sequences_[name].first);
    PutBE64(value, sequences_[name].second);
    Put(std::string(keys::kSequence) + name, value);
  }
  dirty_sequences_.clear();
  for (auto& [ci, segment] : folders_) {
    std::string key(keys::kFolder);
    key.append(ci);
    key.push_back('\0');
    PutBE64(key, segment.first_position);
    Put(key, segment.bytes);
  }
  folders_.clear();
  std::string format;
  PutBE64(format, kFormatVersion);
  Put(keys::kFormat, format);
  if (Status s = db_.Commit(batch_, applied_, !options_.bulk); !s) {
    Discard();
    return s;
  }
  batch_.Clear();
  committed_ = applied_;
  pending_events_ = 0;
  const size_t cached = clients_.size() + cases_.size() + orders_.size() + subscribers_.size() + meters_.size();
  if (cached > options_.cache_records) {
    db_was_empty_ = false;
    clients_.clear();
    cases_.clear();
    orders_.clear();
    subscribers_.clear();
    meters_.clear();
    sequences_.clear();
  }
  return Ok();
}

Status Projector::EndBulk(ProjectorOptions options) {
  if (Status s = Flush(); !s) return s;
  if (options_.bulk) {
    if (Status s = db_.FlushMemTables(); !s) return s;
  }
  options_ = options;
  options_.bulk = false;
  return Ok();
}

void Projector::Discard() {
  folders_.clear();
  db_was_empty_ = false;
  batch_.Clear();
  clients_.clear();
  cases_.clear();
  orders_.clear();
  subscribers_.clear();
  meters_.clear();
  sequences_.clear();
  dirty_sequences_.clear();
  applied_ = committed_;
  pending_events_ = 0;
}

Result<uint64_t> Projector::CatchUp(const EventStore& store, uint64_t to) {
  if (to == 0) to = store.GetHead().position;
  Status failed = Ok();
  while (applied_.position < to) {
    const uint64_t from = applied_.position + 1;
    const uint64_t until = std::min<uint64_t>(to, applied_.position + options_.flush_events);
    Status scanned = store.ScanLog(from, until, [&](uint64_t, std::string_view bytes) {
      failed = Apply(bytes);
      return failed.has_value();
    });
    if (!scanned) return Fail(scanned.error());
    if (!failed) return Fail(failed.error());
    if (applied_.position < until) {
      return Fail(ErrorKind::kInternal, "projection_log_short",
                  "the log ended at " + std::to_string(applied_.position) + " before " + std::to_string(until));
    }
    if (Status s = Flush(); !s) return Fail(s.error());
  }
  return applied_.position;
}

}  // namespace bitacora::projections
