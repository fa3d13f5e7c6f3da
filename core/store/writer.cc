// The writer thread: validates queued appends, assigns positions and versions, chains hashes,
// and commits each group with one synced WriteBatch.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "core/store/keys.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::PositionKey;
using store_keys::PutBE64;

// What the current group has staged but not yet committed.
struct EventStore::Impl::Staging {
  rocksdb::WriteBatch batch;
  uint64_t next_position = 0;
  Hash32 last_hash{};
  int64_t recorded_ns = 0;
  std::unordered_map<std::string, uint64_t> versions;  // stream -> version after staged events
  std::unordered_map<std::string, uint64_t> counters;  // counter -> value after staged claims
  std::unordered_map<std::string, AppendResult> commands;
  // Index and tree entries are put into the batch sorted, at the end of the group: RocksDB's
  // memtable inserts ascending keys far faster than keys in stream or tree order.
  std::vector<std::pair<std::string, std::string>> stream_puts;
  std::vector<MerkleNode> node_puts;
  // The last node staged at each level: the only nodes the next appends of the group read.
  std::vector<std::optional<MerkleNode>> frontier;
};

// The Merkle nodes the writer can see: staged in this group, the frontier cache, then RocksDB.
class EventStore::Impl::StagingNodes final : public NodeSource {
 public:
  StagingNodes(const Impl& impl, const Staging& staging) : impl_(impl), staging_(staging) {}
  Result<Hash32> Get(uint32_t level, uint64_t index) const override {
    if (level < staging_.frontier.size() && staging_.frontier[level] &&
        staging_.frontier[level]->index == index) {
      return staging_.frontier[level]->hash;
    }
    if (level < impl_.frontier.size() && impl_.frontier[level] &&
        impl_.frontier[level]->index == index) {
      return impl_.frontier[level]->hash;
    }
    rocksdb::ReadOptions ro;
    return StoredNodes(impl_, ro).Get(level, index);
  }

 private:
  const Impl& impl_;
  const Staging& staging_;
};

void EventStore::Impl::StartWriter() {
  writer = std::thread([this] { WriterLoop(); });
}

void EventStore::Impl::StopWriter() {
  {
    std::lock_guard<std::mutex> lock(queue_mu);
    stopping = true;
  }
  queue_cv.notify_all();
  if (writer.joinable()) writer.join();
}

void EventStore::Impl::WriterLoop() {
  std::vector<Pending*> group;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(queue_mu);
      queue_cv.wait(lock, [this] { return stopping || !queue.empty(); });
      if (queue.empty()) return;  // stopping, and everything queued is committed
      size_t grouped = 0;
      while (!queue.empty() &&
             (group.empty() || grouped + queue.front()->request.events.size() <=
                                   options.max_group_events)) {
        grouped += queue.front()->request.events.size();
        group.push_back(queue.front());
        queue.pop_front();
      }
    }
    CommitGroup(group);
    group.clear();
  }
}

Result<uint64_t> EventStore::Impl::CurrentVersion(const std::string& stream,
                                                  const Staging& staging) {
  if (auto it = staging.versions.find(stream); it != staging.versions.end()) return it->second;
  if (auto cached = version_cache.Find(stream)) return *cached;
  auto v = ReadU64(stream_heads, stream);
  if (!v) return v;
  version_cache.Put(stream, *v);
  return *v;
}

namespace {

Status ValidateRequest(const AppendRequest& request) {
  if (request.events.empty()) {
    return Fail(ErrorKind::kInvalidArgument, "empty_append", "an append needs at least one event");
  }
  for (const ProposedEvent& e : request.events) {
    if (e.stream_id.empty() || e.stream_id.find('\0') != std::string::npos) {
      return Fail(ErrorKind::kInvalidArgument, "bad_stream_id",
                  "stream id must be non-empty and contain no NUL byte");
    }
    if (e.payload.size() == 0) {
      return Fail(ErrorKind::kInvalidArgument, "empty_payload",
                  "event for stream " + e.stream_id + " has no payload");
    }
  }
  return Ok();
}

// Offset in bytes of the 32-byte hash field inside the canonical encoding `words`.
size_t HashOffset(kj::ArrayPtr<const capnp::word> words) {
  kj::ArrayPtr<const capnp::word> segments[1] = {words};
  capnp::SegmentArrayMessageReader reader(kj::arrayPtr(segments, 1));
  auto hash = reader.getRoot<schema::Envelope>().getHash();
  return static_cast<size_t>(hash.begin() - words.asBytes().begin());
}

}  // namespace

