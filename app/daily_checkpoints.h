// Signs a checkpoint of the log's head at the end of each day (00:00 America/La_Paz) while the
// server runs, when a signing key exists.
#ifndef BITACORA_APP_DAILY_CHECKPOINTS_H_
#define BITACORA_APP_DAILY_CHECKPOINTS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <thread>

#include "app/stop_signal.h"
#include "core/audit/keys.h"
#include "core/store/event_store.h"

namespace bitacora::app {

// UTC ns of the first La Paz midnight strictly after `now_ns`. Pure.
int64_t NextLaPazMidnight(int64_t now_ns);

class DailyCheckpointer {
 public:
  // When to sign next, given the time now (UTC ns since the epoch).
  using Schedule = std::function<int64_t(int64_t now_ns)>;

  // Starts the thread, which signs a checkpoint of the head at each instant `next` names (by
  // default each La Paz midnight; tests pass a shorter period). `store` must outlive this object.
  // `origin` is the key's name. A head already signed is not signed again.
  DailyCheckpointer(EventStore& store, SigningKey key, std::string origin,
                    Schedule next = NextLaPazMidnight);
  // Stops and joins the thread.
  ~DailyCheckpointer();
  DailyCheckpointer(const DailyCheckpointer&) = delete;
  DailyCheckpointer& operator=(const DailyCheckpointer&) = delete;

 private:
  void Run();
  EventStore& store_;
  SigningKey key_;
  std::string origin_;
  Schedule next_;
  StopSignal stop_;  // before thread_, which watches it from the start
  std::thread thread_;
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_DAILY_CHECKPOINTS_H_
