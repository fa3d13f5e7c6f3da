// Concurrency and crash safety of the event store.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

TEST(Concurrency, EightThreadsOnSharedAndSeparateStreams) {
  TempDir dir;
  auto opened = EventStore::Open(StoreOptions{.path = dir.path(), .sync = true});
  ASSERT_TRUE(opened);
  EventStore& store = **opened;
  constexpr int kThreads = 8, kPerThread = 60;
  std::vector<std::vector<AppendResult>> acked(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        // Odd appends go to a stream all threads share, with an exact expected version and
        // retries on conflict, the way the command handler works.
        if (i % 2 == 1) {
          for (;;) {
            uint64_t v = *store.StreamVersion("shared");
            auto r = store.Append(CommentOn("shared", std::to_string(t) + "/" + std::to_string(i),
                                            ExpectedVersion::Exactly(v)));
            if (r) {
              acked[t].push_back(*r);
              break;
            }
            ASSERT_EQ(r.error().kind, ErrorKind::kConflict);
          }
        } else {
          auto r = store.Append(CommentOn("own-" + std::to_string(t), std::to_string(i)));
          ASSERT_TRUE(r);
          acked[t].push_back(*r);
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  const uint64_t total = kThreads * kPerThread;
  EXPECT_EQ(store.GetHead().position, total);
  std::set<uint64_t> positions;
  for (auto& v : acked) {
    for (auto& r : v) positions.insert(r.first_position);
  }
  EXPECT_EQ(positions.size(), total);  // every ack names its own position
  EXPECT_EQ(*positions.begin(), 1u);
  EXPECT_EQ(*positions.rbegin(), total);  // so positions are 1..total, gap-free
  auto log = store.ReadLog(1, total + 10);
  ASSERT_EQ(log->size(), total);
  std::map<std::string, uint64_t> last_version;
  for (uint64_t i = 0; i < total; ++i) {
    auto env = (*log)[i].envelope();
    EXPECT_EQ(env.getPosition(), i + 1);
    std::string stream = env.getStreamId().cStr();
    EXPECT_EQ(env.getVersion(), ++last_version[stream]) << stream;  // contiguous versions
  }
  EXPECT_EQ(last_version["shared"], uint64_t{kThreads * kPerThread / 2});
  auto report = store.Verify(0, 0);
  ASSERT_TRUE(report);
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST(CrashSafety, EveryAcknowledgedEventSurvivesSigkill) {
  TempDir dir;
  for (int round = 0; round < 3; ++round) {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      dup2(out[1], 1);
      close(out[0]);
      close(out[1]);
      execl(BITACORA_CRASH_CHILD, BITACORA_CRASH_CHILD, dir.path().c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    // Read acknowledgements until enough have arrived, then kill mid-flight.
    std::string acks;
    char buf[4096];
    const size_t want = 150 + 100 * static_cast<size_t>(round);
    size_t lines = 0;
    while (lines < want) {
      ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;
      acks.append(buf, static_cast<size_t>(n));
      lines = static_cast<size_t>(std::count(acks.begin(), acks.end(), '\n'));
    }
    kill(pid, SIGKILL);
    while (read(out[0], buf, sizeof buf) > 0) {
    }
    close(out[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child ended on its own: " << status;
    ASSERT_GE(lines, want);

    auto store = EventStore::Open(StoreOptions{.path = dir.path()});
    ASSERT_TRUE(store) << store.error().ToString();
    std::istringstream in(acks.substr(0, acks.rfind('\n') + 1));
    uint64_t position;
    std::string stream, text;
    size_t checked = 0;
    while (in >> position >> stream >> text) {
      auto e = (*store)->ReadLog(position, 1);
      ASSERT_TRUE(e);
      ASSERT_EQ(e->size(), 1u) << "acknowledged position " << position << " is gone";
      auto env = (*e)[0].envelope();
      EXPECT_EQ(std::string(env.getStreamId().cStr()), stream);
      EXPECT_EQ(std::string(env.getPayload().getCommentRecorded().getText().cStr()), text);
      ++checked;
    }
    EXPECT_GE(checked, want);
    auto report = (*store)->Verify(0, 0);
    ASSERT_TRUE(report);
    EXPECT_TRUE(report->ok) << "round " << round << ": " << report->problem << " at "
                            << report->first_bad_position;
  }
}

}  // namespace
}  // namespace bitacora
