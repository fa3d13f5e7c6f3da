// Issue #16, backups: POST /v1/backup writes only a new folder inside the server's --backup-root,
// whose parent exists, outside the data folder; every refused path gets the same answer
// ("backup_path_refused", same message), so the API does not tell whether a path exists; without
// a backup root the route is off. `bitacora backup --out` never writes inside the data folder.
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/backup_json.h"
#include "core/store/backup.h"
#include "tests/rest_fixture.h"

namespace bitacora {
namespace {

namespace fs = std::filesystem;
using Role = schema::Role;

class RestBackupPaths : public testing::RestFixture {
 protected:
  void SetUp() override {
    backup_root_ = dir_.Sub("copias");
    fs::create_directories(backup_root_ + "/mensuales");
    fs::create_directories(dir_.Sub("fuera"));
    RestFixture::SetUp();
  }
  httplib::Result PostBackup(const std::string& out) {
    return client_->Post("/v1/backup", httplib::Headers{{"Authorization", "Bearer " + tokens_[Role::SUPERVISOR]}},
                         app::BackupRequestJson(out), "application/json");
  }
  // Posts `out`, expects the one refusal, and returns its message.
  std::string Refused(const std::string& out) {
    auto res = PostBackup(out);
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 400) << out << " -> " << res->body;
    EXPECT_EQ(JsonText(res->body, "code"), "backup_path_refused") << out;
    return JsonText(res->body, "message");
  }
};

TEST_F(RestBackupPaths, ANewFolderInsideTheRootIsBackedUpPrivately) {
  auto res = PostBackup(backup_root_ + "/mensuales/2026-12");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  EXPECT_TRUE(fs::exists(backup_root_ + "/mensuales/2026-12/" + kBackupManifest));
  struct stat st{};
  ASSERT_EQ(::stat((backup_root_ + "/mensuales/2026-12").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  ASSERT_TRUE(RestoreBackup(backup_root_ + "/mensuales/2026-12", dir_.Sub("restaurado")).has_value());
}

TEST_F(RestBackupPaths, EveryRefusedPathGetsTheSameAnswerAndNothingIsWritten) {
  fs::create_directories(backup_root_ + "/vacia");
  fs::create_directories(backup_root_ + "/llena");
  std::ofstream(backup_root_ + "/llena/x") << "x";
  fs::create_directory_symlink(dir_.Sub("fuera"), backup_root_ + "/enlace");
  const uint64_t head = Head();
  const std::string expected = Refused(dir_.Sub("fuera/copia"));  // outside the root
  EXPECT_NE(expected.find("--backup-root"), std::string::npos) << expected;
  for (const std::string& out : {
           backup_root_ + "/no/existe/copia",    // missing parents are never created
           backup_root_ + "/../fuera/copia2",    // ".." (resolves outside)
           backup_root_ + "/mensuales/../copia",  // ".." even when it would stay inside
           backup_root_ + "/./copia",            // "."
           backup_root_ + "/vacia",              // exists, empty
           backup_root_ + "/llena",              // exists, not empty
           backup_root_ + "/enlace/copia",       // a link inside the root leading out of it
           backup_root_,                         // the root itself
           std::string("/dev/shm/bitacora-copia"),
           std::string("/"),
       }) {
    EXPECT_EQ(Refused(out), expected) << out;
  }
  EXPECT_EQ(Head(), head);
  EXPECT_FALSE(fs::exists(backup_root_ + "/no"));
  EXPECT_FALSE(fs::exists(dir_.Sub("fuera/copia")));
  EXPECT_FALSE(fs::exists(dir_.Sub("fuera/copia2")));
  EXPECT_FALSE(fs::exists(backup_root_ + "/copia"));
  EXPECT_FALSE(fs::exists("/dev/shm/bitacora-copia"));
  EXPECT_TRUE(fs::is_empty(backup_root_ + "/vacia"));
}

TEST_F(RestBackupPaths, TheDataFolderIsRefusedEvenInsideTheRoot) {
  backup_root_ = dir_.path();  // a root that holds the data folder ("store")
  StartServer(shim::ServerOptions{});
  const std::string message = Refused(dir_.Sub("store/copia"));
  EXPECT_EQ(Refused(dir_.Sub("store")), message);
  EXPECT_FALSE(fs::exists(dir_.Sub("store/copia")));
  auto fine = PostBackup(dir_.Sub("copia-fuera-de-datos"));
  ASSERT_TRUE(fine);
  EXPECT_EQ(fine->status, 201) << fine->body;
}

TEST_F(RestBackupPaths, WithoutABackupRootTheRouteIsOff) {
  backup_root_.clear();
  StartServer(shim::ServerOptions{});
  auto res = PostBackup(dir_.Sub("copias/hoy"));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_EQ(JsonText(res->body, "code"), "backup_api_disabled");
  EXPECT_FALSE(fs::exists(dir_.Sub("copias/hoy")));
}

TEST(StoreBackupPaths, TheStoreNeverBacksUpInsideItsOwnFolder) {
  testing::TempDir dir;
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("datos"), .sync = false});
  ASSERT_TRUE(store.has_value());
  for (const std::string& out : {dir.Sub("datos/copia"), dir.Sub("datos/views/copia"), dir.Sub("datos"),
                                 dir.Sub("datos/../datos/x")}) {
    auto backup = (*store)->Backup(out);
    ASSERT_FALSE(backup.has_value()) << out;
    EXPECT_EQ(backup.error().code, "backup_path_refused") << out;
  }
  EXPECT_FALSE(fs::exists(dir.Sub("datos/copia")));
  EXPECT_FALSE(fs::exists(dir.Sub("datos/views")));
}

TEST(CliBackupPaths, TheOperatorCannotBackUpIntoTheDataFolder) {
  testing::TempDir dir;
  const std::string cli = std::string(BITACORA_BINARY) + " --data " + dir.Sub("datos");
  ASSERT_EQ(std::system((cli + " --actor sup --role supervisor append --stream case-1 --text n >/dev/null 2>&1").c_str()), 0);
  FILE* p = popen((cli + " backup --out " + dir.Sub("datos/copia") + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int status = pclose(p);
  EXPECT_EQ(WEXITSTATUS(status), 2) << out;
  EXPECT_NE(out.find("backup_path_refused"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(dir.Sub("datos/copia")));
  // Anywhere else the operator chooses, parents included, still works.
  ASSERT_EQ(std::system((cli + " backup --out " + dir.Sub("otro/lugar/copia") + " >/dev/null 2>&1").c_str()), 0);
}

}  // namespace
}  // namespace bitacora
