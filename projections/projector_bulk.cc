// Projector's bulk commit (ProjectorOptions::bulk, a rebuild into a fresh generation): the same
// keys and values a WriteBatch commit would write, as three sorted SST files over disjoint key
// ranges — the folders (f/), the indexes (i/), and the records, numbering counters, format and
// checkpoint (m/, r/, s/) — built on three threads and ingested in one atomic step, so the
// database still holds the views exactly as of its checkpoint.
#include <algorithm>
#include <array>
#include <filesystem>
#include <thread>
#include <utility>
#include <vector>

#include "projections/codec.h"
#include "projections/projector.h"

namespace bitacora::projections {

Status Projector::CommitSst() {
  const std::string base = db_.path() + "/bulk-" + std::to_string(applied_.position);
  const std::array<std::string, 3> paths = {base + "-f.sst", base + "-i.sst", base + "-r.sst"};
  std::array<bool, 3> written = {false, false, false};
  // Each writer reads and clears only its own part of the projector's state.
  Status folders = Ok();
  Status indexes = Ok();
  std::thread folder_writer([&] { folders = WriteFolderSst(paths[0], written[0]); });
  std::thread index_writer([&] { indexes = WriteIndexSst(paths[1], written[1]); });
  Status records = WriteRecordSst(paths[2], written[2]);
  folder_writer.join();
  index_writer.join();
  for (const Status* s : {&folders, &indexes, &records}) {
    if (*s) continue;
    for (const std::string& path : paths) {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
    return *s;
  }
  std::vector<std::string> files;
  for (size_t i = 0; i < paths.size(); ++i) {
    if (written[i]) files.push_back(paths[i]);
  }
  return db_.Ingest(files);
}

Status Projector::WriteFolderSst(const std::string& path, bool& written) {
  std::vector<std::pair<std::string, const std::string*>> segments;
  segments.reserve(folders_.size());
  for (const auto& [ci, segment] : folders_) {
    segments.emplace_back(FolderSegmentKey(ci, segment.first_position), &segment.bytes);
  }
  std::sort(segments.begin(), segments.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  auto file = SstFile::Create(db_, path);
  if (!file) return Fail(file.error());
  for (const auto& [key, bytes] : segments) {
    if (Status s = (*file)->Put(key, *bytes); !s) return s;
  }
  auto finished = (*file)->Finish();
  if (!finished) return Fail(finished.error());
  written = *finished;
  folders_.clear();
  return Ok();
}

Status Projector::WriteIndexSst(const std::string& path, bool& written) {
  auto file = SstFile::Create(db_, path);
  if (!file) return Fail(file.error());
  // Nothing committed yet: a deletion would hide nothing.
  if (Status s = bulk_index_.WriteTo(**file, /*deletions=*/committed_.position > 0); !s) return s;
  auto finished = (*file)->Finish();
  if (!finished) return Fail(finished.error());
  written = *finished;
  bulk_index_.Clear();
  return Ok();
}

Status Projector::WriteRecordSst(const std::string& path, bool& written) {
  SortedRun run;
  TakeDirty([&run](std::string_view key, std::string_view value) { run.Put(key, value); });
  std::string value;
  PutBE64(value, kFormatVersion);
  run.Put(keys::kFormat, value);
  run.Put(keys::kCheckpoint, CheckpointValue(applied_));
  auto file = SstFile::Create(db_, path);
  if (!file) return Fail(file.error());
  if (Status s = run.WriteTo(**file); !s) return s;
  auto finished = (*file)->Finish();
  if (!finished) return Fail(finished.error());
  written = *finished;
  return Ok();
}

}  // namespace bitacora::projections
