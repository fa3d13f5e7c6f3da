#include "app/reports.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/answer_arrays.h"
#include "app/answer_codec.h"
#include "projections/report/daily_control.h"
#include "projections/report/idle_cases.h"
#include "projections/report/monthly_stats.h"

namespace bitacora::app {
namespace {

template <class R>
Result<std::vector<projections::Table>> One(Result<R> report) {
  if (!report) return Fail(report.error());
  return std::vector<projections::Table>{report->ToTable()};
}

void SetTexts(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
}

// The tables as a JSON array of api.capnp's ReportTable.
std::string TablesJson(const std::vector<projections::Table>& tables) {
  std::vector<std::string> out;
  out.reserve(tables.size());
  for (const projections::Table& t : tables) {
    OwnedAnswer answer(capnp::Schema::from<schema::ReportTable>());
    auto table = answer.root().as<schema::ReportTable>();
    table.setTitle(t.title);
    SetTexts(table.initNotes(static_cast<unsigned>(t.notes.size())), t.notes);
    SetTexts(table.initHeadings(static_cast<unsigned>(t.headings.size())), t.headings);
    auto rows = table.initRows(static_cast<unsigned>(t.rows.size()));
    for (unsigned i = 0; i < t.rows.size(); ++i) {
      SetTexts(rows.init(i, static_cast<unsigned>(t.rows[i].size())), t.rows[i]);
    }
    out.push_back(answer.Json());
  }
  return JoinJsonArray(out);
}

Result<std::string> XlsxBytes(const std::vector<projections::Table>& tables) {
  std::string path = (std::filesystem::temp_directory_path() / "bitacora-report-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return Fail(Code::kXlsxWrite, "cannot create a temporary file");
  close(fd);
  const std::string file = path + ".xlsx";
  std::filesystem::rename(path, file);
  Status written = projections::WriteXlsx(tables, file);
  std::string bytes;
  if (written) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    bytes = buffer.str();
  }
  std::error_code ignored;
  std::filesystem::remove(file, ignored);
  if (!written) return Fail(written.error());
  return bytes;
}

}  // namespace

std::optional<ReportKind> ReportKindOf(std::string_view name) {
  if (name == "daily-control") return ReportKind::kDailyControl;
  if (name == "odeco-daily") return ReportKind::kOdecoDaily;
  if (name == "cpd-batch") return ReportKind::kCpdBatch;
  if (name == "monthly-stats") return ReportKind::kMonthlyStats;
  if (name == "idle-cases") return ReportKind::kIdleCases;
  return std::nullopt;
}

bool TakesMonth(ReportKind kind) { return kind == ReportKind::kCpdBatch || kind == ReportKind::kMonthlyStats; }

const char* PeriodParam(ReportKind kind) {
  if (kind == ReportKind::kIdleCases) return "days";
  return TakesMonth(kind) ? "month" : "date";
}

Result<std::vector<projections::Table>> BuildReport(const projections::ViewReader& views, ReportKind kind,
                                                    std::string_view period, int64_t now_ns,
                                                    const std::set<std::string>& holidays) {
  switch (kind) {
    case ReportKind::kDailyControl: return One(projections::BuildDailyControl(views, period, now_ns));
    case ReportKind::kOdecoDaily: return One(projections::BuildOdecoDailyList(views, period, now_ns));
    case ReportKind::kCpdBatch: return One(projections::BuildCpdMonthlyBatch(views, period, now_ns));
    case ReportKind::kMonthlyStats: {
      projections::StatsOptions options;
      options.calendar = projections::WorkCalendar(holidays);
      auto stats = projections::BuildMonthlyStatistics(views, period, now_ns, options);
      if (!stats) return Fail(stats.error());
      return stats->ToTables();
    }
    case ReportKind::kIdleCases:
      return One(projections::BuildIdleCases(views, period, now_ns, projections::WorkCalendar(holidays)));
  }
  return Fail(Code::kUnknownReport, "");
}

Result<RenderedReport> RenderReport(const std::vector<projections::Table>& tables, std::string_view format) {
  if (format == "json" || format.empty()) {
    return RenderedReport{TablesJson(tables), "application/json; charset=utf-8", "json"};
  }
  if (format == "csv") {
    std::string out;
    for (size_t i = 0; i < tables.size(); ++i) {
      if (i > 0) out += "\r\n";
      out += projections::ToCsvReport(tables[i]);
    }
    return RenderedReport{out, "text/csv; charset=utf-8", "csv"};
  }
  if (format == "table" || format == "text") {
    std::string out;
    for (const projections::Table& t : tables) out += projections::ToText(t) + "\n";
    return RenderedReport{out, "text/plain; charset=utf-8", "txt"};
  }
  if (format == "xlsx") {
    auto bytes = XlsxBytes(tables);
    if (!bytes) return Fail(bytes.error());
    return RenderedReport{*bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"};
  }
  return Fail(Code::kBadFormat, "format must be json, csv, table or xlsx, not \"" + std::string(format) + "\"");
}

}  // namespace bitacora::app
