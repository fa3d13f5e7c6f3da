// Internal: what a group commit has staged but not yet written (writer.cc, writer_tree.cc).
#ifndef BITACORA_CORE_STORE_STAGING_H_
#define BITACORA_CORE_STORE_STAGING_H_

#include <rocksdb/write_batch.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/merkle/merkle.h"
#include "core/store/store_impl.h"

namespace bitacora {

struct EventStore::Impl::Staging {
  rocksdb::WriteBatch batch;
  uint64_t next_position = 0;
  Hash32 last_hash{};
  int64_t recorded_ns = 0;
  std::unordered_map<std::string, uint64_t> versions;  // stream -> version after staged events
  std::unordered_map<std::string, uint64_t> counters;  // counter -> value after staged claims
  std::unordered_map<std::string, AppendResult> commands;
  // Index, stream-head and tree entries are put into the batch sorted, at the end of the group:
  // RocksDB's memtable inserts ascending keys far faster than keys in stream or tree order.
  std::vector<std::pair<std::string, std::string>> stream_puts;
  // The leaf hash of each staged event, in position order; the nodes they complete are added
  // once the whole group is staged (StageTree), so a refused request has only these to undo.
  std::vector<Hash32> leaves;
  std::vector<MerkleNode> node_puts;
  // The last node staged at each level: the only nodes the next appends of the group read.
  std::vector<std::optional<MerkleNode>> frontier;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_STAGING_H_
