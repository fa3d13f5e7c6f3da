// glibc malloc under `bitacora serve`: fewer arenas than glibc's eight per core, and freed memory
// handed back to the system now and then (docs/operations.md, "Memory"). Each thread that
// allocates is given an arena; memory freed in an arena stays in it for that arena's next
// allocations, so a server with a hundred request threads keeps tens of MiB it no longer uses.
#ifndef BITACORA_APP_MALLOC_TUNING_H_
#define BITACORA_APP_MALLOC_TUNING_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <thread>

#include "app/stop_signal.h"

namespace bitacora::app {

// Caps glibc's arenas at `arenas` (mallopt M_ARENA_MAX). Call before the process starts its
// threads; threads already attached to an arena keep it. 0 leaves glibc's default. False when
// glibc refuses the setting.
bool LimitMallocArenas(size_t arenas);

// The largest threshold FixMallocMmapThreshold takes: the most glibc's own moving threshold
// reaches (DEFAULT_MMAP_THRESHOLD_MAX on 64 bits).
inline constexpr size_t kMaxMallocMmapThreshold = size_t{32} << 20;

// Fixes glibc's mmap threshold at `bytes` (mallopt M_MMAP_THRESHOLD): every allocation of at
// least `bytes` gets pages of its own, which go back to the system when it is freed. Left alone,
// glibc raises the threshold to the size of each mmapped block freed, up to 32 MiB, so after the
// first memtable is freed its 1 MiB blocks, and large answers, come from the arenas and leave
// holes there between the trims. 0 leaves glibc's moving threshold. False, changing nothing,
// when `bytes` exceeds kMaxMallocMmapThreshold or glibc refuses it. Call before the process
// starts its threads; not thread-safe.
bool FixMallocMmapThreshold(size_t bytes);

// The arenas glibc has made so far (from malloc_info). Thread-safe.
size_t MallocArenas();

// Calls `trim` (default: malloc_trim(0), which returns the free pages of every arena to the
// system) every `period` on its own thread, until destroyed. A zero period starts no thread.
class PeriodicTrim {
 public:
  explicit PeriodicTrim(std::chrono::milliseconds period, std::function<void()> trim = nullptr);
  ~PeriodicTrim();  // stops and joins the thread at once, without waiting for the period
  PeriodicTrim(const PeriodicTrim&) = delete;
  PeriodicTrim& operator=(const PeriodicTrim&) = delete;

 private:
  std::function<void()> trim_;
  StopSignal stop_;
  std::thread thread_;
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_MALLOC_TUNING_H_
