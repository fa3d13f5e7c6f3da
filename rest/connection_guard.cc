#include "rest/connection_guard.h"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "app/answer_codec.h"
#include "core/errors/error_codes.h"
#include "core/result.h"
#include "rest/server.h"

namespace bitacora::shim {
namespace {

using Clock = std::chrono::steady_clock;

thread_local bool t_in_reserve = false;

constexpr std::chrono::milliseconds kWriteTimeout{5000};
constexpr std::chrono::milliseconds kReadTimeout{5000};
constexpr std::chrono::milliseconds kStopCheck{100};  // how often an idle wait looks at stop()
// How long a thread waits for the next request on a kept-alive connection before parking it: a
// client that sends its next request as soon as it has the answer keeps its thread.
constexpr std::chrono::milliseconds kLinger{2};

// httplib's pool, with a step before its shutdown (GuardedServer stops its parking lot there).
class GuardedPool : public httplib::TaskQueue {
 public:
  GuardedPool(size_t threads, std::function<void()> before_shutdown)
      : pool_(threads), before_shutdown_(std::move(before_shutdown)) {}
  void enqueue(std::function<void()> fn) override { pool_.enqueue(std::move(fn)); }
  void shutdown() override {
    before_shutdown_();
    pool_.shutdown();
  }

 private:
  httplib::ThreadPool pool_;
  std::function<void()> before_shutdown_;
};

// poll() for `events` up to `wait` (never negative); whether they came.
bool PollFor(socket_t sock, short events, std::chrono::milliseconds wait) {
  pollfd p{sock, events, 0};
  const int ms = static_cast<int>(std::max<int64_t>(0, wait.count()));
  int n;
  do {
    n = ::poll(&p, 1, ms);
  } while (n < 0 && errno == EINTR);
  return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
}

std::string NumericAddress(const sockaddr_storage& addr, socklen_t len, int* port) {
  char host[NI_MAXHOST] = "";
  char serv[NI_MAXSERV] = "";
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof host, serv,
                    sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
    return "";
  }
  if (port != nullptr) *port = std::atoi(serv);
  return host;
}

// A socket stream whose reads fail once the current request's deadline has passed (httplib's own
// only bounds each recv()). Buffered, as httplib reads request lines a byte at a time.
class DeadlineStream : public httplib::Stream {
 public:
  explicit DeadlineStream(socket_t sock) : sock_(sock) {}

  void Arm(Clock::time_point deadline) { deadline_ = deadline; }
  // Whether a read was refused because the deadline had passed.
  bool timed_out() const { return timed_out_; }
  bool HasBuffered() const { return pos_ < len_; }

