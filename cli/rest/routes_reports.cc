// GET /v1/reports/{name}?date=|month=&format=json|csv|table|xlsx
#include <chrono>

#include "cli/rest/reports.h"
#include "cli/rest/routes.h"

namespace bitacora::shim {

void AddReportRoutes(httplib::Server& server, const ServerDeps& deps) {
  AddRoute(server, deps, Method::kGet, R"(/v1/reports/([a-z-]+))", "GET /v1/reports/{name}",
           [deps](const httplib::Request& req, httplib::Response& res, const ActorRef&) {
             auto kind = ReportKindOf(req.matches[1].str());
             if (!kind) {
               return SendError(res, Error{ErrorKind::kNotFound, "unknown_report",
                                           "reports: daily-control, odeco-daily, cpd-batch, monthly-stats"});
             }
             const char* param = TakesMonth(*kind) ? "month" : "date";
             if (!req.has_param(param)) {
               return SendError(res, Error{ErrorKind::kInvalidArgument, "period_required",
                                           std::string("this report needs ?") + param + "="});
             }
             projections::ViewReader reader(deps.views->Current());
             const int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                     std::chrono::system_clock::now().time_since_epoch()).count();
             auto tables = BuildReport(reader, *kind, req.get_param_value(param), now);
             if (!tables) return SendError(res, tables.error());
             auto rendered = RenderReport(*tables, req.has_param("format") ? req.get_param_value("format") : "json");
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
