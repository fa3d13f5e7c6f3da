#include "app/malloc_tuning.h"

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace bitacora::app {

bool LimitMallocArenas(size_t arenas) {
  if (arenas == 0) return true;
  return mallopt(M_ARENA_MAX, static_cast<int>(arenas)) == 1;
}

bool FixMallocMmapThreshold(size_t bytes) {
  if (bytes == 0) return true;
  if (bytes > kMaxMallocMmapThreshold) return false;
  return mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes)) == 1;
}

size_t MallocArenas() {
  char* text = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&text, &size);
  if (out == nullptr) return 0;
  malloc_info(0, out);
  std::fclose(out);
  size_t arenas = 0;
  const std::string_view xml(text, size);
  for (size_t at = xml.find("<heap nr="); at != std::string_view::npos; at = xml.find("<heap nr=", at + 1)) ++arenas;
  std::free(text);
  return arenas;
}

PeriodicTrim::PeriodicTrim(std::chrono::milliseconds period, std::function<void()> trim)
    : trim_(trim ? std::move(trim) : [] { malloc_trim(0); }) {
  if (period.count() <= 0) return;
  thread_ = std::thread([this, period] {
    while (!stop_.WaitFor(period)) trim_();
  });
}

PeriodicTrim::~PeriodicTrim() {
  stop_.Stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace bitacora::app
