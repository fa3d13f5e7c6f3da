// GET /v1/reports/daily-control as JSON, made a few lines at a time. The report lists every order
// returned or registered that day, and a busy day (the soak's: tens of thousands of orders) built
// whole, as lines, then a table of text, then one JSON string and its copy into the response, took
// tens of MiB for a moment on every ask, more as the day filled up. Here only the day's order
// numbers are held (PlanDailyControl), and each piece reads and renders its own lines.
#ifndef BITACORA_APP_DAILY_CONTROL_JSON_H_
#define BITACORA_APP_DAILY_CONTROL_JSON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"
#include "projections/report/daily_control.h"
#include "projections/views.h"

namespace bitacora::app {

class DailyControlJson {
 public:
  // Plans the daily control of `date` over a snapshot of `views` (held until destroyed), stamped
  // at `now_ns`. Errors as projections::BuildDailyControl (kInvalidArgument "date_malformed"),
  // before anything is sent.
  [[nodiscard]] static Result<DailyControlJson> Start(std::shared_ptr<const projections::ViewDb> views,
                                                      std::string_view date, int64_t now_ns);

  // The next piece of the answer: the table's heading, then up to `lines` lines a call (at least
  // one), then its end; "" once all was given. The pieces together are byte for byte what
  // RenderReport gives for BuildDailyControl's table in "json". Errors from reading the views.
  [[nodiscard]] Result<std::string> Next(size_t lines);

 private:
  DailyControlJson(std::unique_ptr<projections::ViewReader> views, projections::DailyControlPlan plan)
      : views_(std::move(views)), plan_(std::move(plan)) {}

  std::unique_ptr<projections::ViewReader> views_;  // the snapshot the plan was made on
  projections::DailyControlPlan plan_;
  bool heading_sent_ = false;
  size_t next_ = 0;  // the next line to render
  bool done_ = false;
};

}  // namespace bitacora::app

#endif  // BITACORA_APP_DAILY_CONTROL_JSON_H_
