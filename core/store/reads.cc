// Reading streams and the global log.
#include <rocksdb/iterator.h>

#include <limits>

#include "core/store/keys.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::GetBE64;
using store_keys::PositionKey;

namespace {

Result<StoredEvent> ReadEventAt(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events,
                                const rocksdb::ReadOptions& ro, uint64_t position) {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db->Get(ro, events, PositionKey(position), &value);
  if (s.IsNotFound()) {
    return Fail(ErrorKind::kCorruption, "missing_event",
                "event at position " + std::to_string(position) + " is indexed but missing");
  }
  if (!s.ok()) return Fail(FromRocks(s, "read event"));
  return StoredEvent::Decode(std::string_view(value.data(), value.size()));
}

}  // namespace

Result<std::vector<StoredEvent>> EventStore::ReadStream(const std::string& stream_id,
                                                        uint64_t from, Direction direction,
                                                        size_t limit) const {
  std::vector<StoredEvent> out;
  ScopedSnapshot snap(impl_->db.get());
  const rocksdb::ReadOptions& ro = snap.ro;
  std::string prefix = stream_id + '\0';
  std::vector<uint64_t> positions;
  {
    std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->streams));
    if (direction == Direction::kForward) {
      for (it->Seek(store_keys::StreamKey(stream_id, from)); it->Valid() && positions.size() < limit;
           it->Next()) {
        if (!it->key().starts_with(prefix)) break;
        positions.push_back(GetBE64(it->value().ToStringView()));
      }
    } else {
      for (it->SeekForPrev(store_keys::StreamKey(stream_id, from));
           it->Valid() && positions.size() < limit; it->Prev()) {
        if (!it->key().starts_with(prefix)) break;
        positions.push_back(GetBE64(it->value().ToStringView()));
      }
    }
    if (!it->status().ok()) {
      return Fail(FromRocks(it->status(), "read stream " + stream_id));
    }
  }
  out.reserve(positions.size());
  for (uint64_t p : positions) {
    auto e = ReadEventAt(impl_->db.get(), impl_->events, ro, p);
    if (!e) return Fail(e.error());
    out.push_back(std::move(*e));
  }
  return out;
}

Status EventStore::ScanLog(uint64_t from, uint64_t to,
                           const std::function<bool(uint64_t, std::string_view)>& fn) const {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // scans (followers, rebuilds) read each block once
  std::string upper = PositionKey(to == std::numeric_limits<uint64_t>::max() ? to : to + 1);
  rocksdb::Slice upper_slice(upper);
  if (to != std::numeric_limits<uint64_t>::max()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->events));
  for (it->Seek(PositionKey(from)); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      return Fail(ErrorKind::kCorruption, "bad_event_key", "event key is not 8 bytes");
    }
    if (!fn(GetBE64(it->key().ToStringView()), it->value().ToStringView())) break;
  }
  if (!it->status().ok()) return Fail(FromRocks(it->status(), "scan log"));
  return Ok();
}

Result<std::vector<StoredEvent>> EventStore::ReadLog(uint64_t from, size_t limit) const {
  std::vector<StoredEvent> out;
  if (limit == 0) return out;
  std::optional<Error> error;
  Status st = ScanLog(from, std::numeric_limits<uint64_t>::max(),
                      [&](uint64_t, std::string_view bytes) {
                        auto e = StoredEvent::Decode(bytes);
                        if (!e) {
                          error = e.error();
                          return false;
                        }
                        out.push_back(std::move(*e));
                        return out.size() < limit;
                      });
  if (!st) return Fail(st.error());
  if (error) return Fail(*error);
  return out;
}

}  // namespace bitacora
