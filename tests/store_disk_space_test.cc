// The free-space floor (core/store/disk_space.h) with an injected probe: appends are refused with
// nothing written while the disk is "full", reads go on, and appends resume when space returns.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "core/store/disk_space.h"
#include "tests/result_testing.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr uint64_t kFloor = 16u << 20;

TEST(CheckFloor, AllowsAboveTheFloorAndRefusesBelowIt) {
  EXPECT_TRUE(CheckFloor(kFloor + 1000, 1000, kFloor));
  Status below = CheckFloor(kFloor - 1, 0, kFloor);
  ASSERT_FALSE(below);
  EXPECT_EQ(below.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(below.error().code, "disk_space_low");
  EXPECT_NE(below.error().message.find(std::to_string(kFloor - 1) + " bytes libres"),
            std::string::npos) << below.error().message;
  EXPECT_NE(below.error().message.find("mínimo configurado es " + std::to_string(kFloor)),
            std::string::npos) << below.error().message;
}

TEST(CheckFloor, CountsTheBatchAndZeroDisablesIt) {
  EXPECT_EQ(CodeOf(CheckFloor(kFloor + 1000, 1001, kFloor)), "disk_space_low");
  EXPECT_EQ(CodeOf(CheckFloor(100, 1000, kFloor)), "disk_space_low");  // no wrap-around
  EXPECT_TRUE(CheckFloor(0, 1000, 0));
}

TEST(StatvfsFreeBytes, ReadsTheRealDiskAndFailsOnAMissingFolder) {
  TempDir dir;
  auto free_bytes = StatvfsFreeBytes(dir.path());
  ASSERT_TRUE(free_bytes) << free_bytes.error().ToString();
  EXPECT_GT(*free_bytes, 0u);
  EXPECT_EQ(CodeOf(StatvfsFreeBytes(dir.Sub("missing"))), "statvfs_failed");
}

// A store whose probe reports `free_bytes`, settable by the test.
class FloorStore : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    store_.reset();
    auto free_bytes = free_;
    auto s = EventStore::Open(StoreOptions{
        .path = dir_.path(),
        .sync = false,
        .min_free_bytes = kFloor,
        .disk_probe = [free_bytes](const std::string&) -> Result<uint64_t> {
          if (*free_bytes == 0) return Fail(ErrorKind::kIOError, "statvfs_failed", "test");
          return free_bytes->load();
        }});
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    store_ = std::move(*s);
  }
  TempDir dir_;
  std::shared_ptr<std::atomic<uint64_t>> free_ =
      std::make_shared<std::atomic<uint64_t>>(uint64_t{1} << 30);
  std::unique_ptr<EventStore> store_;
};

TEST_F(FloorStore, RefusesBelowTheFloorWithNothingWrittenAndResumesWhenSpaceReturns) {
  ASSERT_TRUE(store_->Append(CommentOn("case-1", "antes", ExpectedVersion::Any(), "cmd-1")));
  const Head before = store_->GetHead();

  free_->store(kFloor - 1);
  auto refused = store_->Append(CommentOn("case-1", "lleno", ExpectedVersion::Any(), "cmd-2"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, ErrorKind::kUnavailable);
  EXPECT_EQ(refused.error().code, "disk_space_low");
  EXPECT_EQ(store_->GetHead().position, before.position);
  EXPECT_EQ(store_->GetHead().hash, before.hash);
  EXPECT_EQ(*store_->StreamVersion("case-1"), 1u);
  EXPECT_EQ(CodeOf(store_->LookupCommand("cmd-2")), "unknown_command");

  // Reads go on.
  auto events = store_->ReadStream("case-1", 1, Direction::kForward, 10);
  ASSERT_TRUE(events);
  EXPECT_EQ(events->size(), 1u);
  auto report = store_->Verify(1, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok);

  free_->store(kFloor * 4);
  auto resumed = store_->Append(CommentOn("case-1", "otra vez", ExpectedVersion::Exactly(1), "cmd-2"));
  ASSERT_TRUE(resumed) << resumed.error().ToString();
  EXPECT_EQ(resumed->first_position, 2u);
  EXPECT_FALSE(resumed->duplicate);
}

TEST_F(FloorStore, CountsTheSizeOfTheWrite) {
  free_->store(kFloor + 2000);
  ASSERT_TRUE(store_->Append(CommentOn("s", "pequeño")));
  auto big = store_->Append(CommentOn("s", std::string(4000, 'x')));
  EXPECT_EQ(CodeOf(big), "disk_space_low");
  EXPECT_EQ(store_->GetHead().position, 1u);
}

TEST_F(FloorStore, AFailingProbeDoesNotStopTheLedger) {
  free_->store(0);  // the probe fails
  EXPECT_TRUE(store_->Append(CommentOn("s", "sin medir")));
}

TEST_F(FloorStore, TheRefusalSurvivesARestartAndTheLogStillVerifies) {
  ASSERT_TRUE(store_->Append(CommentOn("s", "uno")));
  free_->store(1);
  Open();
  EXPECT_EQ(CodeOf(store_->Append(CommentOn("s", "dos"))), "disk_space_low");
  free_->store(kFloor * 2);
  ASSERT_TRUE(store_->Append(CommentOn("s", "dos")));
  Open();
  EXPECT_EQ(store_->GetHead().position, 2u);
  auto report = store_->Verify(1, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
}

}  // namespace
}  // namespace bitacora
