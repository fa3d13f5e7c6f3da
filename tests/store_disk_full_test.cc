// The free-space floor on a real, small filesystem: a 64 MiB tmpfs is filled with a file until
// less than the floor is free; appends are refused cleanly (nothing written, RocksDB never sees
// ENOSPC), reads go on, and once the file is deleted appends resume and the log verifies after a
// reopen. Needs root (CAP_SYS_ADMIN) to mount; skipped otherwise.
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/store/disk_space.h"
#include "tests/result_testing.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr uint64_t kFloor = 16u << 20;

class SmallDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    mnt_ = dir_.Sub("mnt");
    std::filesystem::create_directories(mnt_);
    if (mount("tmpfs", mnt_.c_str(), "tmpfs", 0, "size=64m") != 0) {
      GTEST_SKIP() << "cannot mount a 64 MiB tmpfs (needs root / CAP_SYS_ADMIN): "
                   << std::strerror(errno);
    }
    mounted_ = true;
  }
  void TearDown() override {
    store_.reset();
    if (mounted_) umount2(mnt_.c_str(), MNT_DETACH);
  }
  void Open() {
    store_.reset();
    auto s = EventStore::Open(
        StoreOptions{.path = mnt_ + "/store", .sync = true, .min_free_bytes = kFloor});
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    store_ = std::move(*s);
  }
  uint64_t Free() const { return *StatvfsFreeBytes(mnt_); }
  // Writes a file that leaves `target` bytes free (give or take a page).
  void FillUntilFree(uint64_t target) {
    std::ofstream filler(mnt_ + "/filler", std::ios::binary);
    const std::string chunk(1 << 16, 'x');
    while (Free() > target + chunk.size()) filler.write(chunk.data(), chunk.size()).flush();
    filler.write(chunk.data(), static_cast<std::streamsize>(Free() - target)).flush();
    ASSERT_TRUE(filler.good());
  }

  TempDir dir_;
  std::string mnt_;
  bool mounted_ = false;
  std::unique_ptr<EventStore> store_;
};

TEST_F(SmallDisk, RefusesNearlyFullResumesWhenSpaceReturnsAndVerifies) {
  Open();
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-1", "nota")));
  const Head before = store_->GetHead();

  FillUntilFree(kFloor - 4096);
  ASSERT_LT(Free(), kFloor);
  for (int i = 0; i < 5; ++i) {
    auto refused = store_->Append(CommentOn("case-1", "sin espacio"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
    EXPECT_EQ(refused.error().code, "disk_space_low") << refused.error().ToString();
  }
  EXPECT_EQ(store_->GetHead().position, before.position);
  EXPECT_EQ(store_->GetHead().hash, before.hash);
  auto events = store_->ReadLog(1, 100);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 20u);
  auto report = store_->Verify(1, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;

  // Just above the floor: a small append goes through, a write that would cross it does not.
  std::filesystem::remove(mnt_ + "/filler");
  FillUntilFree(kFloor + 64 * 1024);
  EXPECT_TRUE(store_->Append(CommentOn("case-1", "cabe")));
  EXPECT_EQ(CodeOf(store_->Append(CommentOn("case-1", std::string(256 * 1024, 'y')))),
            "disk_space_low");

  std::filesystem::remove(mnt_ + "/filler");
  for (int i = 0; i < 20; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-1", "de nuevo")));
  Open();
  EXPECT_EQ(store_->GetHead().position, before.position + 21);
  report = store_->Verify(1, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
  EXPECT_EQ(report->checked, before.position + 21);
}

}  // namespace
}  // namespace bitacora
