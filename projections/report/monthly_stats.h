// Monthly order statistics, computed from the views: counts per order type, outcome, tariff
// category and technician; cycle times; the backlog of orders not returned, by age; and the
// numbering check. Definitions: docs/projections.md, "Monthly statistics".
#ifndef BITACORA_PROJECTIONS_REPORT_MONTHLY_STATS_H_
#define BITACORA_PROJECTIONS_REPORT_MONTHLY_STATS_H_

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "projections/report/calendar.h"
#include "projections/report/table.h"
#include "projections/views.h"

namespace bitacora::projections {

struct StatsOptions {
  WorkCalendar calendar;  // working days: Monday–Friday minus holidays
  // Deadlines in working days from issue to return, per order type (the supply contract's
  // "connection within 5 working days"); the report counts the orders that met them.
  std::map<schema::OrderType, double> deadline_working_days = {{schema::OrderType::OC, 5.0}};
};

// Median and 90th percentile (nearest rank: the smallest value with at least p of the values at
// or below it) of issue → first return.
struct CycleStats {
  uint64_t count = 0;
  double median_hours = 0, p90_hours = 0;
  double median_working_days = 0, p90_working_days = 0;
};

struct Outcomes {
  uint64_t executed = 0;
  uint64_t not_executed = 0;
};

// Ageing buckets of the backlog, in whole working days since issue: 0–1, 2–5, 6–10, over 10.
using Buckets = std::array<uint64_t, 4>;
inline constexpr std::array<const char*, 4> kBucketNames = {"0–1", "2–5", "6–10", "más de 10"};
size_t BucketOf(double working_days);

struct NumberingSeries {
  std::string series;               // "ORT-2026"
  uint64_t issued = 0;              // numbers seen
  uint64_t highest = 0;             // highest sequence
  std::vector<uint64_t> missing;    // sequences below the highest never issued (at most 100 listed)
};

struct MonthlyStatistics {
  std::string month;
  ReportStamp stamp;
  std::map<schema::OrderType, uint64_t> issued;     // issued in the month
  std::map<schema::OrderType, uint64_t> annulled;   // of those, annulled since
  std::map<schema::OrderType, Outcomes> returned;   // first returned in the month, by latest outcome
  std::map<schema::TariffCategory, Outcomes> by_category;  // returned in the month, by the case's category
  std::map<std::string, Outcomes> by_technician;    // returned in the month
  std::map<schema::OrderType, CycleStats> cycle;    // returned in the month
  CycleStats cycle_all;
  std::map<schema::OrderType, Outcomes> deadline;   // returned in the month: executed = met, not_executed = missed
  std::map<schema::OrderType, Buckets> backlog;     // issued and not closed at backlog_at_ns
  int64_t backlog_at_ns = 0;                        // the month's end, or now if sooner
  std::vector<NumberingSeries> numbering;           // every series kept
  bool numbering_gap_free = true;

  // The sheets: resumen por tipo, categoría, técnico, tiempos, pendientes, numeración.
  std::vector<Table> ToTables() const;
};

// Statistics for `month` ("YYYY-MM", La Paz), backlog as it stood at the month's end (at `now_ns`
// for the month in course), so a past month's report does not change when computed later. kInvalidArgument
// "month_malformed". Reads one snapshot of `views`. Thread-safe.
[[nodiscard]] Result<MonthlyStatistics> BuildMonthlyStatistics(const ViewReader& views, std::string_view month,
                                                               int64_t now_ns, const StatsOptions& options = {});

// Spanish names.
std::string TariffCategoryName(schema::TariffCategory c);

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_REPORT_MONTHLY_STATS_H_
