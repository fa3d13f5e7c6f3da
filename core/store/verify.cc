// Recomputing the hash chain. Each event carries its predecessor's hash, so events are checked
// independently (in parallel, a chunk at a time) and the links between them in order after.
#include <capnp/message.h>
#include <rocksdb/iterator.h>

#include <algorithm>
#include <cstring>
#include <thread>

#include "core/store/keys.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::GetBE64;
using store_keys::PositionKey;

namespace {

constexpr size_t kChunk = 16384;

bool SameHash(capnp::Data::Reader data, const Hash32& h) {
  return data.size() == 32 && std::memcmp(data.begin(), h.data(), 32) == 0;
}

// The outcome of checking one event on its own.
struct Checked {
  std::string problem;  // empty when the event is sound
  Hash32 prev{};        // the predecessor hash it records
  Hash32 hash{};        // its own hash, recomputed and matching the stored one
  Hash32 leaf{};        // its Merkle leaf hash
};

// The Merkle root of a growing list of leaves, in O(log n) memory: the hashes of the complete
// subtrees of the RFC 6962 decomposition, largest (left-most) first.
class RootBuilder {
 public:
  void Add(const Hash32& leaf) {
    stack_.push_back({0, leaf});
    while (stack_.size() >= 2 && stack_[stack_.size() - 2].first == stack_.back().first) {
      auto right = stack_.back();
      stack_.pop_back();
      stack_.back() = {right.first + 1, NodeHash(stack_.back().second, right.second)};
    }
  }
  Hash32 Root() const {
    if (stack_.empty()) return EmptyRoot();
    Hash32 acc = stack_.back().second;
    for (size_t i = stack_.size() - 1; i-- > 0;) acc = NodeHash(stack_[i].second, acc);
    return acc;
  }

 private:
  std::vector<std::pair<uint32_t, Hash32>> stack_;
};

// Checks the event stored under `position`: it decodes, records that position, is canonical, and
// its stored hash is SHA-256 over its recorded prevHash and its bytes.
void CheckOne(uint64_t position, std::string_view bytes, Checked* out) {
  auto decoded = StoredEvent::Decode(bytes);
  if (!decoded) {
    out->problem = decoded.error().message;
    return;
  }
  schema::Envelope::Reader env = decoded->envelope();
  if (env.getPosition() != position) {
    out->problem = "event records position " + std::to_string(env.getPosition());
    return;
  }
  auto prev = env.getPrevHash();
  auto stored = env.getHash();
  if (prev.size() != 32 || stored.size() != 32) {
    out->problem = "hash fields are not 32 bytes";
    return;
  }
  std::memcpy(out->prev.data(), prev.begin(), 32);
  std::string_view canonical = decoded->bytes();
  const size_t offset =
      static_cast<size_t>(stored.begin() - reinterpret_cast<const uint8_t*>(canonical.data()));
  out->hash = ChainHash(out->prev, canonical, offset);
  if (!SameHash(stored, out->hash)) {
    out->problem = "hash does not match the event's bytes";
    return;
  }
  out->leaf = LeafHash(canonical);
  // Canonical form is part of what is hashed: a non-canonical encoding is tampering.
  kj::ArrayPtr<const capnp::word> seg(reinterpret_cast<const capnp::word*>(canonical.data()),
                                      canonical.size() / sizeof(capnp::word));
  capnp::SegmentArrayMessageReader reader(kj::arrayPtr(&seg, 1));
  if (!reader.isCanonical()) out->problem = "stored bytes are not canonical";
}

void CheckRange(const std::vector<std::string>& values, uint64_t first, size_t begin, size_t end,
                std::vector<Checked>* out) {
  for (size_t i = begin; i < end; ++i) CheckOne(first + i, values[i], &(*out)[i]);
}

}  // namespace

Result<VerifyReport> EventStore::Verify(uint64_t from, uint64_t to,
                                        const std::function<void(uint64_t)>& progress) const {
  VerifyReport report;
  ScopedSnapshot snap(impl_->db.get());
  rocksdb::ReadOptions& ro = snap.ro;
  ro.readahead_size = 4 << 20;

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

  RootBuilder tree;
  const bool check_tree = from == 1 && impl_->options.merkle;
  const size_t workers = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
  std::unique_ptr<rocksdb::Iterator> it(impl_->db->NewIterator(ro, impl_->events));
  it->Seek(PositionKey(from));
  std::vector<std::string> values;
  std::vector<Checked> checked;
  uint64_t expected = from;
  while (expected <= to) {
    // Read a chunk of consecutive positions; a gap ends the chunk at the missing position.
    const uint64_t first = expected;
    values.clear();
    bool gap = false;
    uint64_t found = 0;
    while (it->Valid() && expected <= to && values.size() < kChunk) {
      found = it->key().size() == 8 ? GetBE64(it->key().ToStringView()) : 0;
      if (found != expected) {
        gap = true;
        break;
      }
      values.emplace_back(it->value().ToStringView());
      it->Next();
      ++expected;
    }
    if (!it->status().ok()) return Fail(FromRocks(it->status(), "verify"));
    checked.assign(values.size(), Checked{});
    std::vector<std::thread> threads;
    const size_t per = (values.size() + workers - 1) / workers;
    for (size_t w = 1; w < workers && w * per < values.size(); ++w) {
      threads.emplace_back(CheckRange, std::cref(values), first, w * per,
                           std::min(values.size(), (w + 1) * per), &checked);
    }
    CheckRange(values, first, 0, std::min(values.size(), per), &checked);
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < checked.size(); ++i) {
      if (!checked[i].problem.empty()) return fail(first + i, std::move(checked[i].problem));
      if (checked[i].prev != prev) return fail(first + i, "previous hash does not match the chain");
      prev = checked[i].hash;
      if (check_tree) tree.Add(checked[i].leaf);
    }
    report.checked += values.size();
    if (progress) progress(expected - 1);
    if (expected <= to && (gap || !it->Valid())) {
      return fail(expected, gap ? "event is missing (next stored is " + std::to_string(found) + ")"
                                : "event is missing");
    }
  }
  if (to == head.position && prev != head.hash) {
    return fail(to, "head record does not match the last event's hash");
  }
  if (check_tree) {
    report.root = tree.Root();
    auto stored = RootAt(to, StoredNodes(impl_->db.get(), impl_->merkle, ro));
    if (!stored) return fail(to, "Merkle tree: " + stored.error().message);
    if (*stored != report.root) {
      return fail(to, "stored Merkle tree root does not match the root of the events");
    }
  }
  return report;
}

}  // namespace bitacora
