// Recomputing the hash chain.
#include <capnp/message.h>
#include <rocksdb/iterator.h>

#include <cstring>

#include "core/store/keys.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::GetBE64;
using store_keys::PositionKey;

namespace {

bool SameHash(capnp::Data::Reader data, const Hash32& h) {
  return data.size() == 32 && std::memcmp(data.begin(), h.data(), 32) == 0;
}

// Checks one stored event at `expected_position` chained after `prev`; on success sets *hash.
// Returns an empty string when it verifies, else what is wrong.
std::string CheckEvent(uint64_t expected_position, std::string_view bytes, const Hash32& prev,
                       Hash32* hash) {
  auto decoded = StoredEvent::Decode(bytes);
  if (!decoded) return decoded.error().message;
  schema::Envelope::Reader env = decoded->envelope();
  if (env.getPosition() != expected_position) {
    return "event records position " + std::to_string(env.getPosition());
  }
  if (!SameHash(env.getPrevHash(), prev)) return "previous hash does not match the chain";
  auto stored = env.getHash();
  if (stored.size() != 32) return "hash field is not 32 bytes";
  std::string_view canonical = decoded->bytes();
  const size_t offset =
      static_cast<size_t>(stored.begin() - reinterpret_cast<const uint8_t*>(canonical.data()));
  Hash32 computed = ChainHash(prev, canonical, offset);
  if (!SameHash(stored, computed)) return "hash does not match the event's bytes";
  {
    // Canonical form is part of what is hashed: a non-canonical encoding is tampering.
    kj::ArrayPtr<const capnp::word> seg(reinterpret_cast<const capnp::word*>(canonical.data()),
                                        canonical.size() / sizeof(capnp::word));
    capnp::SegmentArrayMessageReader reader(kj::arrayPtr(&seg, 1));
    if (!reader.isCanonical()) return "stored bytes are not canonical";
  }
  *hash = computed;
  return "";
}

}  // namespace

Result<VerifyReport> EventStore::Verify(uint64_t from, uint64_t to,
                                        const std::function<void(uint64_t)>& progress) const {
  VerifyReport report;
  const rocksdb::Snapshot* snapshot = impl_->db->GetSnapshot();
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot;
  ro.readahead_size = 4 << 20;
  struct Release {
    rocksdb::DB* db;
    const rocksdb::Snapshot* s;
    ~Release() { db->ReleaseSnapshot(s); }
  } release{impl_->db.get(), snapshot};

  // The head as of the snapshot.
  std::string head_value;
  Head head;
  rocksdb::Status s = impl_->db->Get(ro, impl_->meta, store_keys::kHeadKey, &head_value);
  if (s.ok() && head_value.size() == 40) {
    head.position = GetBE64(head_value);
    std::memcpy(head.hash.data(), head_value.data() + 8, 32);
  } else if (!s.ok() && !s.IsNotFound()) {
    return Fail(FromRocks(s, "read head"));
  }
  if (from == 0) from = 1;
  if (to == 0 || to > head.position) to = head.position;
  auto fail = [&](uint64_t position, std::string problem) {
    report.ok = false;
    report.first_bad_position = position;
    report.problem = std::move(problem);
    return report;
  };
  if (from > to) return report;

  Hash32 prev{};
  if (from > 1) {
    std::string before;
    s = impl_->db->Get(ro, impl_->events, PositionKey(from - 1), &before);
    if (!s.ok()) return fail(from - 1, "event is missing");
    auto e = StoredEvent::Decode(before);
    if (!e || e->envelope().getHash().size() != 32) return fail(from - 1, "event does not decode");
    std::memcpy(prev.data(), e->envelope().getHash().begin(), 32);
  }

  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->events));
  uint64_t expected = from;
  for (it->Seek(PositionKey(from)); it->Valid() && expected <= to; it->Next(), ++expected) {
    uint64_t key = it->key().size() == 8 ? GetBE64(it->key().ToStringView()) : 0;
    if (key != expected) return fail(expected, "event is missing (next stored is " +
                                                   std::to_string(key) + ")");
    Hash32 hash;
    std::string problem = CheckEvent(expected, it->value().ToStringView(), prev, &hash);
    if (!problem.empty()) return fail(expected, std::move(problem));
    prev = hash;
    ++report.checked;
    if (progress && (report.checked & 0xffff) == 0) progress(expected);
  }
  if (!it->status().ok()) return Fail(FromRocks(it->status(), "verify"));
  if (expected <= to) return fail(expected, "event is missing");
  if (to == head.position && prev != head.hash) {
    return fail(to, "head record does not match the last event's hash");
  }
  if (progress) progress(to);
  return report;
}

}  // namespace bitacora
