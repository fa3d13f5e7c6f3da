// The background of the load benchmark (bench/load_bench.cc): connections that hold the server's
// attention without asking it for anything useful. Each crowd runs one thread that keeps its
// connections open: one closed by the server (a refusal, or its keep-alive or request deadline
// over) is counted and opened again, so that the crowd stays at its size for the whole phase.
#ifndef BITACORA_BENCH_LOAD_CROWD_H_
#define BITACORA_BENCH_LOAD_CROWD_H_

#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace bitacora::bench {

// What a crowd saw, cumulated since it started. `answers` counts the status of each answer's head
// (a stream's 200, a refusal's 429 or 503); `silent_closes` connections the server closed without
// a word; `connect_failures` connects that failed.
struct CrowdCounts {
  size_t size = 0;      // connections the crowd keeps
  size_t open_now = 0;  // open at the moment of the snapshot
  size_t opened = 0;    // connections opened, reopenings included
  size_t silent_closes = 0;
  size_t connect_failures = 0;
  size_t streaming_now = 0;  // streams: open with a 200 and still delivering
  uint64_t stream_bytes = 0;
  std::map<int, size_t> answers;
};

// Prints `label` and the counts on one line (Spanish, for the benchmark's reader).
void PrintCounts(const char* label, const CrowdCounts& counts);

class Crowd {
 public:
  enum class Kind {
    kSilent,   // connect, send nothing
    kTrickle,  // connect, send a request line, then one header line every 3 s (slowloris)
    kStream,   // GET /v1/log/stream with a supervisor's token, read everything it sends
  };
  // `addresses[i]` is connection i's source address; `tokens` (streams) are used in turn.
  Crowd(Kind kind, int port, std::vector<std::string> addresses,
        std::vector<std::string> tokens = {});
  ~Crowd();  // Stop()
  Crowd(const Crowd&) = delete;
  Crowd& operator=(const Crowd&) = delete;

  // Opens every connection and keeps them open until Stop(). Returns at once.
  void Start();
  // Closes them all and joins the thread.
  void Stop();
  CrowdCounts counts() const;

 private:
  struct Conn {
    int fd = -1;
    bool answered = false;   // a status line was read on it
    bool streaming = false;  // answered 200 (streams)
    std::string pending;     // bytes read before the status line was complete
  };
  void Run();
  void Open(size_t i);
  void OnReadable(size_t i);
  void CloseConn(size_t i);

  const Kind kind_;
  const int port_;
  const std::vector<std::string> addresses_;
  const std::vector<std::string> tokens_;
  std::vector<Conn> conns_;  // touched by the crowd's thread only
  std::atomic<bool> stop_{false};
  std::thread thread_;
  mutable std::mutex mu_;
  CrowdCounts counts_;  // guarded by mu_
};

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_LOAD_CROWD_H_
