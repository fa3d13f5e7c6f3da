// Event streams on a real LAN (rest/stream_gate.h): a cap in total and per token with 429 past
// it, and a stream that ends when its token is revoked. Also the byte bound of a /v1/log page.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "app/tokens.h"
#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;
using Clock = std::chrono::steady_clock;

// A GET /v1/log/stream on its own connection and thread, until Stop() or the server ends it.
class Follower {
 public:
  Follower(int port, const std::string& token) : client_("127.0.0.1", port) {
    client_.set_read_timeout(10);
    thread_ = std::thread([this, token] {
      auto res = client_.Get("/v1/log/stream", httplib::Headers{{"Authorization", "Bearer " + token}},
                             [this](const char*, size_t) {
                               started_ = true;
                               return !stop_.load();
                             });
      if (res) status_ = res->status;
      if (res) body_ = res->body;
      ended_ = true;
    });
  }
  ~Follower() {
    Stop();
    thread_.join();
  }
  void Stop() { stop_ = true; }
  bool ended() const { return ended_; }
  bool started() const { return started_; }
  int status() const { return status_; }
  const std::string& body() const { return body_; }
  // Waits until the stream sent something or ended.
  void AwaitStart() {
    for (int i = 0; i < 300 && !started_ && !ended_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }

 private:
  httplib::Client client_;
  std::atomic<bool> stop_{false}, started_{false}, ended_{false};
  std::atomic<int> status_{0};
  std::string body_;
  std::thread thread_;
};

class RestStreamLimitsTest : public RestFixture {
 protected:
  void SetUp() override { OpenLedger(); }
};

TEST_F(RestStreamLimitsTest, StreamPastTheLimitOfItsTokenGets429) {
  shim::ServerOptions options;
  options.max_streams_per_token = 2;
  StartServer(options);
  Follower a(server_->port(), tokens_[Role::AUDITOR]);
  Follower b(server_->port(), tokens_[Role::AUDITOR]);
  a.AwaitStart();
  b.AwaitStart();
  ASSERT_FALSE(a.ended());
  ASSERT_FALSE(b.ended());
  auto third = Get("/v1/log/stream", Role::AUDITOR);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429);
  EXPECT_NE(third->body.find("\"too_many_streams\""), std::string::npos) << third->body;
  // Another token still gets one; commands go on meanwhile.
  Follower other(server_->port(), tokens_[Role::SUPERVISOR]);
  other.AwaitStart();
  EXPECT_FALSE(other.ended());
  auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(RestStreamLimitsTest, StreamPastTheTotalGets429AndATicketComesBackWhenAStreamEnds) {
  shim::ServerOptions options;
  options.max_streams = 2;
  StartServer(options);
  auto first = std::make_unique<Follower>(server_->port(), tokens_[Role::AUDITOR]);
  Follower second(server_->port(), tokens_[Role::SUPERVISOR]);
  first->AwaitStart();
  second.AwaitStart();
  auto third = Get("/v1/log/stream", Role::AUDITOR);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->status, 429) << third->body;
  first.reset();  // its client goes away: the server notices within a keep-alive ping
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  Follower again(server_->port(), tokens_[Role::AUDITOR]);
  again.AwaitStart();
  EXPECT_TRUE(again.started());
  EXPECT_FALSE(again.ended()) << again.status() << " " << again.body();
}

TEST_F(RestStreamLimitsTest, RevokingItsTokenEndsAnOpenStream) {
  shim::ServerOptions options;
  options.stream_token_check = std::chrono::milliseconds(100);
  StartServer(options);
  Follower follower(server_->port(), tokens_[Role::AUDITOR]);
  follower.AwaitStart();
  ASSERT_FALSE(follower.ended());
  auto revoked = Post("revokeToken",
                      R"({"tokenHash":")" + app::TokenHashHex(tokens_[Role::AUDITOR]) + R"(","reason":"se fue"})",
                      Role::SUPERVISOR);
  ASSERT_TRUE(revoked);
  ASSERT_EQ(revoked->status, 201) << revoked->body;
  const auto until = Clock::now() + std::chrono::seconds(3);
  while (!follower.ended() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_TRUE(follower.ended());
}

TEST_F(RestStreamLimitsTest, LogPageEndsAtItsBytesAndNextGoesOn) {
  shim::ServerOptions options;
  options.log_page_bytes = 2000;
  StartServer(options);
  for (int i = 0; i < 6; ++i) {
    auto res = Post("openCase",
                    R"({"kind":"newConnection","clientCi":"77788)" + std::to_string(i) +
                        R"(","tariffCategory":"residential","address":")" + std::string(250, 'a') + R"("})",
                    Role::PLATFORM);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 201) << res->body;
  }
  const uint64_t head = Head();
  uint64_t from = 1;
  size_t pages = 0;
  size_t events = 0;
  while (from <= head && pages < 100) {
    auto page = Get("/v1/log?from=" + std::to_string(from) + "&limit=1000");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->status, 200);
    EXPECT_LT(page->body.size(), 2000u + 1200u) << "one event past the bound at most";
    size_t here = 0;
    for (size_t at = page->body.find("\"position\""); at != std::string::npos; at = page->body.find("\"position\"", at + 1)) ++here;
    ASSERT_GT(here, 0u);
    events += here;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(page->body, m, std::regex("\"next\":([0-9]+)")));
    from = std::stoull(m[1]);
    ++pages;
  }
  EXPECT_EQ(from, head + 1);
  EXPECT_EQ(events, head);
  EXPECT_GT(pages, 1u);
}

}  // namespace
}  // namespace bitacora::testing
