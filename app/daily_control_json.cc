#include "app/daily_control_json.h"

#include <algorithm>
#include <utility>

#include "app/json.h"

namespace bitacora::app {

Result<DailyControlJson> DailyControlJson::Start(std::shared_ptr<const projections::ViewDb> views,
                                                 std::string_view date, int64_t now_ns) {
  auto reader = std::make_unique<projections::ViewReader>(std::move(views), /*fill_cache=*/false);
  auto plan = projections::PlanDailyControl(*reader, date, now_ns);
  if (!plan) return Fail(plan.error());
  return DailyControlJson(std::move(reader), std::move(*plan));
}

Result<std::string> DailyControlJson::Next(size_t lines) {
  if (!heading_sent_) {
    heading_sent_ = true;
    const projections::Table t = plan_.Heading();
    JsonWriter w;  // kept: ReportTable (api.capnp) written in chunks of rows, as they are read
    w.BeginArray().BeginObject().Field("title", t.title).Key("notes").Strings(t.notes).Key("headings").Strings(
        t.headings);
    w.Key("rows").BeginArray();
    return w.str();
  }
  if (next_ == plan_.numbers.size()) {
    if (done_) return std::string();
    done_ = true;
    return std::string("]}]");
  }
  const size_t begin = next_;
  const size_t end = std::min(plan_.numbers.size(), begin + std::max<size_t>(lines, 1));
  JsonWriter w;  // kept: a chunk of rows of a streamed array, not a whole answer
  w.BeginArray();
  for (size_t i = begin; i < end; ++i) {
    auto line = projections::LineOf(*views_, plan_.numbers[i]);
    if (!line) return Fail(line.error());
    w.Strings(projections::DailyControlRow(*line));
  }
  next_ = end;
  // The rows without the array's own bracket, after a comma unless they are the first.
  std::string rows = w.str().substr(1);
  return begin == 0 ? rows : "," + rows;
}

}  // namespace bitacora::app
