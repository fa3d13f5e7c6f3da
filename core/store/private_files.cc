#include "core/store/private_files.h"

#include <sys/stat.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace bitacora {

void KeepNewFilesPrivate() {
  // umask(077) first: between the two calls the mask is 077, never wider than the one it had
  // for group and others.
  const mode_t before = ::umask(077);
  if ((before | 077) != 077) ::umask(before | 077);
}

Status MakeTreePrivate(const std::string& path) {
  std::error_code ec;
  auto chmod_one = [](const fs::path& p, fs::file_status st) -> Status {
    mode_t mode = 0;
    if (fs::is_directory(st)) {
      mode = 0700;
    } else if (fs::is_regular_file(st)) {
      mode = 0600;
    } else {
      return Ok();  // symbolic links and the like: left alone
    }
    if (::chmod(p.c_str(), mode) != 0) return Fail(Code::kIoError, "cannot chmod " + p.string());
    return Ok();
  };
  const fs::file_status top = fs::symlink_status(path, ec);
  if (ec) return Fail(Code::kIoError, "cannot stat " + path + ": " + ec.message());
  if (Status s = chmod_one(path, top); !s) return s;
  if (!fs::is_directory(top)) return Ok();
  for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (Status s = chmod_one(it->path(), it->symlink_status(ec)); !s) return s;
  }
  if (ec) return Fail(Code::kIoError, "cannot list " + path + ": " + ec.message());
  return Ok();
}

bool IsSharedWithOthers(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return false;
  return (st.st_mode & 077) != 0;
}

}  // namespace bitacora
