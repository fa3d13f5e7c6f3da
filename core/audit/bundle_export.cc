#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <filesystem>
#include <fstream>

#include "core/audit/base64.h"
#include "core/audit/bundle.h"
#include "core/audit/bundle_manifest.h"
#include "core/audit/day_checkpoints.h"
#include "core/audit/note.h"
#include "core/audit/ledger_checkpoints.h"
#include "events/audit.capnp.h"

namespace bitacora {
namespace {

Status WriteFile(const std::filesystem::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) return Fail(Code::kWriteFailed, "cannot write " + path.string());
  return Ok();
}

void SetProof(capnp::List<capnp::Text>::Builder list, const std::vector<Hash32>& proof) {
  for (size_t i = 0; i < proof.size(); ++i) list.set(static_cast<unsigned>(i), ToHex(proof[i]));
}

}  // namespace

namespace {

Result<BundleSummary> Export(const EventStore& store, std::string_view vkey, const SigningKey& key,
                             uint64_t from, uint64_t to, std::string_view from_date,
                             std::string_view to_date, const std::string& out_dir,
                             const std::function<void(uint64_t)>& progress) {
  auto latest = LatestCheckpoint(store, vkey);
  if (!latest) {
    if (latest.error().kind == ErrorKind::kNotFound) {
      return Fail(Code::kNoCheckpointCovers, "no signed checkpoint yet: run `bitacora checkpoint sign` first");
    }
    return Fail(latest.error());
  }
  const uint64_t size = latest->checkpoint.size;
  auto verifier = ParseVerifierKey(vkey);
  if (!verifier) return Fail(verifier.error());
  if (verifier->public_key != key.public_key()) {
    return Fail(Code::kNoteNotSignedByKey, "the signing key is not the ledger's published key (ledger.vkey)");
  }
  if (from == 0) from = 1;
  if (to == 0) to = size;
  if (to > size || from > to) {
    return Fail(Code::kNoCheckpointCovers, "the latest checkpoint covers positions 1.." + std::to_string(size) +
                    ", not " + std::to_string(from) + ".." + std::to_string(to) +
                    ": run `bitacora checkpoint sign` first");
  }
  std::error_code ec;
  std::filesystem::path dir(out_dir);
  if (std::filesystem::exists(dir, ec) && !std::filesystem::is_empty(dir, ec)) {
    return Fail(Code::kBundleDirNotEmpty, out_dir + " exists and is not empty");
  }
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(Code::kMkdirFailed, out_dir + ": " + ec.message());

  if (auto st = WriteFile(dir / "ledger.vkey", std::string(vkey) + "\n"); !st) {
    return Fail(st.error());
  }
  if (auto st = WriteFile(dir / "checkpoint.note", latest->note); !st) return Fail(st.error());

  capnp::JsonCodec json;
  json.handleByAnnotation<schema::BundleEvent>();
  json.handleByAnnotation<schema::BundleCheckpoint>();

  auto all = store.Checkpoints();
  if (!all) return Fail(all.error());
  BundleSummary summary{from, to, std::string(from_date), std::string(to_date), size, 0};
  BundleManifest manifest{latest->checkpoint.origin, from, to, size, {}, std::string(from_date),
                          std::string(to_date)};
  {
    std::ofstream out(dir / "checkpoints.jsonl", std::ios::binary | std::ios::trunc);
    for (const auto& [cp_size, note] : *all) {
      if (cp_size >= size) continue;
      auto proof = store.ConsistencyProof(cp_size, size);
      if (!proof) return Fail(proof.error());
      capnp::MallocMessageBuilder msg;
      auto line = msg.initRoot<schema::BundleCheckpoint>();
      line.setSize(cp_size);
      line.setNote(note);
      SetProof(line.initConsistencyProof(static_cast<unsigned>(proof->size())), *proof);
      out << json.encode(line.asReader()).cStr() << '\n';
      manifest.earlier.push_back(cp_size);
      ++summary.checkpoints;
    }
    if (!out) return Fail(Code::kWriteFailed, "cannot write checkpoints.jsonl");
  }

  // The manifest signs the range, the checkpoint and the earlier ones: nothing can be cut.
  auto manifest_note = SignManifest(manifest, key);
  if (!manifest_note) return Fail(manifest_note.error());
  if (auto st = WriteFile(dir / "manifest.note", *manifest_note); !st) return Fail(st.error());

  // From the event before the range, so that the first one's link to it is checked.
  std::ofstream out(dir / "events.jsonl", std::ios::binary | std::ios::trunc);
  for (uint64_t next = from > 1 ? from - 1 : from; next <= to;) {
    auto events = store.ReadLog(next, std::min<uint64_t>(4096, to - next + 1));
    if (!events) return Fail(events.error());
    if (events->empty()) {
      return Fail(Code::kMissingEvent, "event " + std::to_string(next) + " is missing from the log");
    }
    for (const StoredEvent& e : *events) {
      auto proof = store.InclusionProof(e.position(), size);
      if (!proof) return Fail(proof.error());
      capnp::MallocMessageBuilder msg;
      auto line = msg.initRoot<schema::BundleEvent>();
      line.setPosition(e.position());
      std::string_view bytes = e.bytes();
      line.setCanonical(
          kj::arrayPtr(reinterpret_cast<const kj::byte*>(bytes.data()), bytes.size()));
      SetProof(line.initInclusionProof(static_cast<unsigned>(proof->size())), *proof);
      line.setEvent(e.envelope());
      out << json.encode(line.asReader()).cStr() << '\n';
      next = e.position() + 1;
    }
    if (progress) progress(next - 1);
  }
  out.close();
  if (!out) return Fail(Code::kWriteFailed, "cannot write events.jsonl");
  return summary;
}

}  // namespace

Result<BundleSummary> ExportBundle(const EventStore& store, std::string_view vkey,
                                   const SigningKey& key, uint64_t from, uint64_t to,
                                   const std::string& out_dir,
                                   const std::function<void(uint64_t)>& progress) {
  return Export(store, vkey, key, from, to, "", "", out_dir, progress);
}

Result<BundleSummary> ExportPeriod(const EventStore& store, std::string_view vkey,
                                   const SigningKey& key, std::string_view from_date,
                                   std::string_view to_date, const std::string& out_dir,
                                   const std::function<void(uint64_t)>& progress) {
  auto from_day = ParseDay(from_date);
  auto to_day = ParseDay(to_date);
  if (!from_day || !to_day || std::chrono::sys_days(*to_day) < std::chrono::sys_days(*from_day)) {
    return Fail(Code::kBadDate, "the period needs two dates YYYY-MM-DD, the first not after the second");
  }
  // The last position: the checkpoint closing the last day.
  auto closing = DayCheckpoint(store, vkey, *to_day);
  if (!closing) return Fail(closing.error());
  const uint64_t last = closing->checkpoint.size;
  // The first: after the checkpoint closing the day before, or 1 if nothing came before.
  auto before = SizeBefore(store, LaPazDayStartNs(*from_day));
  if (!before) return Fail(before.error());
  if (*before > 0) {
    auto opening = DayCheckpoint(store, vkey, std::chrono::sys_days(*from_day) - std::chrono::days(1));
    if (!opening) return Fail(opening.error());
  }
  if (*before + 1 > last) {
    return Fail(Code::kNoCheckpointCovers, "no event was recorded from " + std::string(from_date) + " to " +
                    std::string(to_date));
  }
  return Export(store, vkey, key, *before + 1, last, FormatDay(*from_day), FormatDay(*to_day), out_dir,
                progress);
}

}  // namespace bitacora
