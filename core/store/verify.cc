// Recomputing the hash chain. Each event carries its predecessor's hash, so events are checked
// independently (in parallel, a chunk at a time) and the links between them in order after.
#include <capnp/message.h>
#include <kj/exception.h>
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

// A chunk of consecutive stored events, copied into one word-aligned buffer so that each is read
// in place.
struct Chunk {
  // Word-aligned storage for capnp::word, which is neither copyable nor movable: resize() of a
  // std::vector<capnp::word> compiles with GCC 12 but not with clang 16 (the fuzz build).
  std::vector<uint64_t> words;
  struct Span {
    size_t offset;  // in words
    size_t bytes;   // the stored length, which should be a whole number of words
  };
  std::vector<Span> spans;
  uint64_t first = 0;        // position of spans[0]
  bool gap = false;          // reading stopped at a missing position
  uint64_t found = 0;        // the position found instead, when gap
  bool end_of_data = false;  // reading stopped at the end of the column family

  void Clear() {
    words.clear();
    spans.clear();
  }
  void Add(std::string_view bytes) {
    const size_t offset = words.size();
    static_assert(sizeof(uint64_t) == sizeof(capnp::word));
    words.resize(offset + (bytes.size() + sizeof(capnp::word) - 1) / sizeof(capnp::word));
    std::memcpy(words.data() + offset, bytes.data(), bytes.size());
    spans.push_back({offset, bytes.size()});
  }
};

// Checks one stored event on its own: it decodes in bounds, is canonical, records `position`,
// and its stored hash is SHA-256 over its recorded prevHash and its bytes.
void CheckOne(uint64_t position, const capnp::word* data, size_t bytes, Checked* out) {
  if (bytes == 0 || bytes % sizeof(capnp::word) != 0) {
    out->problem = "stored event is not a whole number of 8-byte words";
    return;
  }
  kj::ArrayPtr<const capnp::word> segment(data, bytes / sizeof(capnp::word));
  std::string_view canonical(reinterpret_cast<const char*>(data), bytes);
  try {
    capnp::SegmentArrayMessageReader reader(kj::arrayPtr(&segment, 1));
    // Walks the whole message with bounds checks. Canonical form is part of what is hashed, so a
    // non-canonical encoding is tampering.
    if (!reader.isCanonical()) {
      out->problem = "stored bytes are not canonical";
      return;
    }
    schema::Envelope::Reader env = reader.getRoot<schema::Envelope>();
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
    const size_t offset = static_cast<size_t>(stored.begin() - segment.asBytes().begin());
    out->hash = ChainHash(out->prev, canonical, offset);
    if (!SameHash(stored, out->hash)) {
      out->problem = "hash does not match the event's bytes";
      return;
    }
  } catch (const kj::Exception& e) {
    out->problem = std::string("stored event does not decode: ") + e.getDescription().cStr();
    return;
  }
  out->leaf = LeafHash(canonical);
}

void CheckRange(const Chunk& chunk, uint64_t first, size_t begin, size_t end,
                std::vector<Checked>* out) {
  for (size_t i = begin; i < end; ++i) {
    const auto* words = reinterpret_cast<const capnp::word*>(chunk.words.data() + chunk.spans[i].offset);
    CheckOne(first + i, words, chunk.spans[i].bytes, &(*out)[i]);
  }
}

}  // namespace

Result<VerifyReport> EventStore::Verify(uint64_t from, uint64_t to,
                                        const std::function<void(uint64_t)>& progress) const {
  VerifyReport report;
  ScopedSnapshot snap(impl_->db.get());
  rocksdb::ReadOptions& ro = snap.ro;
  ro.readahead_size = 4 << 20;
  // A full scan reads each block once: keeping them would only evict what the readers use, and
  // the block cache's bookkeeping costs about 5% of verify.
  ro.fill_cache = false;

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
  uint64_t expected = from;
  // Reads the next chunk of consecutive positions into `chunk`; a gap ends it at the missing one.
  auto read_chunk = [&](Chunk& chunk) {
    chunk.Clear();
    chunk.first = expected;
    chunk.gap = false;
    while (it->Valid() && expected <= to && chunk.spans.size() < kChunk) {
      chunk.found = it->key().size() == 8 ? GetBE64(it->key().ToStringView()) : 0;
      if (chunk.found != expected) {
        chunk.gap = true;
        break;
      }
      chunk.Add(it->value().ToStringView());
      it->Next();
      ++expected;
    }
    chunk.end_of_data = !it->Valid();
  };

  // Pipelined: worker threads check one chunk while this thread reads the next.
  Chunk current, next;
  std::vector<Checked> checked;
  read_chunk(current);
  while (!current.spans.empty() || expected <= to) {
    if (!it->status().ok()) return Fail(FromRocks(it->status(), "verify"));
    const size_t n = current.spans.size();
    checked.assign(n, Checked{});
    std::vector<std::thread> threads;
    const size_t per = (n + workers - 1) / workers;
    for (size_t w = 0; w < workers && w * per < n; ++w) {
      threads.emplace_back(CheckRange, std::cref(current), current.first, w * per,
                           std::min(n, (w + 1) * per), &checked);
    }
    const bool more = !current.gap && !current.end_of_data && expected <= to;
    if (more) read_chunk(next);
    for (auto& t : threads) t.join();
    for (size_t i = 0; i < n; ++i) {
      const uint64_t position = current.first + i;
      if (!checked[i].problem.empty()) return fail(position, std::move(checked[i].problem));
      if (checked[i].prev != prev) return fail(position, "previous hash does not match the chain");
      prev = checked[i].hash;
      if (check_tree) tree.Add(checked[i].leaf);
    }
    report.checked += n;
    const uint64_t reached = current.first + n;  // the first position not yet checked
    if (progress && n > 0) progress(reached - 1);
    if (reached <= to && !more) {
      return fail(reached, current.gap ? "event is missing (next stored is " +
                                             std::to_string(current.found) + ")"
                                       : "event is missing");
    }
    std::swap(current, next);
    next.Clear();
    if (!more) break;
  }
  if (to == head.position && prev != head.hash) {
    return fail(to, "head record does not match the last event's hash");
  }
  if (check_tree) {
    report.root = tree.Root();
    auto stored = RootAt(to, StoredNodes(*impl_, ro));
    if (!stored) return fail(to, "Merkle tree: " + stored.error().message);
    if (*stored != report.root) {
      return fail(to, "stored Merkle tree root does not match the root of the events");
    }
  }
  return report;
}

}  // namespace bitacora
