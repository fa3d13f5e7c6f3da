// The Merkle tree as stored: roots and proofs read from the "merkle" column family.
#include <rocksdb/iterator.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "core/merkle/recording_node_source.h"
#include "core/store/keys.h"
#include "core/store/low_levels.h"
#include "core/store/store_impl.h"

namespace bitacora {

Error MissingLeafError(uint64_t index) {
  return MakeError(Code::kMerkleNodeMissing, "Merkle leaf " + std::to_string(index) + ": the event at position " +
                   std::to_string(index + 1) + " is not stored");
}

Result<Hash32> StoredNodes::Get(uint32_t level, uint64_t index) const {
  if (level < store_keys::kLowestStoredLevel) {
    auto nodes = HashLowNodes(impl_, ro_, {{level, index}});
    if (!nodes) return Fail(nodes.error());
    return nodes->front().hash;
  }
  rocksdb::PinnableSlice value;
  rocksdb::Status s =
      impl_.db->Get(ro_, impl_.merkle, store_keys::MerkleKey(level, index), &value);
  if (s.IsNotFound() || (s.ok() && value.size() != 32)) return Fail(MissingNodeError(level, index));
  if (!s.ok()) return Fail(FromRocks(s, "read Merkle node"));
  Hash32 h;
  std::memcpy(h.data(), value.data(), 32);
  return h;
}

namespace {

// The few nodes one root or proof needs, fetched beforehand. Get is a linear search: a proof
// needs at most a few dozen nodes.
class FetchedNodes final : public NodeSource {
 public:
  Result<Hash32> Get(uint32_t level, uint64_t index) const override {
    for (const MerkleNode& n : nodes_) {
      if (n.level == level && n.index == index) return n.hash;
    }
    return Fail(MissingNodeError(level, index));
  }
  void Add(uint32_t level, uint64_t index, const Hash32& hash) {
    nodes_.push_back({level, index, hash});
  }

 private:
  std::vector<MerkleNode> nodes_;
};

// Reads the nodes `wanted` lists: the levels the cache holds from it, the levels below the lowest
// stored one by hashing their events (one MultiGet), the rest in one MultiGet, all through `ro`.
Result<FetchedNodes> Fetch(const EventStore::Impl& impl, const rocksdb::ReadOptions& ro,
                           std::vector<std::pair<uint32_t, uint64_t>> wanted) {
  // (level, index) order is the byte order of MerkleKey, so the keys go in sorted.
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  FetchedNodes out;
  std::vector<std::pair<uint32_t, uint64_t>> low;
  std::vector<std::pair<uint32_t, uint64_t>> to_read;
  std::vector<std::string> keys;
  for (const auto& [level, index] : wanted) {
    if (level < store_keys::kLowestStoredLevel) {
      low.emplace_back(level, index);
      continue;
    }
    if (NodeCache::Holds(level)) {
      if (auto hit = impl.node_cache.Find(level, index)) {
        out.Add(level, index, *hit);
        continue;
      }
    }
    to_read.emplace_back(level, index);
    keys.push_back(store_keys::MerkleKey(level, index));
  }
  if (!low.empty()) {
    auto hashed = HashLowNodes(impl, ro, low);
    if (!hashed) return Fail(hashed.error());
    for (const MerkleNode& n : *hashed) out.Add(n.level, n.index, n.hash);
  }
  MultiRead nodes = ReadKeys(impl, ro, impl.merkle, keys, /*sorted_input=*/true);
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto [level, index] = to_read[i];
    const rocksdb::Status& s = nodes.statuses[i];
    if (s.IsNotFound() || (s.ok() && nodes.values[i].size() != 32)) {
      return Fail(MissingNodeError(level, index));
    }
    if (!s.ok()) return Fail(FromRocks(s, "read Merkle node"));
    Hash32 h;
    std::memcpy(h.data(), nodes.values[i].data(), 32);
    out.Add(level, index, h);
  }
  return out;
}

// Runs `fn` (a tree function of a NodeSource) once dry to learn its reads, fetches them in one
// batch, and runs it again over the fetched nodes.
template <typename Fn>
auto RunFetched(const EventStore::Impl& impl, const rocksdb::ReadOptions& ro, Fn fn)
    -> decltype(fn(std::declval<const NodeSource&>())) {
  RecordingNodeSource dry;
  if (auto r = fn(dry); !r) return r;  // argument errors need no reads
  auto fetched = Fetch(impl, ro, dry.wanted());
  if (!fetched) return Fail(fetched.error());
  return fn(*fetched);
}

Status CheckSize(uint64_t size, uint64_t head, bool merkle) {
  if (!merkle) {
    return Fail(Code::kMerkleDisabled, "this store keeps no Merkle tree");
  }
  if (size > head) {
    return Fail(Code::kTreeSizeBeyondHead, "tree size " + std::to_string(size) + " is beyond the log's head " +
                    std::to_string(head));
  }
  return Ok();
}

}  // namespace

Result<Hash32> EventStore::MerkleRoot(uint64_t size) const {
  if (auto st = CheckSize(size, GetHead().position, impl_->options.merkle); !st) {
    return Fail(st.error());
  }
  ScopedSnapshot snap(impl_->db.get());
  return RunFetched(*impl_, snap.ro, [&](const NodeSource& n) { return RootAt(size, n); });
}

