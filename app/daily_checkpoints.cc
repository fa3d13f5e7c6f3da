#include "app/daily_checkpoints.h"

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/audit/day_checkpoints.h"
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
                                     Schedule next, std::function<void()> after_sign)
    : store_(store),
      key_(std::move(key)),
      origin_(std::move(origin)),
      next_(std::move(next)),
      after_sign_(std::move(after_sign)),
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
    const int64_t at_ns = next_(now);
    const system_clock::time_point at{std::chrono::duration_cast<system_clock::duration>(
        std::chrono::nanoseconds(at_ns))};
    if (stop_.WaitUntil(at)) break;
    if (system_clock::now() < at) continue;  // woken early: wait again
    const auto signed_at = std::chrono::floor<std::chrono::seconds>(system_clock::now());
    if (NextLaPazMidnight(at_ns - 1) != at_ns) {  // not a midnight (a test's schedule): the head
      auto signed_cp = SignHeadCheckpoint(store_, key_, origin_, signed_at);
      if (!signed_cp) spdlog::error("checkpoint failed: {}", signed_cp.error().ToString());
      if (signed_cp && signed_cp->fresh && after_sign_) after_sign_();
      continue;
    }
    // The La Paz day that ended at this midnight.
    const domain::LocalDate ended = domain::ToLocalDate(at_ns - 1);
    const std::chrono::year_month_day day{std::chrono::year(ended.year), std::chrono::month(ended.month),
                                          std::chrono::day(ended.day)};
    auto signed_cp = SignDayCheckpoint(store_, key_, origin_, day, signed_at);
    if (!signed_cp) {
      spdlog::error("daily checkpoint of {} failed: {}", FormatDay(day), signed_cp.error().ToString());
    } else if (signed_cp->fresh) {
      spdlog::info("daily checkpoint of {} signed at size {}", FormatDay(day), signed_cp->checkpoint.size);
      if (after_sign_) after_sign_();
    }
  }
}

}  // namespace bitacora::app
