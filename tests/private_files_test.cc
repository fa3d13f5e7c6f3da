// Personal data stays private on disk whatever the umask: the store (RocksDB's own files included),
// the views, backups, restores and the signing keys are 0700 folders and 0600 files when the
// process starts under umask 022; `serve` refuses a data folder that group or others may read.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <thread>

#include "core/store/backup.h"
#include "core/store/private_files.h"
#include "projections/projection_service.h"
#include "tests/test_util.h"
#include "tests/cli_run.h"

namespace bitacora {
namespace {

namespace fs = std::filesystem;
using testing::CommentOn;
using testing::TempDir;

// Every entry under `root` (not `root` itself) whose mode gives group or others a bit.
std::vector<std::string> SharedEntries(const std::string& root, size_t* seen) {
  std::vector<std::string> shared;
  *seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    struct stat st{};
    if (::lstat(entry.path().c_str(), &st) != 0 || S_ISLNK(st.st_mode)) continue;
    ++*seen;
    if ((st.st_mode & 077) != 0) shared.push_back(entry.path().string());
  }
  return shared;
}

// Sets umask 022 (a common default) for the test and puts the previous one back.
class UnderUmask022 : public ::testing::Test {
 protected:
  void SetUp() override { previous_ = ::umask(022); }
  void TearDown() override { ::umask(previous_); }
  mode_t previous_ = 0;
  TempDir dir_;
};

TEST_F(UnderUmask022, TheStoreViewsBackupAndRestoreArePrivate) {
  {
    auto store = EventStore::Open(StoreOptions{.path = dir_.Sub("datos"), .sync = false});
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    for (int i = 0; i < 30; ++i) ASSERT_TRUE((*store)->Append(CommentOn("case-1", "Juan Pérez")));
    projections::ServiceOptions view_options;
    view_options.dir = dir_.Sub("datos/views");
    view_options.poll = std::chrono::milliseconds(10);
    auto views = projections::ProjectionService::Open(**store, std::move(view_options));
    ASSERT_TRUE(views.has_value()) << views.error().ToString();
    (*views)->Start();
    auto backup = (*store)->Backup(dir_.Sub("copias/lunes"));  // flushes: SST files too
    ASSERT_TRUE(backup.has_value()) << backup.error().ToString();
  }
  auto restored = RestoreBackup(dir_.Sub("copias/lunes"), dir_.Sub("restaurado"));
  ASSERT_TRUE(restored.has_value()) << restored.error().ToString();
  size_t seen = 0;
  EXPECT_EQ(SharedEntries(dir_.path(), &seen), std::vector<std::string>{});
  EXPECT_GT(seen, 20u);  // WAL, SST, MANIFEST, OPTIONS, LOG, views, manifest...
  bool saw_sst = false;
  for (const auto& entry : fs::recursive_directory_iterator(dir_.Sub("datos"))) {
    saw_sst = saw_sst || entry.path().extension() == ".sst";
  }
  EXPECT_TRUE(saw_sst);
}

TEST_F(UnderUmask022, ARestoreOfALooseBackupIsPrivate) {
  {
    auto store = EventStore::Open(StoreOptions{.path = dir_.Sub("datos"), .sync = false});
    ASSERT_TRUE(store.has_value());
    ASSERT_TRUE((*store)->Append(CommentOn("case-1", "n")));
    ASSERT_TRUE((*store)->Backup(dir_.Sub("copia")).has_value());
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir_.Sub("copia"))) {
    ::chmod(entry.path().c_str(), entry.is_directory() ? 0755 : 0644);  // copied by hand, say
  }
  ::chmod(dir_.Sub("copia").c_str(), 0755);
  ASSERT_TRUE(RestoreBackup(dir_.Sub("copia"), dir_.Sub("restaurado")).has_value());
  size_t seen = 0;
  EXPECT_EQ(SharedEntries(dir_.Sub("restaurado"), &seen), std::vector<std::string>{});
  struct stat st{};
  ASSERT_EQ(::stat(dir_.Sub("restaurado").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
}

using testing::CliRun;

// Runs the CLI under umask 022 with `args` (stderr into the output too).
CliRun Bitacora(const std::string& args) {
  return testing::RunBitacora(args, testing::Stderr::kMerge, "umask 022; ");
}

TEST(PrivateFilesCli, TheCommandLineCreatesPrivateDataAndKeysUnderUmask022) {
  TempDir dir;
  const std::string where = "--data " + dir.Sub("datos") + " --keys " + dir.Sub("claves/ledger");
  ASSERT_EQ(Bitacora(where + " keys init --origin cosett.bo/bitacora").code, 0);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(Bitacora(where + " --actor sup --role supervisor append --stream case-1 --text nota").code, 0);
  }
  CliRun backup = Bitacora(where + " backup --out " + dir.Sub("copias/hoy"));
  ASSERT_EQ(backup.code, 0) << backup.out;
  size_t seen = 0;
  EXPECT_EQ(SharedEntries(dir.path(), &seen), std::vector<std::string>{});
  EXPECT_GT(seen, 10u);
}

TEST(PrivateFilesCli, ServeRefusesADataFolderOthersCanRead) {
  TempDir dir;
  ASSERT_EQ(Bitacora("--data " + dir.Sub("datos") + " --actor sup --role supervisor append --stream case-1 --text n").code, 0);
  ASSERT_EQ(::chmod(dir.Sub("datos").c_str(), 0755), 0);
  CliRun refused = Bitacora("--data " + dir.Sub("datos") + " serve --listen 127.0.0.1:0");
  EXPECT_EQ(refused.code, 2) << refused.out;
  EXPECT_NE(refused.out.find("shared_data_folder"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("--allow-shared-data"), std::string::npos) << refused.out;
}

TEST(PrivateFiles, IsSharedWithOthersReadsTheGroupAndOtherBits) {
  TempDir dir;
  fs::create_directories(dir.Sub("a"));
  ::chmod(dir.Sub("a").c_str(), 0750);
  EXPECT_TRUE(IsSharedWithOthers(dir.Sub("a")));
  ::chmod(dir.Sub("a").c_str(), 0700);
  EXPECT_FALSE(IsSharedWithOthers(dir.Sub("a")));
  EXPECT_FALSE(IsSharedWithOthers(dir.Sub("no-existe")));
}

}  // namespace
}  // namespace bitacora
