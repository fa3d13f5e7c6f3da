// The Merkle tree as stored: roots and proofs read from the "merkle" column family.
#include <rocksdb/iterator.h>

#include <cstring>

#include "core/store/keys.h"
#include "core/store/store_impl.h"

namespace bitacora {

Result<Hash32> StoredNodes::Get(uint32_t level, uint64_t index) const {
  rocksdb::PinnableSlice value;
  rocksdb::Status s = db_->Get(ro_, cf_, store_keys::MerkleKey(level, index), &value);
  if (s.IsNotFound() || (s.ok() && value.size() != 32)) return Fail(MissingNodeError(level, index));
  if (!s.ok()) return Fail(FromRocks(s, "read Merkle node"));
  Hash32 h;
  std::memcpy(h.data(), value.data(), 32);
  return h;
}

namespace {

Status CheckSize(uint64_t size, uint64_t head, bool merkle) {
  if (!merkle) {
    return Fail(ErrorKind::kUnavailable, "merkle_disabled", "this store keeps no Merkle tree");
  }
  if (size > head) {
    return Fail(ErrorKind::kInvalidArgument, "tree_size_beyond_head",
                "tree size " + std::to_string(size) + " is beyond the log's head " +
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
  return RootAt(size, StoredNodes(impl_->db.get(), impl_->merkle, snap.ro));
}

Result<std::vector<Hash32>> EventStore::InclusionProof(uint64_t position, uint64_t size) const {
  if (auto st = CheckSize(size, GetHead().position, impl_->options.merkle); !st) {
    return Fail(st.error());
  }
  if (position == 0 || position > size) {
    return Fail(ErrorKind::kInvalidArgument, "position_outside_tree",
                "position " + std::to_string(position) + " is not in a tree of size " +
                    std::to_string(size));
  }
  ScopedSnapshot snap(impl_->db.get());
  return bitacora::InclusionProof(position - 1, size,
                                  StoredNodes(impl_->db.get(), impl_->merkle, snap.ro));
}

Result<std::vector<Hash32>> EventStore::ConsistencyProof(uint64_t old_size,
                                                         uint64_t new_size) const {
  if (auto st = CheckSize(new_size, GetHead().position, impl_->options.merkle); !st) {
    return Fail(st.error());
  }
  if (old_size > new_size) {
    return Fail(ErrorKind::kInvalidArgument, "sizes_out_of_order",
                "old size " + std::to_string(old_size) + " exceeds new size " +
                    std::to_string(new_size));
  }
  ScopedSnapshot snap(impl_->db.get());
  return bitacora::ConsistencyProof(old_size, new_size,
                                    StoredNodes(impl_->db.get(), impl_->merkle, snap.ro));
}

Status EventStore::PutCheckpoint(uint64_t size, std::string_view note) {
  if (size > GetHead().position) {
    return Fail(ErrorKind::kInvalidArgument, "tree_size_beyond_head",
                "checkpoint size " + std::to_string(size) + " is beyond the head");
  }
  std::string key = store_keys::PositionKey(size), existing;
  rocksdb::Status s = impl_->db->Get(rocksdb::ReadOptions(), impl_->checkpoints, key, &existing);
  if (s.ok()) {
    return Fail(ErrorKind::kInvalidArgument, "checkpoint_exists",
                "a checkpoint of size " + std::to_string(size) + " is already stored");
  }
  if (!s.IsNotFound()) return Fail(FromRocks(s, "read checkpoint"));
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
      return Fail(ErrorKind::kCorruption, "bad_checkpoint_key", "checkpoint key is not 8 bytes");
    }
    out.emplace_back(store_keys::GetBE64(it->key().ToStringView()), it->value().ToString());
  }
  if (!it->status().ok()) return Fail(FromRocks(it->status(), "list checkpoints"));
  return out;
}

}  // namespace bitacora
