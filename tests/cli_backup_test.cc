// `bitacora backup`, `restore` and `--min-free-space`, run as an operator would.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/cli_context.h"
#include "tests/result_testing.h"
#include "tests/test_util.h"
#include "tests/cli_run.h"

namespace bitacora {
namespace {

using testing::CliRun;

// Runs the CLI with `args` (stderr discarded), capturing stdout.
CliRun Bitacora(const std::string& args) { return testing::RunBitacora(args); }

class CliBackup : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int i = 0; i < 5; ++i) {
      ASSERT_EQ(Bitacora(Data() + " --actor sup --role supervisor append --stream case-1 --text nota" + std::to_string(i)).code, 0);
    }
  }
  std::string Data() const { return "--data " + dir_.Sub("data"); }
  testing::TempDir dir_;
};

TEST_F(CliBackup, BackupAndRestorePrintTheSameHeadAndRoot) {
  CliRun backup = Bitacora(Data() + " backup --out " + dir_.Sub("copia"));
  ASSERT_EQ(backup.code, 0);
  EXPECT_EQ(backup.out.rfind("head position 5\nhead hash ", 0), 0u) << backup.out;
  EXPECT_NE(backup.out.find("\nmerkle root "), std::string::npos) << backup.out;
  CliRun restore = Bitacora("restore --from " + dir_.Sub("copia") + " --data " + dir_.Sub("nueva"));
  ASSERT_EQ(restore.code, 0);
  EXPECT_EQ(restore.out, backup.out);
  EXPECT_EQ(Bitacora("--data " + dir_.Sub("nueva") + " verify").code, 0);
  CliRun head = Bitacora("--data " + dir_.Sub("nueva") + " head");
  EXPECT_NE(backup.out.find(head.out.substr(head.out.find("hash ") + 5, 64)), std::string::npos);
  CliRun json = Bitacora(Data() + " --json backup --out " + dir_.Sub("copia-json"));
  EXPECT_NE(json.out.find("\"position\":5"), std::string::npos) << json.out;
}

TEST_F(CliBackup, RefusalsExitNonZero) {
  std::filesystem::create_directories(dir_.Sub("llena"));
  std::ofstream(dir_.Sub("llena/algo")) << "x";
  EXPECT_EQ(Bitacora(Data() + " backup --out " + dir_.Sub("llena")).code, 2);
  EXPECT_EQ(Bitacora("restore --from " + dir_.Sub("nada") + " --data " + dir_.Sub("t")).code, 4);
  EXPECT_EQ(Bitacora("restore --from " + dir_.Sub("llena") + " --data " + dir_.Sub("t")).code, 2);
  ASSERT_EQ(Bitacora(Data() + " backup --out " + dir_.Sub("copia")).code, 0);
  EXPECT_EQ(Bitacora("restore --from " + dir_.Sub("copia") + " --data " + dir_.Sub("llena")).code, 2);
  EXPECT_EQ(Bitacora("restore --from " + dir_.Sub("copia") + " " + Data()).code, 2);
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("t")));
}

TEST_F(CliBackup, MinFreeSpaceRefusesAppendsAndReadsGoOn) {
  const std::string append = " --actor sup --role supervisor append --stream case-1 --text otra";
  EXPECT_EQ(Bitacora(Data() + " --min-free-space 1000TiB" + append).code, 1);
  EXPECT_EQ(Bitacora(Data() + " --min-free-space 1000TiB read --stream case-1").code, 0);
  EXPECT_EQ(Bitacora(Data() + " --min-free-space 1000TiB head").out.rfind("position 5 ", 0), 0u);
  EXPECT_EQ(Bitacora(Data() + " --min-free-space 0" + append).code, 0);
  EXPECT_EQ(Bitacora(Data() + " --min-free-space 64MiB" + append).code, 0);
  EXPECT_EQ(Bitacora(Data() + " --min-free-space lots" + append).code, 2);
  EXPECT_EQ(Bitacora(Data() + " head").out.rfind("position 7 ", 0), 0u);
}

TEST(ParseByteSize, TakesBytesAndUnitsAndRefusesTheRest) {
  EXPECT_EQ(*ParseByteSize("0"), 0u);
  EXPECT_EQ(*ParseByteSize("4096"), 4096u);
  EXPECT_EQ(*ParseByteSize("256MiB"), uint64_t{256} << 20);
  EXPECT_EQ(*ParseByteSize("1gib"), uint64_t{1} << 30);
  EXPECT_EQ(*ParseByteSize("500MB"), 500'000'000u);
  EXPECT_EQ(*ParseByteSize("64k"), 64'000u);
  for (const char* bad : {"", "MiB", "-1", "1.5GiB", "12 MiB", "1XB", "99999999999999999999"}) {
    EXPECT_EQ(CodeOf(ParseByteSize(bad)), "bad_size") << bad;
  }
  EXPECT_EQ(CodeOf(ParseByteSize("100000000TiB")), "bad_size");  // overflows 64 bits
}

}  // namespace
}  // namespace bitacora
