#include "bench/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>

namespace bitacora::bench {
namespace {

using Clock = std::chrono::steady_clock;

// Reads more bytes into `buf` before `deadline`; false on EOF, error or timeout.
bool ReadMore(int fd, std::string& buf, Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  if (left <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  int n;
  do {
    n = ::poll(&p, 1, static_cast<int>(left));
  } while (n < 0 && errno == EINTR);
  if (n <= 0) return false;
  char chunk[16384];
  ssize_t got;
  do {
    got = ::recv(fd, chunk, sizeof chunk, 0);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) return false;
  buf.append(chunk, static_cast<size_t>(got));
  return true;
}

bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

// The value of header `name` in `head` (case-insensitive name), "" when absent.
std::string Header(const std::string& head, const char* name) {
  const size_t len = std::char_traits<char>::length(name);
  for (size_t at = head.find("\r\n"); at != std::string::npos; at = head.find("\r\n", at + 2)) {
    const size_t line = at + 2;
    if (head.size() >= line + len + 1 && strncasecmp(head.c_str() + line, name, len) == 0 &&
        head[line + len] == ':') {
      size_t v = line + len + 1;
      while (v < head.size() && head[v] == ' ') ++v;
      return head.substr(v, head.find("\r\n", v) - v);
    }
  }
  return "";
}

// The status line's code, 0 when it is not HTTP.
int StatusOf(const std::string& head) {
  if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0) return 0;
  return std::atoi(head.c_str() + 9);
}

// Decodes a chunked body from `buf` (after the headers), reading more as needed.
bool ReadChunked(int fd, std::string& buf, Clock::time_point deadline, std::string& body) {
  size_t at = 0;
  for (;;) {
    size_t eol;
    while ((eol = buf.find("\r\n", at)) == std::string::npos) {
      if (!ReadMore(fd, buf, deadline)) return false;
    }
    const size_t size = std::strtoul(buf.c_str() + at, nullptr, 16);
    at = eol + 2;
    while (buf.size() < at + size + 2) {
      if (!ReadMore(fd, buf, deadline)) return false;
    }
    body.append(buf, at, size);
    at += size + 2;
    if (size == 0) return true;  // no trailers from this server
  }
}

}  // namespace

std::string LoopbackAddress(int block, int host) {
  return "127.0." + std::to_string(block) + "." + std::to_string(host);
}

int ConnectFrom(const std::string& source, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int ReadStatus(int fd, std::chrono::milliseconds timeout, std::string* rest) {
  const auto deadline = Clock::now() + timeout;
  std::string buf;
  size_t end;
  while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(fd, buf, deadline)) return 0;
  }
  if (rest != nullptr) *rest = buf.substr(end + 4);
  return StatusOf(buf);
}

RawClient::~RawClient() { Close(); }

void RawClient::Close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

RawAnswer RawClient::Request(const std::string& head, const std::string& body,
                             std::chrono::milliseconds timeout) {
  const std::string request =
      head + "Host: bitacora.bench\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
      body;
  const bool reused = fd_ >= 0;
  RawAnswer answer = Once(request, timeout);
  if (answer.status == 0 && reused) answer = Once(request, timeout);
  return answer;
}

RawAnswer RawClient::Once(const std::string& request, std::chrono::milliseconds timeout) {
  RawAnswer answer;
  const auto deadline = Clock::now() + timeout;
  if (fd_ < 0) fd_ = ConnectFrom(source_, port_);
  if (fd_ < 0 || !WriteAll(fd_, request)) {
    Close();
    return answer;
  }
  std::string buf;
  size_t end;
  while ((end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(fd_, buf, deadline)) {
      Close();
      return answer;
    }
  }
  const std::string head = buf.substr(0, end + 2);
  buf.erase(0, end + 4);
  bool ok;
  if (strcasecmp(Header(head, "Transfer-Encoding").c_str(), "chunked") == 0) {
    ok = ReadChunked(fd_, buf, deadline, answer.body);
  } else {
    const size_t length = std::strtoul(Header(head, "Content-Length").c_str(), nullptr, 10);
    ok = true;
    while (ok && buf.size() < length) ok = ReadMore(fd_, buf, deadline);
    answer.body = buf.substr(0, length);
  }
  answer.keep_alive = strcasecmp(Header(head, "Connection").c_str(), "close") != 0;
  if (!ok) {
    Close();
    return answer;
  }
  answer.status = StatusOf(head);
  if (!answer.keep_alive) Close();
  return answer;
}

}  // namespace bitacora::bench
