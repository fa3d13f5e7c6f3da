// The listen backlog of `bitacora serve`. Debian's cpp-httplib 0.11 is a shared library that
// listens with a backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG is fixed when the library is built): 64
// clients connecting at once overflowed it, and each dropped handshake cost that client's first
// request a retransmission timeout of 0.2-1 s (wrk's folder p99: ~800 ms). The server socket
// passes through httplib's socket-options hook before bind; listen() again on it after bind
// raises the backlog (Linux updates the backlog of a listening socket).
#ifndef BITACORA_REST_LISTEN_BACKLOG_H_
#define BITACORA_REST_LISTEN_BACKLOG_H_

#include <atomic>
#include <memory>

#include "core/result.h"

namespace httplib {
class Server;
}

namespace bitacora::shim {

inline constexpr int kListenBacklog = 1024;  // the kernel caps it at net.core.somaxconn

// Makes `server` remember its listening socket as it is created (keeping httplib's default socket
// options). Call before binding; the returned handle lives as long as the server is used.
std::shared_ptr<std::atomic<int>> RememberListenSocket(httplib::Server& server);

// listen(fd, backlog) on a socket that already listens: kUnavailable "listen_failed" otherwise.
[[nodiscard]] Status RaiseListenBacklog(int fd, int backlog = kListenBacklog);

}  // namespace bitacora::shim

#endif  // BITACORA_REST_LISTEN_BACKLOG_H_
