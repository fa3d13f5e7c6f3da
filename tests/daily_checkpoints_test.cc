// The server's checkpoint thread (app/daily_checkpoints.h): it signs the head at each
// scheduled instant, never signs the same head twice, and stops at once when the server stops.
// The schedule is injected: a short period here instead of each La Paz midnight.
#include "app/daily_checkpoints.h"

#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <thread>
#include <utility>
#include <vector>

#include "core/audit/ledger_checkpoints.h"
#include "core/audit/note.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr std::string_view kOrigin = "cosett.bo/bitacora";

SigningKey Key() {
  std::array<uint8_t, 32> seed{};
  seed[0] = 9;
  return *SigningKey::FromSeed(seed);
}

// Sizes of the stored checkpoints, in order.
std::vector<uint64_t> CheckpointSizes(const EventStore& store) {
  std::vector<uint64_t> sizes;
  auto checkpoints = store.Checkpoints();
  EXPECT_TRUE(checkpoints) << checkpoints.error().ToString();
  if (!checkpoints) return sizes;
  for (const auto& [size, note] : *checkpoints) sizes.push_back(size);
  return sizes;
}

// Waits (up to 10 s) until the latest checkpoint covers `size`.
bool WaitForCheckpointOf(const EventStore& store, uint64_t size) {
  for (int i = 0; i < 1000; ++i) {
    auto sizes = CheckpointSizes(store);
    if (!sizes.empty() && sizes.back() == size) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

std::unique_ptr<EventStore> Open(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s) << s.error().ToString();
  return std::move(*s);
}

TEST(DailyCheckpoints, TheServerSignsTheHeadAtEachScheduledInstant) {
  TempDir dir;
  auto store = Open(dir.path());
  ASSERT_TRUE(store->Append(CommentOn("s", "uno")));
  ASSERT_TRUE(store->Append(CommentOn("s", "dos")));
  {
    app::DailyCheckpointer checkpointer(*store, Key(), std::string(kOrigin), [](int64_t now) {
      return now + 20'000'000;  // every 20 ms
    });
    ASSERT_TRUE(WaitForCheckpointOf(*store, 2));
    // Several periods pass with the head unchanged: nothing new is signed.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(CheckpointSizes(*store), (std::vector<uint64_t>{2}));
    // Three events in one append, so no tick can fall between them (under the sanitizers a tick
    // did, and a checkpoint of size 3 was signed).
    AppendRequest three = CommentOn("s", "tres");
    for (const char* text : {"cuatro", "cinco"}) three.events.push_back(std::move(CommentOn("s", text).events.front()));
    ASSERT_TRUE(store->Append(std::move(three)));
    ASSERT_TRUE(WaitForCheckpointOf(*store, 5));
  }
  EXPECT_EQ(CheckpointSizes(*store), (std::vector<uint64_t>{2, 5}));
  auto vkey = FormatVerifierKey(kOrigin, Key().public_key());
  ASSERT_TRUE(vkey);
  auto latest = LatestCheckpoint(*store, *vkey);
  ASSERT_TRUE(latest) << latest.error().ToString();
  EXPECT_EQ(latest->checkpoint.size, 5u);
  EXPECT_EQ(latest->checkpoint.root, *store->MerkleRoot(5));
}

TEST(DailyCheckpoints, StoppingTheServerDoesNotWaitForMidnight) {
  TempDir dir;
  auto store = Open(dir.path());
  ASSERT_TRUE(store->Append(CommentOn("s", "uno")));
  const auto start = std::chrono::steady_clock::now();
  {
    app::DailyCheckpointer checkpointer(*store, Key(), std::string(kOrigin));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(CheckpointSizes(*store).empty());  // midnight has not come
}

}  // namespace
}  // namespace bitacora
