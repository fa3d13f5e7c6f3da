#include "cli/cli_context.h"

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <map>

namespace bitacora {

Result<EventStore*> CliContext::Store() {
  if (!store_) {
    auto opened = EventStore::Open(StoreOptions{.path = data_dir,
                                                .min_free_bytes = min_free_bytes,
                                                .rocks = rocks,
                                                .version_cache_streams = version_cache_streams});
    if (!opened) return Fail(opened.error());
    store_ = std::move(*opened);
  }
  return store_.get();
}

Result<uint64_t> ParseByteSize(const std::string& text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  std::string unit = text.substr(digits);
  for (char& c : unit) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::map<std::string, uint64_t> kUnits = {
      {"", 1}, {"b", 1},
      {"k", 1000}, {"kb", 1000}, {"m", 1000'000}, {"mb", 1000'000},
      {"g", 1000'000'000}, {"gb", 1000'000'000}, {"t", 1000'000'000'000}, {"tb", 1000'000'000'000},
      {"kib", uint64_t{1} << 10}, {"mib", uint64_t{1} << 20}, {"gib", uint64_t{1} << 30},
      {"tib", uint64_t{1} << 40}};
  const auto factor = kUnits.find(unit);
  const uint64_t count = digits == 0 || digits > 15 ? 0 : std::stoull(text.substr(0, digits));
  if (digits == 0 || digits > 15 || factor == kUnits.end() ||
      count > UINT64_MAX / factor->second) {
    return Fail(Code::kBadSize, "tamaño no válido: \"" + text + "\" (use bytes o una unidad: 512MiB, 1GiB, 500MB)");
  }
  return count * factor->second;
}

int ExitCode(const Error& error) {
  const ErrorCodeInfo* row = FindErrorCode(error.code);
  return row != nullptr ? row->exit_code : ExitCodeOf(error.kind);
}

int ReportError(const Error& error) {
  std::fprintf(stderr, "bitacora: %s\n", error.ToString().c_str());
  return ExitCode(error);
}

}  // namespace bitacora
