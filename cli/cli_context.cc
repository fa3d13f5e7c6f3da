#include "cli/cli_context.h"

#include <cstdio>

namespace bitacora {

Result<EventStore*> CliContext::Store() {
  if (!store_) {
    auto opened = EventStore::Open(StoreOptions{.path = data_dir});
    if (!opened) return Fail(opened.error());
    store_ = std::move(*opened);
  }
  return store_.get();
}

int ExitCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return 2;
    case ErrorKind::kUnauthenticated:
    case ErrorKind::kPermissionDenied: return 3;
    case ErrorKind::kNotFound: return 4;
    case ErrorKind::kConflict: return 5;
    case ErrorKind::kRefused: return 6;
    case ErrorKind::kCorruption:
    case ErrorKind::kIOError:
    case ErrorKind::kUnavailable:
    case ErrorKind::kInternal: return 1;
  }
  return 1;
}

int ReportError(const Error& error) {
  std::fprintf(stderr, "bitacora: %s\n", error.ToString().c_str());
  return ExitCode(error.kind);
}

}  // namespace bitacora
