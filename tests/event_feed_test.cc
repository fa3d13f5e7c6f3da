// The streams' feed (rest/event_feed.h): every stream gets every event, in order, from one
// formatting of it while it is in the ring; a stream behind the ring reads for itself; nothing
// new waits and returns empty.
#include "rest/event_feed.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;

class EventFeedTest : public RestFixture {
 protected:
  void OpenCases(int n, int salt) {
    for (int i = 0; i < n; ++i) {
      auto res = Post("openCase",
                      R"({"kind":"newConnection","clientCi":")" + std::to_string(5000000 + salt * 1000 + i) +
                          R"(","tariffCategory":"residential","address":"Calle Sucre"})",
                      Role::PLATFORM);
      ASSERT_TRUE(res);
      ASSERT_EQ(res->status, 201) << res->body;
    }
  }

  // The SSE messages [from, to] read from the store one by one, for comparison.
  std::string Direct(uint64_t from, uint64_t to) {
    std::string out;
    auto events = store_->ReadLog(from, to - from + 1);
    EXPECT_TRUE(events);
    for (const StoredEvent& e : *events) out += shim::SseMessage(e);
    return out;
  }
};

TEST_F(EventFeedTest, ManyStreamsFollowingTheLiveEdgeShareOneFormattingOfEachEvent) {
  shim::EventFeed feed(store_.get(), 4096, size_t{8} << 20);
  const uint64_t start = Head() + 1;
  OpenCases(5, 1);
  const uint64_t head = Head();
  std::vector<std::string> got(8);
  std::vector<std::thread> streams;
  for (size_t s = 0; s < got.size(); ++s) {
    streams.emplace_back([&, s] {
      uint64_t next = start;
      while (next <= head) {
        auto after = feed.Read(next, 3, std::chrono::milliseconds(100), &got[s]);
        ASSERT_TRUE(after);
        next = *after;
      }
    });
  }
  for (auto& t : streams) t.join();
  const std::string expected = Direct(start, head);
  for (const std::string& g : got) EXPECT_EQ(g, expected);
  EXPECT_EQ(feed.formatted(), head - start + 1);  // once each, not once per stream
  EXPECT_EQ(feed.read_alone(), 0u);
}

TEST_F(EventFeedTest, NothingNewWaitsThenReturnsTheSamePositionAndNothing) {
  shim::EventFeed feed(store_.get(), 16, 1 << 20);
  std::string out;
  auto after = feed.Read(Head() + 1, 10, std::chrono::milliseconds(50), &out);
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, Head() + 1);
  EXPECT_TRUE(out.empty());
}

TEST_F(EventFeedTest, AnEventAppendedWhileAStreamWaitsIsDelivered) {
  shim::EventFeed feed(store_.get(), 16, 1 << 20);
  const uint64_t start = Head() + 1;
  std::string out;
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    OpenCases(1, 2);
  });
  auto after = feed.Read(start, 10, std::chrono::seconds(5), &out);
  writer.join();
  ASSERT_TRUE(after);
  EXPECT_GT(*after, start);
  EXPECT_EQ(out, Direct(start, *after - 1));
}

TEST_F(EventFeedTest, AStreamBehindTheBoundedRingReadsForItselfAndMissesNothing) {
  shim::EventFeed feed(store_.get(), 4, 1 << 20);  // four messages kept
  const uint64_t start = Head() + 1;
  OpenCases(6, 3);
  const uint64_t head = Head();
  ASSERT_GE(head - start + 1, 6u);
  std::string live;  // a stream at the live edge fills the ring with the last events
  ASSERT_TRUE(feed.Read(head, 10, std::chrono::milliseconds(10), &live));
  EXPECT_EQ(live, Direct(head, head));
  std::string behind;  // a catch-up from the start: behind the ring, then into it
  uint64_t next = start;
  while (next <= head) {
    auto after = feed.Read(next, 2, std::chrono::milliseconds(10), &behind);
    ASSERT_TRUE(after);
    ASSERT_GT(*after, next);
    next = *after;
  }
  EXPECT_EQ(behind, Direct(start, head));
  EXPECT_GT(feed.read_alone(), 0u);
}

TEST_F(EventFeedTest, ARingOfOneByteKeepsOnlyTheNewestAndTheStreamStillGetsEverything) {
  shim::EventFeed feed(store_.get(), 4096, 1);  // one byte: only the newest message stays
  const uint64_t start = Head() + 1;
  OpenCases(3, 4);
  std::string out;
  uint64_t next = start;
  while (next <= Head()) {
    auto after = feed.Read(next, 100, std::chrono::milliseconds(10), &out);
    ASSERT_TRUE(after);
    ASSERT_GT(*after, next);
    next = *after;
  }
  EXPECT_EQ(out, Direct(start, Head()));
  EXPECT_GT(feed.read_alone(), 0u);  // trimmed before it was copied: read for itself
}

}  // namespace
}  // namespace bitacora::testing
