// Who may hold a connection to `bitacora serve`, and for how long it may take to send a request.
// Debian's cpp-httplib 0.11 reads with a timeout per recv() only: a sender trickling one header
// line every few seconds kept a request thread forever, and 130 of them starved /healthz. Its
// thread pool also queues connections past its size without limit. GuardedServer replaces the
// per-connection loop (httplib's process_and_close_socket, a virtual) with one that
//  - refuses a connection past `max_per_address` open ones from the same client address (429
//    too_many_connections, written before anything is read);
//  - past `max_connections` open ones in total, serves the connection from the reserve of request
//    threads (the pool's size minus max_connections): one request, only /healthz or a supervisor's
//    (the route wrapper answers 503 server_busy to anything else, see InReserve());
//  - gives each request `request_deadline` from its first byte to the last byte of its body; a
//    read past it fails and the connection is closed;
//  - closes a connection idle for `keep_alive` between requests; while idle (opened and silent,
//    or kept alive between requests), a connection waits in a parking lot (parking_lot.h)
//    without holding a request thread, so no crowd of idle connections can queue /healthz or a
//    command behind it.
#ifndef BITACORA_REST_CONNECTION_GUARD_H_
#define BITACORA_REST_CONNECTION_GUARD_H_

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include "rest/parking_lot.h"

namespace bitacora::shim {

struct ConnectionLimits {
  std::chrono::milliseconds request_deadline{10000};
  std::chrono::milliseconds keep_alive{5000};
  size_t max_connections = 120;   // open connections served normally, all addresses together
  size_t max_per_address = 32;    // open connections from one client address
};

class GuardedServer : public httplib::Server {
 public:
  // Serves with a pool of `threads` request threads (it sets new_task_queue).
  GuardedServer(ConnectionLimits limits, size_t threads);

  // Whether the request being served on the calling thread came on a reserve connection (see
  // above). Only meaningful inside a route handler.
  static bool InReserve();

  // Open connections right now (tests, metrics). Thread-safe.
  size_t open_connections() const;
  // Of them, those waiting in the parking lot between requests (tests). Thread-safe.
  size_t parked_connections() const;

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Serves `c`'s requests from where it stood; parks it when it falls idle. Closes it (and counts
  // it out) when done.
  bool Serve(ParkedConnection c);
  // Parks `c`; false when there is no pool to give it back to (the caller keeps it).
  bool Park(const ParkedConnection& c);
  void Resume(ParkedConnection c);  // the lot: `c` has bytes to read
  void Expire(ParkedConnection c);  // the lot: `c` idled out, or the server stops
  // Counts the connection from `address` in; false when the address is at its limit. `reserve`
  // tells whether the total was already at max_connections.
  bool Admit(const std::string& address, bool& reserve);
  void Release(const std::string& address, bool reserve);

  const ConnectionLimits limits_;
  mutable std::mutex mu_;
  std::map<std::string, size_t> per_address_;  // guarded by mu_
  size_t normal_ = 0;                          // guarded by mu_
  size_t reserve_ = 0;                         // guarded by mu_
  std::atomic<httplib::TaskQueue*> queue_{nullptr};  // the pool while listen() runs
  ParkingLot lot_;  // last: stopped (and its thread joined) before the members above go
};

}  // namespace bitacora::shim

#endif  // BITACORA_REST_CONNECTION_GUARD_H_
