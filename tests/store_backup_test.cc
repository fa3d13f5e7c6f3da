// Online backup (EventStore::Backup) and restore (RestoreBackup): a backup taken while another
// thread appends restores to a ledger that verifies, with the head and Merkle root the backup
// reported; every refusal leaves the target as it was.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/store/backup.h"
#include "tests/result_testing.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;
namespace fs = std::filesystem;

std::unique_ptr<EventStore> OpenAt(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return s.has_value() ? std::move(*s) : nullptr;
}

class Backups : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = OpenAt(dir_.Sub("data"));
    for (int i = 0; i < 50; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-" + std::to_string(i % 7), "n")));
  }
  TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(Backups, AnOnlineBackupRestoresToTheSameHeadAndRoot) {
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::thread writer([&] {
    while (!stop) {
      if (store_->Append(CommentOn("busy", "mientras se copia"))) ++appended;
    }
  });
  while (appended < 200) std::this_thread::yield();
  auto backup = store_->Backup(dir_.Sub("backups/2026-11-27"));
  const int during = appended;
  while (appended < during + 200) std::this_thread::yield();
  stop = true;
  writer.join();
  ASSERT_TRUE(backup) << backup.error().ToString();
  EXPECT_GE(backup->head.position, 250u);
  EXPECT_GT(store_->GetHead().position, backup->head.position);  // appends went on meanwhile
  EXPECT_EQ(*store_->MerkleRoot(backup->head.position), backup->root);
  EXPECT_TRUE(fs::exists(dir_.Sub("backups/2026-11-27/") + kBackupManifest));

  auto restored = RestoreBackup(dir_.Sub("backups/2026-11-27"), dir_.Sub("restored"));
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ(restored->head.position, backup->head.position);
  EXPECT_EQ(restored->head.hash, backup->head.hash);
  EXPECT_EQ(restored->root, backup->root);
  EXPECT_EQ(restored->checked, backup->head.position);
  EXPECT_FALSE(fs::exists(dir_.Sub("restored/") + kBackupManifest));

  // The restored ledger is a ledger: it takes appends and verifies after a restart.
  auto copy = OpenAt(dir_.Sub("restored"));
  ASSERT_TRUE(copy->Append(CommentOn("case-1", "después de restaurar")));
  copy.reset();
  copy = OpenAt(dir_.Sub("restored"));
  ASSERT_NE(copy, nullptr);
  auto report = copy->Verify(1, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(copy->GetHead().position, backup->head.position + 1);
}

TEST_F(Backups, BackupRefusesAFolderThatIsNotEmptyAndTakesAnEmptyOne) {
  fs::create_directories(dir_.Sub("full"));
  std::ofstream(dir_.Sub("full/keep.txt")) << "no tocar";
  auto refused = store_->Backup(dir_.Sub("full"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(refused.error().code, "target_not_empty");
  EXPECT_NE(refused.error().message.find("no está vacía"), std::string::npos);
  EXPECT_FALSE(fs::exists(dir_.Sub("full/") + kBackupManifest));
  EXPECT_TRUE(fs::exists(dir_.Sub("full/keep.txt")));

  fs::create_directories(dir_.Sub("empty"));
  auto ok = store_->Backup(dir_.Sub("empty/"));
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->head.position, 50u);
}

TEST_F(Backups, RestoreRefusesATargetThatIsNotEmpty) {
  ASSERT_TRUE(store_->Backup(dir_.Sub("b")));
  fs::create_directories(dir_.Sub("target"));
  std::ofstream(dir_.Sub("target/x")) << "x";
  EXPECT_EQ(CodeOf(RestoreBackup(dir_.Sub("b"), dir_.Sub("target"))), "target_not_empty");
  EXPECT_TRUE(fs::exists(dir_.Sub("target/x")));
  EXPECT_EQ(CodeOf(RestoreBackup(dir_.Sub("b"), dir_.Sub("data"))), "target_not_empty");
}

TEST_F(Backups, RestoreRefusesMissingGarbageAndTamperedBackups) {
  EXPECT_EQ(CodeOf(RestoreBackup(dir_.Sub("nowhere"), dir_.Sub("t1"))), "backup_not_found");

  fs::create_directories(dir_.Sub("garbage"));
  std::ofstream(dir_.Sub("garbage/CURRENT")) << "basura";
  EXPECT_EQ(CodeOf(RestoreBackup(dir_.Sub("garbage"), dir_.Sub("t2"))), "not_a_backup");
  std::ofstream(dir_.Sub("garbage/") + kBackupManifest) << "bitacora-backup 1\nposition x\n";
  EXPECT_EQ(CodeOf(RestoreBackup(dir_.Sub("garbage"), dir_.Sub("t3"))), "bad_backup_manifest");
  std::ofstream(dir_.Sub("garbage/") + kBackupManifest)
      << "bitacora-backup 1\nposition 1\nhash " << std::string(64, '0') << "\nroot "
      << std::string(64, '0') << "\n";
  auto unopenable = RestoreBackup(dir_.Sub("garbage"), dir_.Sub("t4"));
  ASSERT_FALSE(unopenable);
  EXPECT_NE(unopenable.error().kind, ErrorKind::kInternal) << unopenable.error().ToString();

  auto backup = store_->Backup(dir_.Sub("b"));
  ASSERT_TRUE(backup);
  std::ofstream(dir_.Sub("b/") + kBackupManifest, std::ios::trunc)
      << "bitacora-backup 1\nposition 49\nhash " << ToHex(backup->head.hash) << "\nroot "
      << ToHex(backup->root) << "\n";
  EXPECT_EQ(CodeOf(RestoreBackup(dir_.Sub("b"), dir_.Sub("t5"))), "backup_mismatch");

  for (const char* t : {"t1", "t2", "t3", "t4", "t5"}) EXPECT_FALSE(fs::exists(dir_.Sub(t))) << t;
  for (const auto& entry : fs::directory_iterator(dir_.path())) {
    EXPECT_EQ(entry.path().string().find(".restaurando-"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace bitacora
