#include "core/store/backup_target.h"

#include <filesystem>
#include <iterator>

namespace fs = std::filesystem;

namespace bitacora {
namespace {

fs::path Resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return fs::absolute(path, ec).lexically_normal();
  return p;
}

// `child` equals `parent` or lies under it, component by component (both already resolved).
bool Under(const fs::path& child, const fs::path& parent) {
  auto c = child.begin();
  for (auto p = parent.begin(); p != parent.end(); ++p, ++c) {
    if (p->empty() && std::next(p) == parent.end()) break;  // a trailing separator
    if (c == child.end() || *c != *p) return false;
  }
  return true;
}

Error Refused() {
  return MakeError(Code::kBackupPathRefused,
                   "No se puede escribir la copia de seguridad en esa ruta: indique una carpeta nueva "
                   "dentro de la raíz de copias del servidor (--backup-root), cuya carpeta madre ya exista, "
                   "sin «..» y fuera de la carpeta de datos.");
}

}  // namespace

bool IsInsideFolder(const std::string& path, const std::string& folder) {
  return Under(Resolved(path), Resolved(folder));
}

Result<std::string> ResolveApiBackupTarget(const std::string& out, const std::string& root,
                                           const std::string& data_dir) {
  const fs::path requested(out);
  if (root.empty() || !requested.is_absolute() || !requested.has_filename()) return Fail(Refused());
  for (const fs::path& part : requested) {
    if (part == "." || part == "..") return Fail(Refused());
  }
  std::error_code ec;
  const fs::path parent = fs::canonical(requested.parent_path(), ec);  // must exist: none is created
  if (ec || !fs::is_directory(parent, ec)) return Fail(Refused());
  const fs::path target = parent / requested.filename();
  if (fs::exists(fs::symlink_status(target, ec))) return Fail(Refused());
  const fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return Fail(Refused());
  if (!Under(target, canonical_root) || target == canonical_root) return Fail(Refused());
  if (!data_dir.empty() && Under(target, Resolved(data_dir))) return Fail(Refused());
  return target.string();
}

}  // namespace bitacora
