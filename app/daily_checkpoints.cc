#include "app/daily_checkpoints.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/audit/ledger_checkpoints.h"
#include "core/domain/ids.h"

namespace bitacora::app {
namespace {
constexpr int64_t kDayNs = 86400LL * 1'000'000'000;
}  // namespace

int64_t NextLaPazMidnight(int64_t now_ns) {
  const int64_t local = now_ns + domain::kLaPazOffsetNs;
  int64_t day = local / kDayNs;
  if (local % kDayNs < 0) --day;  // floor for instants before 1970
  return (day + 1) * kDayNs - domain::kLaPazOffsetNs;
}

DailyCheckpointer::DailyCheckpointer(EventStore& store, SigningKey key, std::string origin,
                                     Schedule next)
    : store_(store),
      key_(std::move(key)),
      origin_(std::move(origin)),
      next_(std::move(next)),
      thread_([this] { Run(); }) {}

DailyCheckpointer::~DailyCheckpointer() {
  stop_.Stop();
  thread_.join();
}

void DailyCheckpointer::Run() {
  using std::chrono::system_clock;
  for (;;) {
    const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            system_clock::now().time_since_epoch()).count();
    const system_clock::time_point at{std::chrono::duration_cast<system_clock::duration>(
        std::chrono::nanoseconds(next_(now)))};
    if (stop_.WaitUntil(at)) break;
    if (system_clock::now() < at) continue;  // woken early: wait again
    auto signed_cp = SignHeadCheckpoint(store_, key_, origin_,
                                        std::chrono::floor<std::chrono::seconds>(system_clock::now()));
    if (!signed_cp) {
      spdlog::error("daily checkpoint failed: {}", signed_cp.error().ToString());
    } else if (signed_cp->fresh) {
      spdlog::info("daily checkpoint signed at size {}", signed_cp->checkpoint.size);
    }
  }
}

}  // namespace bitacora::app
