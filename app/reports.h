// The reports of projections/report as both shims serve them: by name and period, rendered as
// JSON, CSV, an aligned text table or an XLSX workbook.
#ifndef BITACORA_APP_REPORTS_H_
#define BITACORA_APP_REPORTS_H_

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "projections/report/table.h"
#include "projections/views.h"

namespace bitacora::app {

enum class ReportKind {
  kDailyControl,  // "daily-control", ?date=YYYY-MM-DD: Control diario de Órdenes
  kOdecoDaily,    // "odeco-daily", ?date=: ODECO's daily list
  kCpdBatch,      // "cpd-batch", ?month=YYYY-MM: the monthly batch to CPD
  kMonthlyStats,  // "monthly-stats", ?month=: monthly statistics
  kIdleCases,     // "idle-cases", ?days=N: open cases idle for more than N working days
};

// The kind named `name`; nullopt when unknown. Pure.
std::optional<ReportKind> ReportKindOf(std::string_view name);
// True when the kind takes a month (else a date, or a number of days). Pure.
bool TakesMonth(ReportKind kind);
// The name of the kind's period parameter: "month", "date" or "days" (the query parameter, and
// the CLI flag with "--"). Pure.
const char* PeriodParam(ReportKind kind);

// Computes the report over one snapshot of `views` for `period` (a date, a month or a number of
// working days), stamped at `now_ns`; working days skip `holidays` (the reference data's,
// app/reference.h). kInvalidArgument for a malformed period.
[[nodiscard]] Result<std::vector<projections::Table>> BuildReport(const projections::ViewReader& views,
                                                                  ReportKind kind, std::string_view period,
                                                                  int64_t now_ns,
                                                                  const std::set<std::string>& holidays);

struct RenderedReport {
  std::string body;
  std::string content_type;
  std::string extension;  // "json", "csv", "txt", "xlsx"
};

// Renders `tables` as "json" (an array of {title, notes, headings, rows}), "csv" (each table as
// projections::ToCsvReport: title, notes with the stamp, then RFC 4180 rows; tables separated by an
// empty line), "table" (aligned text) or "xlsx" (one sheet per table, named by Table::sheet).
// kInvalidArgument "bad_format" for another format; kIOError when the workbook cannot be written.
[[nodiscard]] Result<RenderedReport> RenderReport(const std::vector<projections::Table>& tables,
                                                  std::string_view format);

}  // namespace bitacora::app

#endif  // BITACORA_APP_REPORTS_H_
