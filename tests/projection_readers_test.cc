// Readers of the views (every REST query asks ProjectionService::position() and Current()) do not
// wait for the follower while it applies and commits a batch of events. They used to: both took
// the mutex held for the whole batch, so under steady writes the soak's folder and order queries
// queued behind the projector (p99 from 28 ms to 600 ms over ten minutes, docs/reliability.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "bench/desk_generator.h"
#include "projections/projection_service.h"
#include "tests/test_util.h"

namespace bitacora::testing {
namespace {

using Clock = std::chrono::steady_clock;

TEST(ProjectionReaders, PositionAndCurrentDoNotWaitForABatchBeingApplied) {
  TempDir dir;
  int64_t now = 1'780'000'000'000'000'000;
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("store"), .sync = false, .clock = [&now] { return now; }});
  ASSERT_TRUE(store);
  {
    HandlerOptions options;
    options.clock = [&now] { return now; };
    CommandHandler handler(**store, options);
    bench::DeskGenerator generator(handler, now, 3);
    generator.Run(40'000, 50);
  }
  projections::ServiceOptions options;
  options.dir = dir.Sub("views");
  options.projector.flush_events = 1'000'000;  // the whole log in one batch: one long hold
  auto service = projections::ProjectionService::Open(**store, options);
  ASSERT_TRUE(service);

  std::atomic<bool> running{true};
  Clock::time_point started = Clock::now();
  Clock::duration catch_up{};
  std::thread follower([&] {
    started = Clock::now();
    EXPECT_TRUE((*service)->CatchUp());
    catch_up = Clock::now() - started;
    running = false;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let it take the batch
  std::vector<Clock::duration> answers;
  int answered_while_applying = 0;
  while (running.load()) {
    const auto t0 = Clock::now();
    const uint64_t position = (*service)->position();
    auto current = (*service)->Current();
    answers.push_back(Clock::now() - t0);
    EXPECT_NE(current, nullptr);
    if (running.load()) {
      ++answered_while_applying;
      EXPECT_EQ(position, 0u);  // nothing committed until the batch is
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  follower.join();
  // The batch must hold long enough for readers to come many times (about 100 ms here; 50 is the
  // floor, so a fast idle machine does not fail the setup).
  EXPECT_GT(catch_up, std::chrono::milliseconds(50)) << "too small a log to hold the lock for long";
  EXPECT_GT(answered_while_applying, 10);
  // A reader that waited for the batch would answer once, after it: too few answers above, and
  // that one as slow as the batch. One slow answer is allowed: a loaded machine can hold a thread
  // off its core for a while.
  const auto slow = std::count_if(answers.begin(), answers.end(), [&](auto d) { return d >= catch_up / 4; });
  EXPECT_LE(slow, 1) << "readers waited for the follower's batch";
  EXPECT_EQ((*service)->position(), (*store)->GetHead().position);
}

}  // namespace
}  // namespace bitacora::testing
