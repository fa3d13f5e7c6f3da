// Connections the desk's LAN may open (rest/connection_guard.h): a slow sender is cut off at the
// request deadline while /healthz answers; one address gets at most N connections; past the
// total, the reserve serves /healthz and supervisors only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>
#include <vector>

#include "tests/rest_fixture.h"

namespace bitacora::testing {
namespace {

using schema::Role;
using Clock = std::chrono::steady_clock;

// A connected loopback socket to `port`, or -1.
int Connect(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Whether the server closed `fd` (EOF or reset, after any answer bytes) within `wait`.
bool ClosedWithin(int fd, std::chrono::milliseconds wait, std::string* answer = nullptr) {
  const auto until = Clock::now() + wait;
  char buf[4096];
  while (Clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
    if (answer != nullptr) answer->append(buf, static_cast<size_t>(n));
  }
  return false;
}

class RestConnectionsTest : public RestFixture {
 protected:
  void SetUp() override { OpenLedger(); }
  void TearDown() override {
    for (int fd : sockets_) ::close(fd);
    RestFixture::TearDown();
  }
  int Open() {
    const int fd = Connect(server_->port());
    if (fd >= 0) sockets_.push_back(fd);
    return fd;
  }
  std::vector<int> sockets_;
};

TEST_F(RestConnectionsTest, SlowSenderIsCutOffAtTheDeadlineWhileHealthzAnswers) {
  shim::ServerOptions options;
  options.request_deadline = std::chrono::milliseconds(1000);
  StartServer(options);  // 16 threads
  // More trickling senders than request threads, each sending a header line every 200 ms.
  std::vector<int> slow;
  for (int i = 0; i < 20; ++i) {
    const int fd = Open();
    ASSERT_GE(fd, 0);
    const std::string line = "GET /v1/log HTTP/1.1\r\n";
    ASSERT_EQ(::send(fd, line.data(), line.size(), MSG_NOSIGNAL), static_cast<ssize_t>(line.size()));
    slow.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::thread trickle([&] {
    while (!stop) {
      for (int fd : slow) (void)::send(fd, "X-Slow: 1\r\n", 11, MSG_NOSIGNAL | MSG_DONTWAIT);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  client_->set_read_timeout(5);
  const auto asked = Clock::now();
  auto health = client_->Get("/healthz");
  const auto took = Clock::now() - asked;
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_LT(took, std::chrono::milliseconds(3000));
  // Every slow sender is cut off, though it never stopped sending (httplib alone: never).
  int closed = 0;
  for (int fd : slow) closed += ClosedWithin(fd, std::chrono::milliseconds(3000)) ? 1 : 0;
  stop = true;
  trickle.join();
  EXPECT_EQ(closed, 20);
}

TEST_F(RestConnectionsTest, CompleteRequestsWithinTheDeadlineAreServedOnOneConnection) {
  shim::ServerOptions options;
  options.request_deadline = std::chrono::milliseconds(300);
  StartServer(options);
  for (int i = 0; i < 5; ++i) {  // keep-alive: each request gets its own deadline
    auto res = client_->Get("/healthz");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
  }
}

TEST_F(RestConnectionsTest, ConnectionPastTheLimitOfItsAddressIsRefused) {
  shim::ServerOptions options;
  options.max_connections_per_address = 3;
  StartServer(options);
  for (int i = 0; i < 3; ++i) ASSERT_GE(Open(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all three taken by workers
  const int fourth = Open();
  ASSERT_GE(fourth, 0);
  std::string answer;
  EXPECT_TRUE(ClosedWithin(fourth, std::chrono::milliseconds(2000), &answer));
  EXPECT_EQ(answer.rfind("HTTP/1.1 429", 0), 0u) << answer;
  EXPECT_NE(answer.find("\"too_many_connections\""), std::string::npos) << answer;
  // One closed: the address gets in again.
  ::close(sockets_.front());
  sockets_.erase(sockets_.begin());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto res = client_->Get("/healthz");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

TEST_F(RestConnectionsTest, PastTheTotalOnlyHealthzAndSupervisorsAreServed) {
  shim::ServerOptions options;
  options.max_connections = 2;
  StartServer(options);
  for (int i = 0; i < 2; ++i) ASSERT_GE(Open(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  auto clerk = Get("/v1/projections", Role::AUDITOR);
  ASSERT_TRUE(clerk);
  EXPECT_EQ(clerk->status, 503) << clerk->body;
  EXPECT_NE(clerk->body.find("\"server_busy\""), std::string::npos) << clerk->body;
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());  // reserve: one request each
  auto supervisor = Get("/v1/projections", Role::SUPERVISOR);
  ASSERT_TRUE(supervisor);
  EXPECT_EQ(supervisor->status, 200) << supervisor->body;
  client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  auto health = client_->Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
}

TEST_F(RestConnectionsTest, SilentConnectionsPastTheThreadsHoldNoThreadSoHealthzAnswers) {
  shim::ServerOptions options;
  options.keep_alive = std::chrono::seconds(60);  // held on a thread, each would block it a minute
  StartServer(options);                           // 16 threads
  for (int i = 0; i < 30; ++i) ASSERT_GE(Open(), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  httplib::Client probe("127.0.0.1", server_->port());
  probe.set_read_timeout(5, 0);
  auto health = probe.Get("/healthz");
  ASSERT_TRUE(health) << "/healthz queued behind silent connections";
  EXPECT_EQ(health->status, 200);
  httplib::Client supervisor("127.0.0.1", server_->port());
  supervisor.set_read_timeout(5, 0);
  auto status = supervisor.Get(
      "/v1/projections", httplib::Headers{{"Authorization", "Bearer " + tokens_[Role::SUPERVISOR]}});
  ASSERT_TRUE(status);
  EXPECT_EQ(status->status, 200) << status->body;
}

TEST_F(RestConnectionsTest, AConnectionIdleBetweenRequestsIsServedWhenItsNextRequestComes) {
  shim::ServerOptions options;
  options.keep_alive = std::chrono::seconds(10);
  StartServer(options);
  const int fd = Open();
  ASSERT_GE(fd, 0);
  const std::string request = "GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n";
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // parked meanwhile
    ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    std::string answer;
    char buf[1024];
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (answer.find("\r\n\r\n") == std::string::npos || answer.back() != '}') {
      if (Clock::now() > until) break;
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      ASSERT_GT(n, 0) << "closed in round " << round;
      answer.append(buf, static_cast<size_t>(n));
    }
    EXPECT_EQ(answer.rfind("HTTP/1.1 200", 0), 0u) << round << ": " << answer;
  }
}

TEST_F(RestConnectionsTest, AParkedConnectionIsClosedWhenItsKeepAliveIsUp) {
  shim::ServerOptions options;
  options.keep_alive = std::chrono::milliseconds(300);
  StartServer(options);
  const int fd = Open();
  ASSERT_GE(fd, 0);
  EXPECT_TRUE(ClosedWithin(fd, std::chrono::milliseconds(2000)));
}

}  // namespace
}  // namespace bitacora::testing