  bool is_readable() const override { return HasBuffered() || PollFor(sock_, POLLIN, Remaining()); }
  bool is_writable() const override {
    if (!PollFor(sock_, POLLOUT, kWriteTimeout)) return false;
    // Alive unless the peer closed: readable with nothing to read.
    if (!PollFor(sock_, POLLIN, std::chrono::milliseconds(0))) return true;
    char byte;
    return ::recv(sock_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (!HasBuffered()) {
      // As httplib: one wait at most kReadTimeout; and never past the request's deadline.
      if (Clock::now() >= deadline_ || !PollFor(sock_, POLLIN, std::min(Remaining(), kReadTimeout))) {
        timed_out_ = true;
        return -1;
      }
      ssize_t n;
      do {
        n = ::recv(sock_, buf_, sizeof buf_, 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) return n;
      pos_ = 0;
      len_ = static_cast<size_t>(n);
    }
    const size_t n = std::min(size, len_ - pos_);
    std::copy_n(buf_ + pos_, n, ptr);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    size_t done = 0;
    while (done < size) {
      if (!PollFor(sock_, POLLOUT, kWriteTimeout)) return -1;
      const ssize_t n = ::send(sock_, ptr + done, size - done, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return -1;
      done += static_cast<size_t>(n);
    }
    return static_cast<ssize_t>(done);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip = NumericAddress(addr, len, &port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) ip = NumericAddress(addr, len, &port);
  }
  socket_t socket() const override { return sock_; }

 private:
  std::chrono::milliseconds Remaining() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now());
  }

  socket_t sock_;
  Clock::time_point deadline_ = Clock::now();
  char buf_[4096];
  size_t pos_ = 0;
  size_t len_ = 0;
  bool timed_out_ = false;
};

// Answers `error` and nothing else on a connection not read from (it is closed next).
void WriteRefusal(DeadlineStream& stream, const Error& error) {
  const std::string body = app::ErrorJson(error);
  const int status = HttpStatus(error);
  const std::string head = "HTTP/1.1 " + std::to_string(status) +
                           (status == 429 ? " Too Many Requests" : " Service Unavailable") +
                           "\r\nContent-Type: application/json; charset=utf-8\r\nRetry-After: 1\r\n"
                           "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  stream.write((head + body).data(), head.size() + body.size());
}

void CloseSocket(socket_t sock) {
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

}  // namespace

bool GuardedServer::InReserve() { return t_in_reserve; }

size_t GuardedServer::open_connections() const {
  std::lock_guard lock(mu_);
  return normal_ + reserve_;
}

bool GuardedServer::Admit(const std::string& address, bool& reserve) {
  std::lock_guard lock(mu_);
  size_t& mine = per_address_[address];
  if (mine >= limits_.max_per_address) {
    if (mine == 0) per_address_.erase(address);
    return false;
  }
  ++mine;
  reserve = normal_ >= limits_.max_connections;
  ++(reserve ? reserve_ : normal_);
  return true;
}

void GuardedServer::Release(const std::string& address, bool reserve) {
  std::lock_guard lock(mu_);
  --(reserve ? reserve_ : normal_);
  auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

bool GuardedServer::process_and_close_socket(socket_t sock) {
  DeadlineStream stream(sock);
  std::string address;
  int port = 0;
  stream.get_remote_ip_and_port(address, port);
  bool reserve = false;
  if (!Admit(address, reserve)) {
    WriteRefusal(stream, MakeError(Code::kTooManyConnections,
                                   "Demasiadas conexiones abiertas desde " + address + "; cierre alguna."));
    CloseSocket(sock);
    return false;
  }
  return Serve(ParkedConnection{sock, address, reserve, reserve ? 1 : keep_alive_max_count_,
                                Clock::now() + limits_.keep_alive});
}

bool GuardedServer::Serve(ParkedConnection c) {
  DeadlineStream stream(c.sock);
  t_in_reserve = c.reserve;
  bool ok = true;
  while (c.requests_left > 0 && svr_sock_ != INVALID_SOCKET) {
    // Idle between requests: a next request that follows at once is served on this thread;
    // otherwise the connection waits in the parking lot, without a thread, for its first byte.
    bool ready = stream.HasBuffered() || PollFor(c.sock, POLLIN, kLinger);
    if (!ready && Park(c)) {
      t_in_reserve = false;
      return true;  // the lot holds it now, and gives it back to the pool
    }
    while (!ready && svr_sock_ != INVALID_SOCKET && Clock::now() < c.idle_until) {  // no lot
      ready = PollFor(c.sock, POLLIN, std::min(kStopCheck, std::chrono::duration_cast<std::chrono::milliseconds>(
                                                               c.idle_until - Clock::now())));
    }
    if (!ready) break;
    stream.Arm(Clock::now() + limits_.request_deadline);
    bool closed = false;
    ok = process_request(stream, c.requests_left == 1, closed, nullptr);
    if (!ok || closed || stream.timed_out()) break;  // a late sender's connection is not kept
    --c.requests_left;
    c.idle_until = Clock::now() + limits_.keep_alive;
  }
  t_in_reserve = false;
  Release(c.address, c.reserve);
  CloseSocket(c.sock);
  return ok;
}

bool GuardedServer::Park(const ParkedConnection& c) {
  if (queue_.load() == nullptr || Clock::now() >= c.idle_until) return false;
  return lot_.Park(c);
}

void GuardedServer::Resume(ParkedConnection c) {
  httplib::TaskQueue* queue = queue_.load();
  if (queue == nullptr) return Expire(std::move(c));
  queue->enqueue([this, c = std::move(c)]() mutable { Serve(std::move(c)); });
}

void GuardedServer::Expire(ParkedConnection c) {
  Release(c.address, c.reserve);
  CloseSocket(c.sock);
}

GuardedServer::GuardedServer(ConnectionLimits limits, size_t threads)
    : limits_(limits),
      lot_([this](ParkedConnection c) { Resume(std::move(c)); },
           [this](ParkedConnection c) { Expire(std::move(c)); }) {
  // The pool is made by listen(); its shutdown (when listen() returns) stops the lot first, so
  // that nothing is handed back to a pool that is going away.
  new_task_queue = [this, threads]() -> httplib::TaskQueue* {
    auto* pool = new GuardedPool(threads, [this] {
      queue_.store(nullptr);
      lot_.Stop();
    });
    queue_.store(pool);
    return pool;
  };
}

size_t GuardedServer::parked_connections() const { return lot_.parked(); }

}  // namespace bitacora::shim
