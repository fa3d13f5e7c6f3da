#include "bench/load_crowd.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "bench/raw_http.h"

namespace bitacora::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kTrickleEvery = std::chrono::seconds(3);
// A refused or closed connection is opened again after this (the refusals say Retry-After: 1).
constexpr auto kReopenAfter = std::chrono::seconds(1);

bool SendText(int fd, const std::string& text) {
  return ::send(fd, text.data(), text.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(text.size());
}

}  // namespace

void PrintCounts(const char* label, const CrowdCounts& c) {
  std::printf(
      "%s: %zu buscadas, %zu abiertas al final (%zu transmitiendo), %zu aperturas, %zu "
      "cerradas sin respuesta, %zu conexiones fallidas; respuestas:",
      label, c.size, c.open_now, c.streaming_now, c.opened, c.silent_closes, c.connect_failures);
  for (const auto& [status, n] : c.answers) std::printf(" %d×%zu", status, n);
  if (c.stream_bytes > 0) std::printf("; %.1f MiB recibidos en streams", c.stream_bytes / 1048576.0);
  std::printf("\n");
}

Crowd::Crowd(Kind kind, int port, std::vector<std::string> addresses,
             std::vector<std::string> tokens)
    : kind_(kind), port_(port), addresses_(std::move(addresses)), tokens_(std::move(tokens)) {
  counts_.size = addresses_.size();
}

Crowd::~Crowd() { Stop(); }

void Crowd::Start() {
  conns_.assign(addresses_.size(), Conn{});
  thread_ = std::thread([this] { Run(); });
}

void Crowd::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

CrowdCounts Crowd::counts() const {
  std::lock_guard lock(mu_);
  return counts_;
}

void Crowd::Open(size_t i) {
  Conn& c = conns_[i];
  c = Conn{};
  c.fd = ConnectFrom(addresses_[i], port_);
  std::lock_guard lock(mu_);
  if (c.fd < 0) {
    ++counts_.connect_failures;
    return;
  }
  ++counts_.opened;
  bool sent = true;
  if (kind_ == Kind::kTrickle) {
    sent = SendText(c.fd, "GET /healthz HTTP/1.1\r\n");
  } else if (kind_ == Kind::kStream) {
    sent = SendText(
        c.fd, "GET /v1/log/stream HTTP/1.1\r\nHost: bitacora.bench\r\nAuthorization: Bearer " +
                  tokens_[i % tokens_.size()] + "\r\n\r\n");
  }
  if (!sent) {
    ::close(c.fd);
    c.fd = -1;
  }
}

void Crowd::CloseConn(size_t i) {
  if (conns_[i].fd >= 0) ::close(conns_[i].fd);
  conns_[i].fd = -1;
}

void Crowd::OnReadable(size_t i) {
  Conn& c = conns_[i];
  char buf[16384];
  ssize_t n;
  do {
    n = ::recv(c.fd, buf, sizeof buf, MSG_DONTWAIT);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n <= 0) {  // closed by the server
    if (!c.answered) {
      std::lock_guard lock(mu_);
      ++counts_.silent_closes;
    }
    CloseConn(i);
    return;
  }
  if (c.streaming) {
    std::lock_guard lock(mu_);
    counts_.stream_bytes += static_cast<uint64_t>(n);
    return;
  }
  c.pending.append(buf, static_cast<size_t>(n));
  if (c.pending.find("\r\n\r\n") == std::string::npos) return;
  c.answered = true;
  const int status = c.pending.compare(0, 5, "HTTP/") == 0 ? std::atoi(c.pending.c_str() + 9) : 0;
  c.streaming = kind_ == Kind::kStream && status == 200;
  {
    std::lock_guard lock(mu_);
    ++counts_.answers[status];
  }
  // A refusal: closed here, as a client that got 429 or 503 would (and opened again later).
  if (!c.streaming) CloseConn(i);
}

void Crowd::Run() {
  std::vector<Clock::time_point> reopen_at(conns_.size(), Clock::now());
  std::vector<Clock::time_point> trickle_at(conns_.size(), Clock::now() + kTrickleEvery);
  for (size_t i = 0; i < conns_.size(); ++i) Open(i);
  std::vector<pollfd> fds;
  std::vector<size_t> which;
  while (!stop_.load()) {
    const auto now = Clock::now();
    fds.clear();
    which.clear();
    size_t open = 0, streaming = 0;
    for (size_t i = 0; i < conns_.size(); ++i) {
      Conn& c = conns_[i];
      if (c.fd < 0) {
        if (now >= reopen_at[i]) Open(i);
        if (c.fd < 0) continue;
      }
      if (kind_ == Kind::kTrickle && now >= trickle_at[i]) {
        trickle_at[i] = now + kTrickleEvery;
        if (!SendText(c.fd, "X-Trickle: " + std::to_string(i) + "\r\n")) {
          CloseConn(i);
          reopen_at[i] = now + kReopenAfter;
          continue;
        }
      }
      ++open;
      if (c.streaming) ++streaming;
      fds.push_back(pollfd{c.fd, POLLIN, 0});
      which.push_back(i);
    }
    {
      std::lock_guard lock(mu_);
      counts_.open_now = open;
      counts_.streaming_now = streaming;
    }
    int n;
    do {
      n = ::poll(fds.data(), fds.size(), 100);
    } while (n < 0 && errno == EINTR);
    for (size_t k = 0; n > 0 && k < fds.size(); ++k) {
      if (fds[k].revents == 0) continue;
      OnReadable(which[k]);
      if (conns_[which[k]].fd < 0) reopen_at[which[k]] = Clock::now() + kReopenAfter;
    }
  }
  for (size_t i = 0; i < conns_.size(); ++i) CloseConn(i);
}

}  // namespace bitacora::bench
