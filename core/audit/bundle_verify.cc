// Verifying an audit bundle from its files alone.
#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/exception.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "core/audit/bundle.h"
#include "core/audit/bundle_manifest.h"
#include "core/audit/day_checkpoints.h"
#include "core/audit/note.h"
#include "core/json/unicode_escapes.h"
#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"
#include "events/audit.capnp.h"

namespace bitacora {
namespace {

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Code::kBundleFileMissing, "cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

Result<std::vector<Hash32>> ParseProof(capnp::List<capnp::Text>::Reader list) {
  std::vector<Hash32> proof;
  for (auto text : list) {
    Hash32 h;
    if (!FromHex(std::string_view(text.cStr(), text.size()), &h)) {
      return Fail(Code::kBadProofHash, "a proof hash is not 64 hex digits");
    }
    proof.push_back(h);
  }
  return proof;
}

bool Equal(capnp::Data::Reader data, const Hash32& h) {
  return data.size() == 32 && std::memcmp(data.begin(), h.data(), 32) == 0;
}

// Checks one events.jsonl line, decoded as `line`; `prev` is the hash of the line before (empty
// for the first line of a bundle that does not start at position 1). On success sets *hash.
std::string CheckEventLine(schema::BundleEvent::Reader line, uint64_t expected_position,
                           const std::optional<Hash32>& prev, const Checkpoint& cp, Hash32* hash) {
  if (line.getPosition() != expected_position) {
    return "expected position " + std::to_string(expected_position) + ", found " +
           std::to_string(line.getPosition());
  }
  auto canonical = line.getCanonical();
  if (canonical.size() == 0 || canonical.size() % sizeof(capnp::word) != 0) {
    return "stored bytes are not a whole number of words";
  }
  auto words = kj::heapArray<capnp::word>(canonical.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), canonical.begin(), canonical.size());
  kj::ArrayPtr<const capnp::word> segment = words.asPtr();
  capnp::SegmentArrayMessageReader reader(kj::arrayPtr(&segment, 1));
  if (!reader.isCanonical()) return "stored bytes are not canonical";
  auto env = reader.getRoot<schema::Envelope>();
  if (env.getPosition() != expected_position) return "stored bytes record another position";
  // The readable JSON must say exactly what the bytes say.
  kj::Array<capnp::word> from_json = capnp::canonicalize(line.getEvent());
  if (from_json.asBytes() != words.asBytes()) return "readable event differs from its stored bytes";
  auto stored_hash = env.getHash();
  auto prev_hash = env.getPrevHash();
  if (stored_hash.size() != 32 || prev_hash.size() != 32) return "hash fields are not 32 bytes";
  Hash32 recorded_prev;
  std::memcpy(recorded_prev.data(), prev_hash.begin(), 32);
  if (prev && *prev != recorded_prev) return "previous hash does not match the event before";
  if (expected_position == 1 && recorded_prev != Hash32{}) return "first event does not chain from zeros";
  std::string_view bytes(reinterpret_cast<const char*>(canonical.begin()), canonical.size());
  const size_t offset = static_cast<size_t>(stored_hash.begin() - segment.asBytes().begin());
  *hash = ChainHash(recorded_prev, bytes, offset);
  if (!Equal(stored_hash, *hash)) return "hash does not match the event's bytes";
  auto proof = ParseProof(line.getInclusionProof());
  if (!proof) return proof.error().message;
  if (auto st = VerifyInclusion(LeafHash(bytes), expected_position - 1, cp.size, *proof, cp.root);
      !st) {
    return "not in the signed tree: " + st.error().message;
  }
  return "";
}

}  // namespace

