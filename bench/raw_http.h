// A minimal HTTP/1.1 client over a TCP socket bound to a chosen source address on loopback, for
// the load benchmark (bench/load_bench.cc). Linux routes all of 127.0.0.0/8 to the loopback
// interface and lets a socket bind any of those addresses, so one machine can stand for many
// hosts of a LAN: the server's per-address connection cap (--max-connections-per-address) then
// sees them as it would see the desk's PCs, and its defaults can be kept.
#ifndef BITACORA_BENCH_RAW_HTTP_H_
#define BITACORA_BENCH_RAW_HTTP_H_

#include <chrono>
#include <string>

namespace bitacora::bench {

// 127.0.`block`.`host` as text (block and host 0..255).
std::string LoopbackAddress(int block, int host);

// A socket connected from `source` (an IPv4 address on loopback) to 127.0.0.1:`port`, blocking;
// -1 when bind or connect fails. The caller closes it.
int ConnectFrom(const std::string& source, int port);

struct RawAnswer {
  int status = 0;  // 0: no answer (connection closed, timed out, or unreadable)
  std::string body;
  bool keep_alive = true;  // false when the server said Connection: close
};

// One request/answer on a keep-alive connection, reconnecting from `source` when needed.
class RawClient {
 public:
  RawClient(std::string source, int port) : source_(std::move(source)), port_(port) {}
  ~RawClient();
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends `head` (the request line and headers, each ending in CRLF, without the blank line) and
  // `body` (Content-Length is added), and reads the whole answer (Content-Length or chunked) within
  // `timeout`. On a failure the connection is closed and status is 0; a stale keep-alive
  // connection (closed by the server between requests) is retried once on a new one.
  RawAnswer Request(const std::string& head, const std::string& body,
                    std::chrono::milliseconds timeout);

 private:
  RawAnswer Once(const std::string& request, std::chrono::milliseconds timeout);
  void Close();

  std::string source_;
  int port_;
  int fd_ = -1;
};

// Reads one answer's status line and headers from `fd` within `timeout` (what the event streams
// and the idle connections need); 0 when none came. `rest` gets any bytes read past the headers.
int ReadStatus(int fd, std::chrono::milliseconds timeout, std::string* rest = nullptr);

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_RAW_HTTP_H_
