// The free-space floor: appends are refused, with nothing written, while the filesystem that holds
// the store has less free space than a configured floor, so that RocksDB never runs out of space
// in the middle of a write (docs/operations.md, "Disk space").
#ifndef BITACORA_CORE_STORE_DISK_SPACE_H_
#define BITACORA_CORE_STORE_DISK_SPACE_H_

#include <cstdint>
#include <functional>
#include <string>

#include "core/result.h"

namespace bitacora {

// Reports the bytes free (for an unprivileged writer) on the filesystem that holds a folder.
// Injectable so that tests can pretend the disk is full.
using DiskSpaceProbe = std::function<Result<uint64_t>(const std::string& path)>;

// The real probe: statvfs(path), f_bavail * f_frsize. kIOError when statvfs fails.
[[nodiscard]] Result<uint64_t> StatvfsFreeBytes(const std::string& path);

// Whether a write of `batch_bytes` may go ahead with `free_bytes` free and a floor of
// `floor_bytes` (0: no floor). Refuses with kUnavailable "disk_space_low" when
// free_bytes - batch_bytes < floor_bytes; the Spanish message states the free bytes and the floor.
[[nodiscard]] Status CheckFloor(uint64_t free_bytes, uint64_t batch_bytes, uint64_t floor_bytes);

}  // namespace bitacora

#endif  // BITACORA_CORE_STORE_DISK_SPACE_H_
