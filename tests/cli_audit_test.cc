// The audit verbs of the `bitacora` binary, run as an operator and an auditor would.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <rocksdb/db.h>

#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

// The bitacora binary of this build: tests/ and cli/ are siblings in the build folder.
std::string Cli() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "cli" /
          "bitacora")
      .string();
}

struct CliRun {
  int code;
  std::string out;
};

// Runs the CLI with `args` on the store and keys in `dir`, capturing stdout (stderr discarded).
CliRun Bitacora(const testing::TempDir& dir, const std::string& args) {
  std::string cmd = Cli() + " --data " + dir.Sub("data") + " --keys " + dir.Sub("keys") + " " +
                    args + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class CliAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(Cli())) << Cli();
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(Bitacora(dir_, "--actor sup --role supervisor append --stream case-1 --text nota" + std::to_string(i)).code, 0);
    }
    ASSERT_EQ(Bitacora(dir_, "keys init --origin cosett.bo/bitacora").code, 0);
  }
  testing::TempDir dir_;
};

TEST_F(CliAudit, KeysInitWritesAPrivateKeyOnlyTheOwnerCanRead) {
  struct stat st;
  ASSERT_EQ(stat(dir_.Sub("keys/ledger.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  CliRun again = Bitacora(dir_, "keys init --origin cosett.bo/bitacora");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(Bitacora(dir_, "keys show").out.find("cosett.bo/bitacora+"), std::string::npos);
}

TEST_F(CliAudit, SignVerifyExportAndVerifyTheBundle) {
  CliRun sign = Bitacora(dir_, "checkpoint sign");
  ASSERT_EQ(sign.code, 0);
  EXPECT_EQ(sign.out.rfind("cosett.bo/bitacora\n4\n", 0), 0u) << sign.out;
  CliRun verify = Bitacora(dir_, "verify");
  EXPECT_EQ(verify.code, 0);
  EXPECT_NE(verify.out.find("chain ok: 4 events"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("checkpoints ok: 1"), std::string::npos) << verify.out;
  EXPECT_EQ(Bitacora(dir_, "audit prove 2").code, 0);
  ASSERT_EQ(Bitacora(dir_, "--actor sup --role supervisor append --stream case-2 --text later").code, 0);
  ASSERT_EQ(Bitacora(dir_, "checkpoint sign").code, 0);
  CliRun consistency = Bitacora(dir_, "audit consistency 4 5");
  EXPECT_EQ(consistency.code, 0);
  EXPECT_NE(consistency.out.find("verified"), std::string::npos);
  ASSERT_EQ(Bitacora(dir_, "audit export --out " + dir_.Sub("bundle")).code, 0);
  CliRun vb = Bitacora(dir_, "audit verify-bundle " + dir_.Sub("bundle") + " --vkey " +
                              dir_.Sub("keys/ledger.vkey"));
  EXPECT_EQ(vb.code, 0) << vb.out;
  EXPECT_NE(vb.out.find("bundle ok: 5 events"), std::string::npos) << vb.out;
}

TEST_F(CliAudit, VerifyFailsAndNamesThePositionOfATamperedEvent) {
  std::filesystem::remove_all(dir_.Sub("keys"));  // chain and tree only
  {
    auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("data")});
    ASSERT_TRUE(s);
  }
  // Overwrite event 3 with event 2's bytes behind the store's back.
  testing::EditRaw(dir_.Sub("data"), "events",
                   [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events, auto*) {
                     std::string v;
                     ASSERT_TRUE(db->Get({}, events, store_keys::PositionKey(2), &v).ok());
                     ASSERT_TRUE(db->Put({}, events, store_keys::PositionKey(3), v).ok());
                   });
  CliRun verify = Bitacora(dir_, "verify");
  EXPECT_EQ(verify.code, 1);
  EXPECT_NE(verify.out.find("BROKEN at position 3"), std::string::npos) << verify.out;
}

TEST_F(CliAudit, ExportWithoutACheckpointSaysToSignFirst) {
  CliRun r = Bitacora(dir_, "audit export --out " + dir_.Sub("b"));
  EXPECT_EQ(r.code, 2);
}

TEST_F(CliAudit, ProvingAPositionBeyondTheHeadIsBadInput) {
  EXPECT_EQ(Bitacora(dir_, "audit prove 99").code, 2);
}

}  // namespace
}  // namespace bitacora
