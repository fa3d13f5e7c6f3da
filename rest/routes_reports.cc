// GET /v1/reports/{name}?date=|month=|days=&format=json|csv|table|xlsx
#include <spdlog/spdlog.h>

#include <chrono>
#include <memory>

#include "app/daily_control_json.h"
#include "app/reference.h"
#include "app/reports.h"
#include "rest/routes.h"

namespace bitacora::shim {
namespace {

constexpr size_t kLinesPerPiece = 256;

// The daily control in JSON, sent in chunks of kLinesPerPiece lines as they are read
// (DailyControlJson): a malformed date is still an error answer, since the plan comes first.
void StreamDailyControl(httplib::Response& res, std::shared_ptr<const projections::ViewDb> views,
                        const std::string& date, int64_t now) {
  auto answer = app::DailyControlJson::Start(std::move(views), date, now);
  if (!answer) return SendError(res, answer.error());
  auto state = std::make_shared<app::DailyControlJson>(std::move(*answer));
  res.status = 200;
  res.set_chunked_content_provider("application/json; charset=utf-8", [state](size_t, httplib::DataSink& sink) {
    auto piece = state->Next(kLinesPerPiece);
    if (!piece) {
      // The status is sent already: the connection is closed, so the client sees a cut answer.
      spdlog::error("daily control cut short: {}", piece.error().ToString());
      return false;
    }
    if (piece->empty()) {
      sink.done();
      return true;
    }
    return sink.write(piece->data(), piece->size());
  });
}

}  // namespace

void AddReportRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(server, deps, Method::kGet, R"(/v1/reports/([a-z-]+))", "GET /v1/reports/{name}",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
             auto kind = app::ReportKindOf(req.matches[1].str());
             if (!kind) {
               return SendError(res, MakeError(Code::kUnknownReport, "reports: daily-control, odeco-daily, cpd-batch, monthly-stats, idle-cases"));
             }
             const char* param = app::PeriodParam(*kind);
             if (!req.has_param(param)) {
               return SendError(res, MakeError(Code::kPeriodRequired, std::string("this report needs ?") + param + "="));
             }
             const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch()).count();
             const std::string format = req.has_param("format") ? req.get_param_value("format") : "json";
             if (*kind == app::ReportKind::kDailyControl && (format == "json" || format.empty())) {
               return StreamDailyControl(res, deps.views->Current(), req.get_param_value(param), now);
             }
             projections::ViewReader reader(deps.views->Current());
             auto holidays = app::CurrentHolidays(*deps.store);
             if (!holidays) return SendError(res, holidays.error());
             auto tables = app::BuildReport(reader, *kind, req.get_param_value(param), now, *holidays);
             if (!tables) return SendError(res, tables.error());
             auto rendered = app::RenderReport(*tables, format);
             if (!rendered) return SendError(res, rendered.error());
             res.status = 200;
             if (rendered->extension != "json") {
               res.set_header("Content-Disposition", "attachment; filename=\"" + req.matches[1].str() + "-" +
                                                         req.get_param_value(param) + "." + rendered->extension + "\"");
             }
             res.set_content(rendered->body, rendered->content_type);
           });
}

}  // namespace bitacora::shim
