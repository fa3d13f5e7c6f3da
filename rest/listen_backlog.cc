#include "rest/listen_backlog.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace bitacora::shim {

std::shared_ptr<std::atomic<int>> RememberListenSocket(httplib::Server& server) {
  auto fd = std::make_shared<std::atomic<int>>(-1);
  server.set_socket_options([fd](socket_t sock) {
    httplib::default_socket_options(sock);
    int none = -1;
    fd->compare_exchange_strong(none, static_cast<int>(sock));  // the first: the server socket
  });
  return fd;
}

Status RaiseListenBacklog(int fd, int backlog) {
  if (fd < 0 || ::listen(fd, backlog) != 0) {
    return Fail(Code::kListenFailed, std::string("cannot raise the listen backlog: ") + (fd < 0 ? "no socket" : std::strerror(errno)));
  }
  return Ok();
}

}  // namespace bitacora::shim