Result<std::vector<Hash32>> EventStore::InclusionProof(uint64_t position, uint64_t size) const {
  if (auto st = CheckSize(size, GetHead().position, impl_->options.merkle); !st) {
    return Fail(st.error());
  }
  if (position == 0 || position > size) {
    return Fail(Code::kPositionOutsideTree, "position " + std::to_string(position) + " is not in a tree of size " +
                    std::to_string(size));
  }
  ScopedSnapshot snap(impl_->db.get());
  return RunFetched(*impl_, snap.ro, [&](const NodeSource& n) {
    return bitacora::InclusionProof(position - 1, size, n);
  });
}

Result<std::vector<Hash32>> EventStore::ConsistencyProof(uint64_t old_size,
                                                         uint64_t new_size) const {
  if (auto st = CheckSize(new_size, GetHead().position, impl_->options.merkle); !st) {
    return Fail(st.error());
  }
  if (old_size > new_size) {
    return Fail(Code::kSizesOutOfOrder, "old size " + std::to_string(old_size) + " exceeds new size " +
                    std::to_string(new_size));
  }
  ScopedSnapshot snap(impl_->db.get());
  return RunFetched(*impl_, snap.ro, [&](const NodeSource& n) {
    return bitacora::ConsistencyProof(old_size, new_size, n);
  });
}

Status LoadTree(EventStore::Impl& impl) {
  // The root at the head folds one complete node per set bit of the head; the last append wrote
  // each of them at the stored levels (the lower ones are hashed from events). A damaged record
  // counts as present: the store opens, and proofs and Verify report it.
  const uint64_t head = impl.head.position;
  for (uint32_t level = store_keys::kLowestStoredLevel; level < 64 && (head >> level) != 0;
       ++level) {
    if (((head >> level) & 1) == 0) continue;
    const uint64_t index = (head >> level) - 1;
    rocksdb::PinnableSlice value;
    const rocksdb::Status s = impl.db->Get(rocksdb::ReadOptions(), impl.merkle,
                                           store_keys::MerkleKey(level, index), &value);
    if (s.IsNotFound()) {
      return Fail(Code::kMerkleIncomplete, "the Merkle tree does not cover the log up to its head " +
                      std::to_string(head) + ": " + MissingNodeError(level, index).message);
    }
    if (!s.ok()) return Fail(FromRocks(s, "read Merkle node"));
  }
  std::unique_ptr<rocksdb::Iterator> it(impl.db->NewIterator(rocksdb::ReadOptions(), impl.merkle));
  for (it->Seek(store_keys::MerkleKey(NodeCache::kMinLevel, 0)); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    // A damaged record is left out: reads then go to RocksDB and report it, as Verify does.
    if (key.size() != 9 || it->value().size() != 32) continue;
    const auto level = static_cast<uint32_t>(static_cast<uint8_t>(key[0]));
    if (!NodeCache::Holds(level)) break;
    Hash32 h;
    std::memcpy(h.data(), it->value().data(), 32);
    impl.node_cache.Append(level, store_keys::GetBE64(key.substr(1)), h);
  }
  if (!it->status().ok()) return Fail(FromRocks(it->status(), "load Merkle nodes"));
  return Ok();
}

Status EventStore::PutCheckpoint(uint64_t size, std::string_view note) {
  if (size > GetHead().position) {
    return Fail(Code::kTreeSizeBeyondHead, "checkpoint size " + std::to_string(size) + " is beyond the head");
  }
  std::string key = store_keys::PositionKey(size), existing;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->checkpoints, key, &existing);
  if (s.ok()) {
    return Fail(Code::kCheckpointExists, "a checkpoint of size " + std::to_string(size) + " is already stored");
  }
  if (!s.IsNotFound()) return Fail(FromRocks(s, "read checkpoint"));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync;
  s = impl_->db->Put(wo, impl_->checkpoints, key, rocksdb::Slice(note.data(), note.size()));
  if (!s.ok()) return Fail(FromRocks(s, "store checkpoint"));
  return Ok();
}

Status EventStore::ReplaceCheckpoint(uint64_t size, std::string_view note) {
  std::string key = store_keys::PositionKey(size), existing;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->checkpoints, key, &existing);
  if (s.IsNotFound()) return Fail(Code::kNoCheckpoint, "no checkpoint of size " + std::to_string(size) + " is stored");
  if (!s.ok()) return Fail(FromRocks(s, "read checkpoint"));
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options.sync;
  s = impl_->db->Put(wo, impl_->checkpoints, key, rocksdb::Slice(note.data(), note.size()));
  if (!s.ok()) return Fail(FromRocks(s, "store checkpoint"));
  return Ok();
}

Result<std::vector<std::pair<uint64_t, std::string>>> EventStore::Checkpoints() const {
  std::vector<std::pair<uint64_t, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(
      impl_->db->NewIterator(rocksdb::ReadOptions(), impl_->checkpoints));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().size() != 8) {
      return Fail(Code::kBadCheckpointKey, "checkpoint key is not 8 bytes");
    }
    out.emplace_back(store_keys::GetBE64(it->key().ToStringView()), it->value().ToString());
  }
  if (!it->status().ok()) return Fail(FromRocks(it->status(), "list checkpoints"));
  return out;
}

}  // namespace bitacora
