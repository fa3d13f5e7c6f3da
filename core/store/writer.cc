// Committing a group (group_commit.cc decides who commits which appends): validates the appends,
// assigns positions and versions, chains hashes, and writes the group with one synced WriteBatch.
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

#include "core/store/keys.h"
#include "core/store/staging.h"
#include "core/store/store_impl.h"

namespace bitacora {

using store_keys::PositionKey;
using store_keys::PutBE64;

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
    return Fail(Code::kEmptyAppend, "an append needs at least one event");
  }
  for (const ProposedEvent& e : request.events) {
    if (e.stream_id.empty() || e.stream_id.find('\0') != std::string::npos) {
      return Fail(Code::kBadStreamId, "stream id must be non-empty and contain no NUL byte");
    }
    if (e.payload.size() == 0) {
      return Fail(Code::kEmptyPayload, "event for stream " + e.stream_id + " has no payload");
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
  const std::string& record_key = request.record_key.empty() ? request.command_id : request.record_key;
  if (!record_key.empty()) {
    if (auto it = staging.commands.find(record_key); it != staging.commands.end()) {
      AppendResult dup = it->second;
      dup.duplicate = true;
      return dup;
    }
    std::string value;
    auto s = db->Get(rocksdb::ReadOptions(), commands, record_key, &value);
    if (s.ok() && value.size() >= 16) {
      return AppendResult{store_keys::GetBE64(value), store_keys::GetBE64(value.substr(8)), true,
                          value.substr(16)};
    }
    if (!s.ok() && !s.IsNotFound()) return Fail(FromRocks(s, "read command"));
  }
  // Check every expectation and counter before staging anything.
  std::unordered_map<std::string, uint64_t> versions;
  for (const StreamExpectation& ex : request.expectations) {
    auto v = CurrentVersion(ex.stream_id, staging);
    if (!v) return Fail(v.error());
    if (!ex.expected.Matches(*v)) {
      return Fail(Code::kWrongExpectedVersion, "stream " + ex.stream_id + " is at version " + std::to_string(*v) +
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
      return Fail(Code::kWrongCounterValue, "counter " + c.name + " is at " + std::to_string(current) + ", expected " +
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
  AppendResult result{staging.next_position, 0, false, {}};
  const Hash32 first_prev = staging.last_hash;
  const size_t stream_puts_before = staging.stream_puts.size();
  const size_t leaves_before = staging.leaves.size();
  // Undoes this request's part of the group after a failure part-way through.
  auto rollback = [&] {
    staging.batch.RollbackToSavePoint();
    staging.next_position = result.first_position;
    staging.last_hash = first_prev;
    staging.stream_puts.resize(stream_puts_before);
    staging.leaves.resize(leaves_before);
  };
  try {
    for (const ProposedEvent& e : request.events) {
      const uint64_t position = staging.next_position;
      const uint64_t version = ++versions[e.stream_id];
      // Sized to hold the whole envelope in one segment: the default 8 KiB first segment would
      // be zeroed for every event.
      capnp::MallocMessageBuilder message(
          static_cast<unsigned>(e.payload.size() + 64 +
                                (e.stream_id.size() + request.command_id.size() +
                                 request.case_id.size() + request.causation_id.size() +
                                 request.actor.id.size() + request.actor.credential.size() +
                                 request.backdating_reason.size()) /
                                    8));
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
      if (!request.actor.credential.empty()) actor.setCredential(request.actor.credential);
      env.setRecordedAtNs(staging.recorded_ns);
      env.setOccurredAtNs(e.occurred_at_ns != 0 ? e.occurred_at_ns : staging.recorded_ns);
      env.setSchemaVersion(1);
      if (!request.backdating_reason.empty()) env.setBackdatingReason(request.backdating_reason);
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
      if (options.merkle) staging.leaves.push_back(LeafHash(canonical));  // nodes: StageTree
      staging.stream_puts.emplace_back(store_keys::StreamKey(e.stream_id, version),
                                       PositionKey(position));
      staging.last_hash = hash;
      staging.next_position = position + 1;
    }
  } catch (const kj::Exception& ex) {
    // Only a malformed payload can get here; undo this request's part of the batch.
    rollback();
    return Fail(Code::kBadPayload, std::string("event payload does not decode: ") + ex.getDescription().cStr());
  }
  staging.batch.PopSavePoint();
  result.last_position = staging.next_position - 1;
  for (auto& [stream, version] : versions) staging.versions[stream] = version;
  for (auto& [name, value] : counter_values) {
    std::string v;
    PutBE64(&v, value);
    staging.batch.Put(counters, name, v);
    staging.counters[name] = value;
  }
  if (!record_key.empty()) {
    std::string v;
    PutBE64(&v, result.first_position);
    PutBE64(&v, result.last_position);
    v.append(request.binding);
    result.binding = request.binding;
    staging.batch.Put(commands, record_key, v);
    staging.commands.emplace(record_key, result);
  }
  return result;
}

void EventStore::Impl::CommitGroup(std::vector<Pending*>& group) noexcept {
  Staging staging;
  const Head before = CurrentHead();
  staging.next_position = before.position + 1;
  staging.last_hash = before.hash;
  staging.recorded_ns = std::max(last_recorded_ns, options.clock());
  std::vector<Result<AppendResult>> outcomes;
  outcomes.reserve(group.size());
  for (Pending* p : group) outcomes.push_back(Stage(p->request, staging));
  bool staged = staging.next_position != before.position + 1;
  if (staged && options.merkle) {
    if (auto st = StageTree(staging, before.position + 1); !st) {
      for (auto& o : outcomes) {
        if (o) o = Fail(st.error());  // nothing of the group is written
      }
      staged = false;
    }
  }

  if (staged) {
    std::sort(staging.stream_puts.begin(), staging.stream_puts.end());
    for (const auto& [k, v] : staging.stream_puts) staging.batch.Put(streams, k, v);
    // Each stream's head once, at its version after the whole group.
    std::vector<std::pair<std::string_view, uint64_t>> heads(staging.versions.begin(),
                                                             staging.versions.end());
    std::sort(heads.begin(), heads.end());
    for (const auto& [stream, version] : heads) {
      std::string v;
      PutBE64(&v, version);
      staging.batch.Put(stream_heads, stream, v);
    }
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
  for (size_t i = 0; i < group.size(); ++i) group[i]->outcome = std::move(outcomes[i]);
}

}  // namespace bitacora
