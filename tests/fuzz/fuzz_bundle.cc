// Fuzzes the audit bundle reader, VerifyBundle (core/audit/bundle.h), which an auditor runs on a
// folder that may come from anywhere. The input is the bundle's files one after another, each
// ended by a line "--8<-- bitacora fuzz --8<--": ledger.vkey, checkpoint.note, checkpoints.jsonl,
// events.jsonl, manifest.note, then optionally a trusted checkpoint note (corpus/bundle). The target writes
// them into a scratch folder and verifies it: a report (ok or not) or an error, never a crash.
#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "core/audit/bundle.h"

namespace {

constexpr std::string_view kSeparator = "--8<-- bitacora fuzz --8<--\n";
constexpr const char* kFiles[] = {"ledger.vkey", "checkpoint.note", "checkpoints.jsonl",
                                  "events.jsonl", "manifest.note"};

// A folder of its own for this process, removed at exit (the string is never destroyed, so
// that it outlives the exit handler).
const std::string& ScratchDir() {
  static const std::string* dir = [] {
    auto* path = new std::string((std::filesystem::temp_directory_path() / "bitacora-fuzz-bundle-XXXXXX").string());
    if (mkdtemp(path->data()) == nullptr) std::abort();
    std::atexit([] { std::filesystem::remove_all(ScratchDir()); });
    return path;
  }();
  return *dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string& dir = ScratchDir();
  std::optional<std::string> trusted;
  for (int part = 0; part < 6; ++part) {
    const size_t end = input.find(kSeparator);
    const std::string_view text = input.substr(0, end);
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + kSeparator.size());
    if (part == 5) {
      if (!text.empty()) trusted = std::string(text);
      break;
    }
    std::ofstream(dir + "/" + kFiles[part], std::ios::binary | std::ios::trunc)
        .write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  auto report = bitacora::VerifyBundle(dir, std::nullopt, trusted, nullptr);
  if (report && !report->ok && report->problem.empty()) std::abort();  // a failure says what
  return 0;
}
