#include "core/store/disk_space.h"

#include <sys/statvfs.h>

#include <cerrno>
#include <cstring>

namespace bitacora {

Result<uint64_t> StatvfsFreeBytes(const std::string& path) {
  struct statvfs st {};
  if (statvfs(path.c_str(), &st) != 0) {
    return Fail(Code::kStatvfsFailed, "statvfs " + path + ": " + std::strerror(errno));
  }
  return static_cast<uint64_t>(st.f_bavail) * static_cast<uint64_t>(st.f_frsize);
}

Status CheckFloor(uint64_t free_bytes, uint64_t batch_bytes, uint64_t floor_bytes) {
  if (floor_bytes == 0) return Ok();
  if (free_bytes >= batch_bytes && free_bytes - batch_bytes >= floor_bytes) return Ok();
  return Fail(Code::kDiskSpaceLow, "Espacio en disco insuficiente: quedan " + std::to_string(free_bytes) +
                  " bytes libres y el mínimo configurado es " + std::to_string(floor_bytes) +
                  " bytes (esta escritura ocupa " + std::to_string(batch_bytes) +
                  "). No se registró nada; libere espacio y vuelva a intentarlo.");
}

}  // namespace bitacora
