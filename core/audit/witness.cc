#include "core/audit/witness.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/audit/base64.h"
#include "core/audit/checkpoint.h"
#include "core/audit/cosignature.h"
#include "core/crypto/sha256.h"
#include "core/merkle/merkle.h"
#include "core/merkle/verify.h"

namespace bitacora {
namespace {

namespace fs = std::filesystem;
constexpr size_t kMaxProofLines = 63;

WitnessResponse Answer(int status, std::string body) {
  return WitnessResponse{status, "text/plain; charset=utf-8", std::move(body) + "\n"};
}

std::optional<uint64_t> Decimal(std::string_view text) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || (text.size() > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  return n;
}

std::optional<std::string> ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Writes `text` to `path` durably and atomically: a temporary file written and fsynced, renamed
// over `path`, and the folder fsynced, so a crash leaves the old state or the new, never neither.
Status WriteAtomically(const fs::path& path, std::string_view text) {
  const std::string tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Fail(Code::kWriteFailed, "cannot create " + tmp);
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  const bool written = done == text.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!written || ::rename(tmp.c_str(), path.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Fail(Code::kWriteFailed, "cannot write " + path.string());
  }
  const int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
  return Ok();
}

}  // namespace

Result<std::unique_ptr<Witness>> Witness::Open(WitnessOptions options, SigningKey key) {
  if (!IsValidKeyName(options.name)) return Fail(Code::kBadKeyName, "\"" + options.name + "\" cannot name a witness");
  std::vector<NoteVerifier> logs;
  for (const std::string& vkey : options.log_keys) {
    auto v = ParseVerifierKey(vkey);
    if (!v) return Fail(v.error());
    logs.push_back(*v);
  }
  std::error_code ec;
  fs::create_directories(fs::path(options.state_dir) / "evidence", ec);
  if (ec) return Fail(Code::kMkdirFailed, options.state_dir + ": " + ec.message());
  if (!options.clock) {
    options.clock = [] {
      return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now().time_since_epoch()).count());
    };
  }
  return std::unique_ptr<Witness>(new Witness(std::move(options), std::move(key), std::move(logs)));
}

Witness::Witness(WitnessOptions options, SigningKey key, std::vector<NoteVerifier> logs)
    : options_(std::move(options)), key_(std::move(key)), logs_(std::move(logs)) {}

std::string Witness::StatePath(std::string_view origin) const {
  return (fs::path(options_.state_dir) / (ToHex(Sha256({origin})).substr(0, 32) + ".note")).string();
}

Result<std::optional<std::string>> Witness::Latest(std::string_view origin) const {
  std::lock_guard lock(mu_);
  return ReadAll(StatePath(origin));
}

std::vector<std::string> Witness::Evidence() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(options_.state_dir) / "evidence", ec)) {
    out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

void Witness::KeepEvidence(std::string_view origin, uint64_t size, std::string_view request,
                           std::string_view cosigned, std::string_view why) {
  const std::string stem = ToHex(Sha256({origin})).substr(0, 32) + "-" + std::to_string(size) + "-";
  fs::path path;
  for (int n = 1;; ++n) {
    path = fs::path(options_.state_dir) / "evidence" / (stem + std::to_string(n) + ".txt");
    if (!fs::exists(path)) break;
  }
  std::string text = "why: " + std::string(why) + "\n\n== refused request ==\n" + std::string(request) +
                     "\n== the checkpoint cosigned before ==\n" + std::string(cosigned);
  (void)WriteAtomically(path, text);
}

WitnessResponse Witness::AddCheckpoint(std::string_view request) {
  // "old N\n", proof lines, "\n", then the checkpoint note.
  const size_t blank = request.find("\n\n");
  if (blank == std::string_view::npos) return Answer(400, "expected old size and proof lines, a blank line, a checkpoint");
  std::string_view head = request.substr(0, blank + 1);
  const std::string_view note = request.substr(blank + 2);
  std::vector<std::string_view> lines;
  while (!head.empty()) {
    const size_t nl = head.find('\n');
    lines.push_back(head.substr(0, nl));
    head.remove_prefix(nl + 1);
  }
  if (lines.empty() || !lines[0].starts_with("old ")) return Answer(400, "the first line must be \"old <size>\"");
  const std::optional<uint64_t> old_size = Decimal(lines[0].substr(4));
  if (!old_size) return Answer(400, "the old size is not a decimal without leading zeroes");
  if (lines.size() - 1 > kMaxProofLines) return Answer(400, "more than 63 consistency proof lines");
  std::vector<Hash32> proof;
  for (size_t i = 1; i < lines.size(); ++i) {
    auto hash = Base64Decode(lines[i]);
    if (!hash || hash->size() != 32) return Answer(400, "proof line " + std::to_string(i) + " is not a base64 hash");
    Hash32 h{};
    std::copy(hash->begin(), hash->end(), h.begin());
    proof.push_back(h);
  }
  const std::string_view origin = note.substr(0, note.find('\n'));
  const NoteVerifier* log = nullptr;
  for (const NoteVerifier& v : logs_) {
    if (v.name == origin) log = &v;
  }
  if (log == nullptr) return Answer(404, "unknown log: " + std::string(origin));
  auto text = OpenNote(note, *log);
  if (!text) {
    return Answer(text.error().Is(Code::kMalformedNote) ? 400 : 403, text.error().message);
  }
  auto cp = ParseCheckpointBody(*text);
  if (!cp) return Answer(400, cp.error().message);
  if (*old_size > cp->size) return Answer(400, "the old size is larger than the checkpoint's");
  if (cp->size == 0 && cp->root != EmptyRoot()) return Answer(422, "a checkpoint of size 0 must have the empty tree's root");

  std::lock_guard lock(mu_);
  const std::optional<std::string> stored = ReadAll(StatePath(origin));
  Checkpoint latest;  // size 0, the empty tree, until the witness has cosigned one
  latest.origin = std::string(origin);
  latest.root = EmptyRoot();
  if (stored) {
    auto stored_text = OpenNote(*stored, *log);
    if (!stored_text) return Answer(500, "the witness's own state does not verify: " + stored_text.error().message);
    auto parsed = ParseCheckpointBody(*stored_text);
    if (!parsed) return Answer(500, "the witness's own state is malformed: " + parsed.error().message);
    latest = *parsed;
  }
  if (*old_size != latest.size) {
    // A fork at the size it holds is evidence even when the client's old size is stale.
    if (stored && cp->size == latest.size && cp->root != latest.root) {
      KeepEvidence(origin, cp->size, request, *stored, "another root at the size already cosigned");
    }
    return WitnessResponse{409, "text/x.tlog.size", std::to_string(latest.size) + "\n"};
  }
  if (*old_size == 0 && !proof.empty()) return Answer(422, "a proof from size 0 must be empty");
  if (Status ok = VerifyConsistency(latest.size, cp->size, latest.root, cp->root, proof); !ok) {
    if (stored) KeepEvidence(origin, cp->size, request, *stored, ok.error().message);
    return Answer(422, "the checkpoint is not consistent with the one cosigned before (size " +
                           std::to_string(latest.size) + "): " + ok.error().message);
  }
  auto cosignature = Cosign(*text, options_.name, key_, options_.clock());
  if (!cosignature) return Answer(500, cosignature.error().message);
  if (Status s = WriteAtomically(StatePath(origin), note); !s) return Answer(500, s.error().message);
  return WitnessResponse{200, "text/plain; charset=utf-8", *cosignature};
}

}  // namespace bitacora
