// Signs the checkpoint that closes each La Paz day (core/audit/day_checkpoints.h) at its midnight
// (00:00 America/La_Paz) while the server runs, when a signing key exists.
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

  // Starts the thread, which at each instant `next` names signs the checkpoint closing the La Paz
  // day that ended there when the instant is a La Paz midnight (the default schedule), else a
  // checkpoint of the head (tests pass a shorter period). `store` must outlive this object.
  // `origin` is the key's name. A head or day already signed is not signed again.
  // `after_sign`, if set, is called on the checkpointer's thread after each checkpoint it signs
  // (the server hands it to its witnesses there).
  DailyCheckpointer(EventStore& store, SigningKey key, std::string origin,
                    Schedule next = NextLaPazMidnight, std::function<void()> after_sign = {});
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
  std::function<void()> after_sign_;
  StopSignal stop_;  // before thread_, which watches it from the start
  std::thread thread_;
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_DAILY_CHECKPOINTS_H_
