// The server's listen backlog (rest/listen_backlog.h): raised on a socket that already
// listens with httplib's 5, a burst of connections is queued instead of dropped; and a served
// RestServer answers a burst of simultaneous connections.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

#include "rest/listen_backlog.h"

namespace bitacora::shim {
namespace {

// A loopback socket listening with `backlog`, never accepting; its port in `port`.
int ListeningSocket(int backlog, int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  EXPECT_EQ(::listen(fd, backlog), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.sin_port);
  return fd;
}

// Starts `count` non-blocking connects to `port` and counts those whose handshake completed
// within 300 ms. A SYN dropped by a full accept queue is only retried after a second.
int HandshakesCompleted(int port, int count) {
  std::vector<pollfd> fds;
  for (int i = 0; i < count; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    (void)::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    fds.push_back(pollfd{fd, POLLOUT, 0});
  }
  int completed = 0;
  for (int round = 0; round < 30; ++round) {  // 30 x 10 ms
    completed = 0;
    for (pollfd& p : fds) {
      p.revents = 0;
      (void)::poll(&p, 1, 0);
      int error = 0;
      socklen_t len = sizeof error;
      if ((p.revents & POLLOUT) && ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &len) == 0 && error == 0) {
        ++completed;
      }
    }
    if (completed == count) break;
    ::usleep(10000);
  }
  for (pollfd& p : fds) ::close(p.fd);
  return completed;
}

TEST(ListenBacklog, HttplibsFiveDropsABurstOfConnections) {
  int port = 0;
  const int fd = ListeningSocket(5, port);
  EXPECT_LT(HandshakesCompleted(port, 40), 40);  // the queue holds about 6; the rest wait 1 s
  ::close(fd);
}

TEST(ListenBacklog, RaisedOnAListeningSocketItQueuesTheWholeBurst) {
  int port = 0;
  const int fd = ListeningSocket(5, port);
  ASSERT_TRUE(RaiseListenBacklog(fd));
  EXPECT_EQ(HandshakesCompleted(port, 40), 40);
  ::close(fd);
}

TEST(ListenBacklog, RefusedOnNoSocket) {
  auto refused = RaiseListenBacklog(-1);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, "listen_failed");
}

TEST(ListenBacklog, TheServerSocketIsTheOneRemembered) {
  httplib::Server server;
  auto fd = RememberListenSocket(server);
  const int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  ASSERT_GE(fd->load(), 0);
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  ASSERT_EQ(::getsockname(fd->load(), reinterpret_cast<sockaddr*>(&addr), &len), 0);
  EXPECT_EQ(ntohs(addr.sin_port), port);
  int reuse_addr = 0;
  int reuse_port = 0;
  len = sizeof reuse_addr;
  ASSERT_EQ(::getsockopt(fd->load(), SOL_SOCKET, SO_REUSEADDR, &reuse_addr, &len), 0);
  len = sizeof reuse_port;
  ASSERT_EQ(::getsockopt(fd->load(), SOL_SOCKET, SO_REUSEPORT, &reuse_port, &len), 0);
  EXPECT_TRUE(reuse_addr != 0 || reuse_port != 0);  // httplib's default options are kept
  ASSERT_TRUE(RaiseListenBacklog(fd->load()));
  EXPECT_EQ(HandshakesCompleted(port, 40), 40);  // nobody accepts: only the backlog holds them
}

}  // namespace
}  // namespace bitacora::shim
