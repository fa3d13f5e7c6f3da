#include "core/store/backup.h"

#include <rocksdb/utilities/checkpoint.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/store/backup_target.h"
#include "core/store/private_files.h"
#include "core/store/store_impl.h"

namespace fs = std::filesystem;

namespace bitacora {
namespace {

// `dir` as an absolute path without a trailing separator.
fs::path Clean(const std::string& dir) {
  std::error_code ec;
  fs::path p = fs::absolute(dir, ec).lexically_normal();
  if (!p.has_filename() && p.has_parent_path()) p = p.parent_path();
  return p;
}

Error FsError(const std::string& what, const std::error_code& ec) {
  return MakeError(Code::kIoError, what + ": " + ec.message());
}

std::string ManifestText(const BackupInfo& info) {
  return "bitacora-backup 1\nposition " + std::to_string(info.head.position) + "\nhash " +
         ToHex(info.head.hash) + "\nroot " + ToHex(info.root) + "\n";
}

// Writes the manifest through a temporary file and a rename, so it is whole or absent.
Status WriteManifest(const std::string& dir, const BackupInfo& info) {
  const std::string path = dir + "/" + kBackupManifest;
  {
    std::ofstream out(path + ".tmp", std::ios::binary | std::ios::trunc);
    out << ManifestText(info);
    out.flush();
    if (!out) return Fail(Code::kIoError, "cannot write " + path);
  }
  std::error_code ec;
  fs::rename(path + ".tmp", path, ec);
  if (ec) return Fail(FsError("rename " + path, ec));
  return Ok();
}

Result<BackupInfo> ReadManifest(const std::string& dir) {
  std::ifstream in(dir + "/" + kBackupManifest, std::ios::binary);
  std::string magic, version, k1, k2, k3, hash, root;
  BackupInfo info;
  if (!(in >> magic >> version >> k1 >> info.head.position >> k2 >> hash >> k3 >> root) ||
      magic != "bitacora-backup" || version != "1" || k1 != "position" || k2 != "hash" ||
      k3 != "root" || !FromHex(hash, &info.head.hash) || !FromHex(root, &info.root)) {
    return Fail(Code::kBadBackupManifest, "El manifiesto " + dir + "/" + kBackupManifest + " está dañado o incompleto.");
  }
  return info;
}

}  // namespace

Status RequireEmptyTarget(const std::string& dir, const std::string& what) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return Ok();
  if (fs::is_directory(dir, ec) && fs::is_empty(dir, ec) && !ec) return Ok();
  return Fail(Code::kTargetNotEmpty, "La carpeta de " + what + " " + dir +
                  " ya existe y no está vacía; indique una carpeta nueva o vacía.");
}

Result<BackupInfo> EventStore::Backup(const std::string& out_dir) const {
  if (IsInsideFolder(out_dir, impl_->options.path)) {
    return Fail(Code::kBackupPathRefused, "La copia de seguridad no puede ir dentro de la carpeta de datos " +
                                              impl_->options.path + ": indique una carpeta fuera de ella.");
  }
  if (Status empty = RequireEmptyTarget(out_dir, "destino de la copia"); !empty) {
    return Fail(empty.error());
  }
  std::error_code ec;
  const fs::path out = Clean(out_dir);
  fs::remove(out, ec);  // an empty folder: RocksDB creates the checkpoint folder itself
  const fs::path parent = out.parent_path();
  fs::create_directories(parent, ec);
  if (ec) return Fail(FsError("create " + parent.string(), ec));
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(impl_->db.get(), &raw);
  if (!s.ok()) return Fail(FromRocks(s, "backup"));
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  BackupInfo info;
  {
    // No group commit while the head is read and the checkpoint taken: they must agree.
    std::lock_guard<std::mutex> lock(impl_->commit_mu);
    info.head = GetHead();
    if (impl_->options.merkle) {
      auto root = MerkleRoot(info.head.position);
      if (!root) return Fail(root.error());
      info.root = *root;
    }
    s = checkpoint->CreateCheckpoint(out.string(), /*log_size_for_flush=*/0);
  }
  if (!s.ok()) return Fail(FromRocks(s, "backup to " + out_dir));
  if (Status written = WriteManifest(out.string(), info); !written) return Fail(written.error());
  // Hard-linked files share the store's 0600 inodes; copied ones and the folder are made so too.
  if (Status privy = MakeTreePrivate(out.string()); !privy) return Fail(privy.error());
  return info;
}

const std::string& EventStore::path() const { return impl_->options.path; }

Result<BackupInfo> RestoreBackup(const std::string& from, const std::string& data_dir) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) {
    return Fail(Code::kBackupNotFound, "No existe la copia de seguridad " + from + ".");
  }
  if (!fs::exists(fs::path(from) / kBackupManifest, ec)) {
    return Fail(Code::kNotABackup, from + " no es una copia de seguridad de Bitácora (falta " + kBackupManifest +
                    "; se crea con `bitacora backup --out`).");
  }
  auto manifest = ReadManifest(from);
  if (!manifest) return Fail(manifest.error());
  if (Status empty = RequireEmptyTarget(data_dir, "datos"); !empty) return Fail(empty.error());

  const fs::path target = Clean(data_dir);
  const fs::path staging = target.string() + ".restaurando-" + std::to_string(getpid());
  fs::remove_all(staging, ec);
  fs::create_directories(target.parent_path(), ec);
  fs::copy(from, staging, fs::copy_options::recursive, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    return Fail(Code::kIoError, "cannot copy " + from + " to " + staging.string());
  }
  fs::remove(staging / kBackupManifest, ec);
  BackupInfo found;
  Status checked = [&]() -> Status {
    auto store = EventStore::Open(StoreOptions{.path = staging.string(), .min_free_bytes = 0});
    if (!store) return Fail(store.error());
    auto report = (*store)->Verify(1, 0);
    if (!report) return Fail(report.error());
    if (!report->ok) {
      return Fail(Code::kBackupDoesNotVerify, "La copia no se verifica en la posición " +
                      std::to_string(report->first_bad_position) + ": " + report->problem);
    }
    found.head = (*store)->GetHead();
    found.root = report->root;
    found.checked = report->checked;
    if (found.head.position != manifest->head.position || found.head.hash != manifest->head.hash ||
        found.root != manifest->root) {
      return Fail(Code::kBackupMismatch, "La copia contiene la posición " + std::to_string(found.head.position) +
                      " pero su manifiesto indica " + std::to_string(manifest->head.position) +
                      " (o difieren el hash o la raíz de Merkle).");
    }
    return Ok();
  }();
  if (!checked) {
    fs::remove_all(staging, ec);
    return Fail(checked.error());
  }
  fs::remove(target, ec);  // an empty folder, if any
  fs::rename(staging, target, ec);
  if (ec) {
    Error error = FsError("move " + staging.string() + " to " + target.string(), ec);
    fs::remove_all(staging, ec);
    return Fail(error);
  }
  // fs::copy keeps the modes of the backup's files, which may have been loosened on the way.
  if (Status privy = MakeTreePrivate(target.string()); !privy) return Fail(privy.error());
  return found;
}

}  // namespace bitacora
