// A stop flag that a background thread's waits watch, for the shim's periodic threads (the
// daily checkpoint, the heap trim): the owner raises it and joins; the thread's next or current
// wait returns at once.
#ifndef BITACORA_APP_STOP_SIGNAL_H_
#define BITACORA_APP_STOP_SIGNAL_H_

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace bitacora::app {

class StopSignal {
 public:
  // Waits until `deadline` (of any clock) or Stop(), whichever comes first; true once stopped
  // (also when Stop() came before the call). Thread-safe.
  template <typename Clock, typename Duration>
  bool WaitUntil(const std::chrono::time_point<Clock, Duration>& deadline) {
    std::unique_lock lock(mu_);
    return cv_.wait_until(lock, deadline, [this] { return stopped_; });
  }
  // The same for a wait of `period`. Thread-safe.
  template <typename Rep, typename Period>
  bool WaitFor(const std::chrono::duration<Rep, Period>& period) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, period, [this] { return stopped_; });
  }
  // Raises the flag and wakes every wait. Thread-safe; idempotent.
  void Stop() {
    {
      std::lock_guard lock(mu_);
      stopped_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_STOP_SIGNAL_H_