Result<AppendResult> EventStore::Impl::Stage(const AppendRequest& request, Staging& staging) {
  if (auto st = ValidateRequest(request); !st) return Fail(st.error());
  if (!request.command_id.empty()) {
    if (auto it = staging.commands.find(request.command_id); it != staging.commands.end()) {
      AppendResult dup = it->second;
      dup.duplicate = true;
      return dup;
    }
    std::string value;
    auto s = db->Get(rocksdb::ReadOptions(), commands, request.command_id, &value);
    if (s.ok() && value.size() == 16) {
      return AppendResult{store_keys::GetBE64(value), store_keys::GetBE64(value.substr(8)), true};
    }
    if (!s.ok() && !s.IsNotFound()) return Fail(FromRocks(s, "read command"));
  }
  // Check every expectation and counter before staging anything.
  std::unordered_map<std::string, uint64_t> versions;
  for (const StreamExpectation& ex : request.expectations) {
    auto v = CurrentVersion(ex.stream_id, staging);
    if (!v) return Fail(v.error());
    if (!ex.expected.Matches(*v)) {
      return Fail(ErrorKind::kConflict, "wrong_expected_version",
                  "stream " + ex.stream_id + " is at version " + std::to_string(*v) +
                      ", expected " + ex.expected.ToString());
    }
  }
  std::vector<std::pair<std::string, uint64_t>> counter_values;
  for (const CounterClaim& c : request.counters) {
    uint64_t current;
    if (auto it = staging.counters.find(c.name); it != staging.counters.end()) {
      current = it->second;
    } else {
      auto v = ReadU64(counters, c.name);
      if (!v) return Fail(v.error());
      current = *v;
    }
    if (current != c.expected_value) {
      return Fail(ErrorKind::kConflict, "wrong_counter_value",
                  "counter " + c.name + " is at " + std::to_string(current) + ", expected " +
                      std::to_string(c.expected_value));
    }
    counter_values.emplace_back(c.name, current + 1);
  }
  for (const ProposedEvent& e : request.events) {
    if (!versions.contains(e.stream_id)) {
      auto v = CurrentVersion(e.stream_id, staging);
      if (!v) return Fail(v.error());
      versions.emplace(e.stream_id, *v);
    }
  }

  staging.batch.SetSavePoint();
  AppendResult result{staging.next_position, 0, false};
  const Hash32 first_prev = staging.last_hash;
  const std::vector<std::optional<MerkleNode>> frontier_before = staging.frontier;
  const size_t stream_puts_before = staging.stream_puts.size();
  const size_t node_puts_before = staging.node_puts.size();
  // Undoes this request's part of the group after a failure part-way through.
  auto rollback = [&] {
    staging.batch.RollbackToSavePoint();
    staging.next_position = result.first_position;
    staging.last_hash = first_prev;
    staging.frontier = frontier_before;
    staging.stream_puts.resize(stream_puts_before);
    staging.node_puts.resize(node_puts_before);
  };
  try {
    for (const ProposedEvent& e : request.events) {
      const uint64_t position = staging.next_position;
      const uint64_t version = ++versions[e.stream_id];
      // Sized to hold the whole envelope in one segment: the default 8 KiB first segment would
      // be zeroed for every event.
      capnp::MallocMessageBuilder message(
          static_cast<unsigned>(e.payload.size() + 64 + (e.stream_id.size() +
                                request.command_id.size() + request.case_id.size() +
                                request.causation_id.size() + request.actor.id.size()) / 8));
      auto env = message.initRoot<schema::Envelope>();
      env.setPosition(position);
      env.setStreamId(e.stream_id);
      env.setVersion(version);
      auto id = options.event_ids();
      env.setEventId(kj::arrayPtr(id.data(), id.size()));
      env.setCommandId(request.command_id);
      env.setCaseId(request.case_id);
      env.setCausationId(request.causation_id);
      auto actor = env.initActor();
      actor.setId(request.actor.id);
      actor.setRole(request.actor.role);
      env.setRecordedAtNs(staging.recorded_ns);
      env.setOccurredAtNs(e.occurred_at_ns != 0 ? e.occurred_at_ns : staging.recorded_ns);
      env.setSchemaVersion(1);
      capnp::FlatArrayMessageReader payload(e.payload);
      env.setPayload(payload.getRoot<schema::Event>());
      env.setPrevHash(kj::arrayPtr(staging.last_hash.data(), staging.last_hash.size()));
      env.initHash(32);  // zero-filled while hashing
      kj::Array<capnp::word> words = capnp::canonicalize(env.asReader());
      auto bytes = words.asBytes();
      std::string_view canonical(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
      const size_t offset = HashOffset(words);
      Hash32 hash = ChainHash(staging.last_hash, canonical, offset);
      std::memcpy(bytes.begin() + offset, hash.data(), hash.size());
      staging.batch.Put(events, PositionKey(position), canonical);
      if (options.merkle) {
        auto nodes = NodesForAppend(position - 1, LeafHash(canonical), StagingNodes(*this, staging));
        if (!nodes) {
          rollback();
          return Fail(nodes.error());
        }
        for (const MerkleNode& n : *nodes) {
          // Leaves are not stored: each is the hash of its event, which is (StoredNodes).
          if (n.level > 0) staging.node_puts.push_back(n);
          if (staging.frontier.size() <= n.level) staging.frontier.resize(n.level + 1);
          staging.frontier[n.level] = n;
        }
      }
      staging.stream_puts.emplace_back(store_keys::StreamKey(e.stream_id, version),
                                       PositionKey(position));
      staging.last_hash = hash;
      staging.next_position = position + 1;
    }
  } catch (const kj::Exception& ex) {
    // Only a malformed payload can get here; undo this request's part of the batch.
    rollback();
    return Fail(ErrorKind::kInvalidArgument, "bad_payload",
                std::string("event payload does not decode: ") + ex.getDescription().cStr());
  }
  staging.batch.PopSavePoint();
  result.last_position = staging.next_position - 1;
  for (auto& [stream, version] : versions) {
    std::string v;
    PutBE64(&v, version);
    staging.batch.Put(stream_heads, stream, v);
    staging.versions[stream] = version;
  }
  for (auto& [name, value] : counter_values) {
    std::string v;
    PutBE64(&v, value);
    staging.batch.Put(counters, name, v);
    staging.counters[name] = value;
  }
  if (!request.command_id.empty()) {
    std::string v;
    PutBE64(&v, result.first_position);
    PutBE64(&v, result.last_position);
    staging.batch.Put(commands, request.command_id, v);
    staging.commands.emplace(request.command_id, result);
  }
  return result;
}

void EventStore::Impl::CommitGroup(std::vector<Pending*>& group) {
  Staging staging;
  const Head before = CurrentHead();
  staging.next_position = before.position + 1;
  staging.last_hash = before.hash;
  staging.recorded_ns = std::max(last_recorded_ns, options.clock());
  std::vector<Result<AppendResult>> outcomes;
  outcomes.reserve(group.size());
  for (Pending* p : group) outcomes.push_back(Stage(p->request, staging));

  if (staging.next_position != before.position + 1) {
    std::sort(staging.stream_puts.begin(), staging.stream_puts.end());
    for (const auto& [k, v] : staging.stream_puts) staging.batch.Put(streams, k, v);
    std::sort(staging.node_puts.begin(), staging.node_puts.end(),
              [](const MerkleNode& a, const MerkleNode& b) {
                return a.level != b.level ? a.level < b.level : a.index < b.index;
              });
    for (const MerkleNode& n : staging.node_puts) {
      staging.batch.Put(merkle, store_keys::MerkleKey(n.level, n.index), AsView(n.hash));
    }
    std::string head_record;
    PutBE64(&head_record, staging.next_position - 1);
    head_record.append(AsView(staging.last_hash));
    staging.batch.Put(meta, store_keys::kHeadKey, head_record);
    std::lock_guard<std::mutex> commit_lock(commit_mu);
    const Status room = RoomFor(staging.batch.GetDataSize());
    rocksdb::Status s;
    if (room) {
      rocksdb::WriteOptions wo;
      wo.sync = options.sync;
      s = db->Write(wo, &staging.batch);
    }
    if (!room) {
      // Nothing was written and no cache holds a staged value: the appends may be retried.
      for (auto& o : outcomes) {
        if (o) o = Fail(room.error());
      }
    } else if (!s.ok()) {
      spdlog::error("group commit of {} appends failed: {}", group.size(), s.ToString());
      Error err = FromRocks(s, "append");
      for (auto& o : outcomes) {
        if (o) o = Fail(err);  // nothing of this group is stored; a retry is safe
      }
      // Cached versions may hold values that were never written.
      version_cache.Clear();
      version_cache_size = 0;
      version_cache_bytes = version_cache.bytes();
      frontier.clear();
    } else {
      last_recorded_ns = staging.recorded_ns;
      for (auto& [stream, version] : staging.versions) version_cache.Put(stream, version);
      version_cache_size = version_cache.streams();
      version_cache_bytes = version_cache.bytes();
      node_cache.Append(staging.node_puts);  // before the head that covers them is published
      if (frontier.size() < staging.frontier.size()) frontier.resize(staging.frontier.size());
      for (size_t level = 0; level < staging.frontier.size(); ++level) {
        if (staging.frontier[level]) frontier[level] = staging.frontier[level];
      }
      {
        std::lock_guard<std::mutex> lock(head_mu);
        head.position = staging.next_position - 1;
        head.hash = staging.last_hash;
      }
      head_cv.notify_all();
    }
  }
  for (size_t i = 0; i < group.size(); ++i) group[i]->done.set_value(std::move(outcomes[i]));
}

}  // namespace bitacora
