// Reading streams and the global log.
#include <rocksdb/iterator.h>

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

#include "core/store/keys.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::GetBE64;
using store_keys::PositionKey;

MultiRead ReadKeys(const EventStore::Impl& impl, const rocksdb::ReadOptions& ro,
                   rocksdb::ColumnFamilyHandle* cf, const std::vector<std::string>& keys,
                   bool sorted_input) {
  MultiRead out{std::vector<rocksdb::PinnableSlice>(keys.size()),
                std::vector<rocksdb::Status>(keys.size())};
  if (keys.empty()) return out;
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  impl.db->MultiGet(ro, cf, keys.size(), slices.data(), out.values.data(), out.statuses.data(),
                    sorted_input);
  return out;
}

Result<std::vector<StoredEvent>> EventStore::ReadStream(const std::string& stream_id,
                                                        uint64_t from, Direction direction,
                                                        size_t limit) const {
  // Point reads under one snapshot, no iterator: the stream's head version bounds the range
  // (versions are 1..head without gaps), then one MultiGet for the positions and one for the
  // events. A stream with no events costs one bloom-filtered Get.
  std::vector<StoredEvent> out;
  ScopedSnapshot snap(impl_->db.get());
  const rocksdb::ReadOptions& ro = snap.ro;
  std::string head_value;
  rocksdb::Status s = impl_->db->Get(ro, impl_->stream_heads, stream_id, &head_value);
  if (s.IsNotFound() || limit == 0) return out;
  if (!s.ok()) return Fail(FromRocks(s, "read stream head " + stream_id));
  if (head_value.size() != 8) {
    return Fail(Code::kBadStreamHead, "head of " + stream_id + " is not 8 bytes");
  }
  const uint64_t head = GetBE64(head_value);
  std::vector<uint64_t> versions;
  if (direction == Direction::kForward) {
    for (uint64_t v = std::max<uint64_t>(from, 1); v <= head && versions.size() < limit; ++v) {
      versions.push_back(v);
    }
  } else {
    for (uint64_t v = std::min(from, head); v >= 1 && versions.size() < limit; --v) {
      versions.push_back(v);
    }
  }
  std::vector<std::string> keys;
  keys.reserve(versions.size());
  for (uint64_t v : versions) keys.push_back(store_keys::StreamKey(stream_id, v));
  MultiRead positions = ReadKeys(*impl_, ro, impl_->streams, keys, /*sorted_input=*/false);
  keys.clear();
  for (size_t i = 0; i < versions.size(); ++i) {
    const rocksdb::Status& st = positions.statuses[i];
    if (!st.ok() && !st.IsNotFound()) return Fail(FromRocks(st, "read stream " + stream_id));
    if (st.IsNotFound() || positions.values[i].size() != 8) {
      return Fail(Code::kMissingStreamEntry, "version " + std::to_string(versions[i]) + " of " + stream_id +
                      " is below the stream's head but not indexed");
    }
    keys.push_back(PositionKey(GetBE64(positions.values[i].ToStringView())));
  }
  MultiRead events = ReadKeys(*impl_, ro, impl_->events, keys, /*sorted_input=*/false);
  out.reserve(versions.size());
  for (size_t i = 0; i < versions.size(); ++i) {
    const rocksdb::Status& st = events.statuses[i];
    if (st.IsNotFound()) {
      return Fail(Code::kMissingEvent, "event at position " + std::to_string(GetBE64(positions.values[i].ToStringView())) +
                      " is indexed but missing");
    }
    if (!st.ok()) return Fail(FromRocks(st, "read event"));
    auto e = StoredEvent::Decode(events.values[i].ToStringView());
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
      return Fail(Code::kBadEventKey, "event key is not 8 bytes");
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
