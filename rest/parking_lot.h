// Where connections wait between requests without holding a request thread. httplib's thread pool
// serves a connection on one thread from accept to close and queues the accepted ones past its
// size without limit: a crowd of idle connections (opened and silent, or kept alive between
// requests) held every thread and queued /healthz behind them for as long as they were reopened.
// GuardedServer (connection_guard.h) parks a connection that has nothing to read; one thread
// here polls every parked socket and hands a connection back to the pool when its next request's
// first byte arrives, or closes it when its idle time is up.
#ifndef BITACORA_REST_PARKING_LOT_H_
#define BITACORA_REST_PARKING_LOT_H_

#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bitacora::shim {

// A connection between requests, as GuardedServer resumes it.
struct ParkedConnection {
  int sock = -1;
  std::string address;  // the client's, as admitted
  bool reserve = false;
  size_t requests_left = 0;
  std::chrono::steady_clock::time_point idle_until;
};

class ParkingLot {
 public:
  using Handler = std::function<void(ParkedConnection)>;
  // `ready` runs (on the lot's thread) for a connection with bytes to read or closed by its
  // peer; `expired` for one whose idle_until passed, and for every parked one at Stop(). Each
  // must return quickly (enqueue, close) and takes over the connection.
  ParkingLot(Handler ready, Handler expired);
  // Stops as Stop().
  ~ParkingLot();
  ParkingLot(const ParkingLot&) = delete;
  ParkingLot& operator=(const ParkingLot&) = delete;

  // Parks `c` (starting the lot's thread the first time). False after Stop(): the caller keeps
  // the connection. Thread-safe.
  bool Park(ParkedConnection c);

  // Ends the lot's thread; every parked connection goes to `expired`. Idempotent; thread-safe.
  void Stop();

  // Connections parked right now (tests). Thread-safe.
  size_t parked() const;

 private:
  void Run();
  void Wake();

  Handler ready_, expired_;
  int wake_fd_ = -1;  // eventfd: a new connection parked, or Stop()
  mutable std::mutex mu_;
  std::vector<ParkedConnection> incoming_;  // guarded by mu_: parked, not yet polled
  size_t parked_ = 0;                       // guarded by mu_
  bool stopped_ = false;                    // guarded by mu_
  std::thread thread_;                      // started by the first Park()
};

}  // namespace bitacora::shim

#endif  // BITACORA_REST_PARKING_LOT_H_
