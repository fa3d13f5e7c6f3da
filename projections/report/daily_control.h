// 8.5's daily paperwork, computed from the views: the "Control diario de Órdenes" of a day, the
// list ODECO works through that day, and the monthly batch ODECO sends to CPD.
#ifndef BITACORA_PROJECTIONS_REPORT_DAILY_CONTROL_H_
#define BITACORA_PROJECTIONS_REPORT_DAILY_CONTROL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "projections/records.h"
#include "projections/report/table.h"
#include "projections/views.h"

namespace bitacora::projections {

// One order as the daily papers show it.
struct OrderLine {
  std::string number;
  schema::OrderType type = schema::OrderType::ORT;
  std::string client_ci;
  std::string client_name;
  std::string subscriber;
  std::string technician;         // who it was handed to, else who returned it
  int64_t returned_at_ns = 0;     // recorded time of the latest return (0: not returned)
  bool executed = false;          // the latest return was "executed"
  std::string not_executed_reason;
  Verification verification = Verification::kPending;
  std::string control_date;       // date of the daily control it was registered in, "" if not yet
  std::string destination;        // "Archivo" for ORT, "ODECO" for the others
  std::string status;             // Spanish status name (domain::OrderStatusName)
  int64_t sent_to_odeco_at_ns = 0;
  std::string odeco_processed_date;
  std::string cpd_month;
};

// Control diario de Órdenes for `date` (La Paz "YYYY-MM-DD"): every order returned to the desk
// that day (a return recorded that day) or registered in that day's control, in return order.
struct DailyControl {
  std::string date;
  ReportStamp stamp;
  std::vector<OrderLine> rows;
  Table ToTable() const;
};

// The daily control of `date` without its lines: its stamp and its orders' numbers in the
// report's order. For a caller that renders the lines a few at a time (LineOf, DailyControlRow),
// so that a day of tens of thousands of orders is never held whole as lines and text.
struct DailyControlPlan {
  std::string date;
  ReportStamp stamp;
  std::vector<std::string> numbers;  // by return time, then number (DailyControl's row order)
  Table Heading() const;             // DailyControl::ToTable's title, notes and headings; no rows
};

// A line as a row of DailyControl::ToTable.
std::vector<std::string> DailyControlRow(const OrderLine& line);

// ODECO's daily list for `date`: the orders sent to ODECO that day and those ODECO processed that
// day (processing date), in number order.
struct OdecoDailyList {
  std::string date;
  ReportStamp stamp;
  std::vector<OrderLine> rows;
  Table ToTable() const;
};

// The monthly batch for CPD (`month` "YYYY-MM"): the orders sent to CPD with that batch month.
struct CpdMonthlyBatch {
  std::string month;
  ReportStamp stamp;
  std::vector<OrderLine> rows;
  Table ToTable() const;
};

// Each reads one snapshot of `views`; `now_ns` only stamps the report. kInvalidArgument
// ("date_malformed", "month_malformed") for a malformed date or month. Thread-safe.
[[nodiscard]] Result<DailyControl> BuildDailyControl(const ViewReader& views, std::string_view date, int64_t now_ns);
// Reads each order of the day once, for its return time; errors as BuildDailyControl.
[[nodiscard]] Result<DailyControlPlan> PlanDailyControl(const ViewReader& views, std::string_view date,
                                                        int64_t now_ns);
[[nodiscard]] Result<OdecoDailyList> BuildOdecoDailyList(const ViewReader& views, std::string_view date,
                                                         int64_t now_ns);
[[nodiscard]] Result<CpdMonthlyBatch> BuildCpdMonthlyBatch(const ViewReader& views, std::string_view month,
                                                           int64_t now_ns);

// The line of one order (client name from the client view). kNotFound if the order is unknown.
[[nodiscard]] Result<OrderLine> LineOf(const ViewReader& views, std::string_view order_number);

// Spanish words for the desk.
std::string VerificationName(Verification v);  // "Verificada", "Devuelta con observaciones", "Pendiente"

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_REPORT_DAILY_CONTROL_H_