Result<BundleReport> VerifyBundle(const std::string& dir, std::optional<std::string> expected_vkey,
                                  std::optional<std::string> trusted_note,
                                  const std::function<void(uint64_t)>& progress) {
  BundleReport report;
  auto fail = [&](std::string problem, uint64_t position = 0) {
    report.ok = false;
    report.problem = std::move(problem);
    report.bad_position = position;
    return report;
  };
  auto vkey_file = ReadFile(dir + "/ledger.vkey");
  if (!vkey_file) return Fail(vkey_file.error());
  std::string vkey = Trim(*vkey_file);
  if (expected_vkey && Trim(*expected_vkey) != vkey) {
    return fail("the bundle's key is not the key the auditor expects");
  }
  auto note = ReadFile(dir + "/checkpoint.note");
  if (!note) return Fail(note.error());
  auto cp = ParseAndVerifyCheckpoint(*note, vkey);
  if (!cp) return fail("checkpoint.note: " + cp.error().ToString());
  report.checkpoint = *cp;
  // What the bundle claims, signed: everything below must match it exactly.
  auto manifest_note = ReadFile(dir + "/manifest.note");
  if (!manifest_note) {
    return fail("the bundle has no manifest.note: nothing signed states its range, so it could have been cut short");
  }
  auto manifest = OpenManifest(*manifest_note, vkey);
  if (!manifest) return fail("manifest.note: " + manifest.error().ToString());
  if (manifest->checkpoint_size != cp->size) {
    return fail("the manifest names the checkpoint of size " + std::to_string(manifest->checkpoint_size) +
                ", the bundle holds the one of size " + std::to_string(cp->size));
  }
  report.first = manifest->first;
  report.last = manifest->last;

  capnp::JsonCodec json;
  json.handleByAnnotation<schema::BundleEvent>();
  json.handleByAnnotation<schema::BundleCheckpoint>();

  // Earlier checkpoints: signed by the same key, and extended by the bundle's checkpoint.
  std::ifstream checkpoints(dir + "/checkpoints.jsonl");
  std::string text;
  std::map<uint64_t, Checkpoint> earlier;
  for (size_t n = 1; std::getline(checkpoints, text); ++n) {
    if (text.empty()) continue;
    try {
      capnp::MallocMessageBuilder msg;
      auto line = msg.initRoot<schema::BundleCheckpoint>();
      DecodeJson(json, text, line);
      auto old = ParseAndVerifyCheckpoint(line.getNote().cStr(), vkey);
      if (!old) return fail("checkpoints.jsonl line " + std::to_string(n) + ": " + old.error().ToString());
      auto proof = ParseProof(line.asReader().getConsistencyProof());
      if (!proof) return fail("checkpoints.jsonl line " + std::to_string(n) + ": " + proof.error().message);
      if (auto st = CheckpointExtends(*old, *cp, *proof); !st) {
        return fail("checkpoint of size " + std::to_string(old->size) +
                    " is not extended by the latest: " + st.error().ToString());
      }
      earlier[old->size] = *old;
      ++report.checkpoints;
    } catch (const kj::Exception& e) {
      return fail("checkpoints.jsonl line " + std::to_string(n) + " is malformed: " +
                  e.getDescription().cStr());
    }
  }

  for (uint64_t size : manifest->earlier) {
    if (!earlier.contains(size)) {
      return fail("the earlier checkpoint of size " + std::to_string(size) +
                  " that the manifest names is missing from checkpoints.jsonl");
    }
  }
  if (earlier.size() != manifest->earlier.size()) {
    return fail("checkpoints.jsonl holds checkpoints the manifest does not name");
  }

  // A period: the checkpoints closing the day before it and its last day bound the range.
  int64_t period_start = 0, period_end = 0;
  if (!manifest->from_date.empty()) {
    auto closes = [&](uint64_t size, const std::string& day) {
      const Checkpoint* c = size == cp->size ? &*cp : nullptr;
      if (auto it = earlier.find(size); it != earlier.end()) c = &it->second;
      if (c == nullptr) return false;
      auto days = ClosedDays(*c);
      return std::find(days.begin(), days.end(), day) != days.end();
    };
    auto from = ParseDay(manifest->from_date);
    auto to = ParseDay(manifest->to_date);
    const std::string before = FormatDay(std::chrono::sys_days(*from) - std::chrono::days(1));
    if (!closes(manifest->last, manifest->to_date)) {
      return fail("no signed checkpoint in the bundle closes " + manifest->to_date + " at position " +
                  std::to_string(manifest->last) + ", the period's last event");
    }
    if (manifest->first > 1 && !closes(manifest->first - 1, before)) {
      return fail("no signed checkpoint in the bundle closes " + before + " at position " +
                  std::to_string(manifest->first - 1) + ", the event before the period");
    }
    period_start = LaPazDayStartNs(*from);
    period_end = LaPazDayStartNs(std::chrono::sys_days(*to) + std::chrono::days(1));
    report.from_date = manifest->from_date;
    report.to_date = manifest->to_date;
  }

  if (trusted_note) {
    auto trusted = ParseAndVerifyCheckpoint(*trusted_note, vkey);
    if (!trusted) return fail("trusted checkpoint: " + trusted.error().ToString());
    if (trusted->size > cp->size) {
      return fail("log rolled back: the auditor saw " + std::to_string(trusted->size) +
                  " events, the bundle's checkpoint has " + std::to_string(cp->size));
    }
    const Checkpoint* match = trusted->size == cp->size ? &*cp : nullptr;
    if (auto it = earlier.find(trusted->size); it != earlier.end()) match = &it->second;
    if (match == nullptr) {
      return fail("the bundle has no checkpoint of size " + std::to_string(trusted->size) +
                  " to prove it extends the trusted one");
    }
    if (match->root != trusted->root) {
      return fail("fork: the ledger signed another root at size " + std::to_string(trusted->size));
    }
  }

  // The event before the range (when it starts after 1) anchors the first one's chain link.
  const uint64_t start = manifest->first > 1 ? manifest->first - 1 : 1;
  std::ifstream events(dir + "/events.jsonl");
  std::optional<Hash32> prev;
  uint64_t expected = start;
  for (size_t n = 1; std::getline(events, text); ++n) {
    if (text.empty()) continue;
    try {
      capnp::MallocMessageBuilder msg;
      auto line = msg.initRoot<schema::BundleEvent>();
      DecodeJson(json, text, line);
      if (n == 1 && line.getPosition() != start) {
        return fail("events.jsonl starts at position " + std::to_string(line.getPosition()) +
                        " but the manifest's range needs it to start at " + std::to_string(start) +
                        (start < manifest->first ? " (the event before the range)" : "") +
                        ": events are missing at the start",
                    start);
      }
      if (expected > manifest->last) {
        return fail("events.jsonl goes past the manifest's last position " + std::to_string(manifest->last),
                    expected);
      }
      Hash32 hash;
      std::string problem = CheckEventLine(line.asReader(), expected, prev, *cp, &hash);
      if (!problem.empty()) return fail(std::move(problem), expected);
      prev = hash;
      if (period_end != 0) {
        const int64_t at = line.asReader().getEvent().getRecordedAtNs();
        const bool inside = at >= period_start && at < period_end;
        if (expected >= manifest->first ? !inside : at >= period_start) {
          return fail("event " + std::to_string(expected) + " was recorded " +
                          (expected >= manifest->first ? "outside" : "within") + " the period " +
                          manifest->from_date + ".." + manifest->to_date,
                      expected);
        }
      }
      if (expected >= manifest->first) ++report.events;
      ++expected;
      if (progress && (report.events & 0xfff) == 0) progress(expected - 1);
    } catch (const kj::Exception& e) {
      return fail("events.jsonl line " + std::to_string(n) + " is malformed: " +
                      e.getDescription().cStr(),
                  expected);
    }
  }
  if (expected <= manifest->last) {
    return fail("events.jsonl ends before position " + std::to_string(expected) + ": events " +
                    std::to_string(expected) + ".." + std::to_string(manifest->last) +
                    " of the manifest's range are missing at the end",
                expected);
  }
  return report;
}

}  // namespace bitacora
