// A report as the desk reads it: a title, the lines that say what it was computed at, Spanish
// column headings and rows of text. One table renders as plain text (CLI), CSV and XLSX.
#ifndef BITACORA_PROJECTIONS_REPORT_TABLE_H_
#define BITACORA_PROJECTIONS_REPORT_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/crypto/sha256.h"
#include "core/result.h"
#include "projections/views.h"

namespace bitacora::projections {

// Where a report was computed: the views' checkpoint (log position and the hash of the event
// there), so an auditor can recompute it from the same prefix of the log.
struct ReportStamp {
  uint64_t position = 0;
  Hash32 hash{};
  int64_t generated_at_ns = 0;  // the caller's clock

  // "Calculado sobre el registro hasta la posición N (hash …), generado el …".
  std::string Describe() const;
};

// The stamp of `views` at `now_ns`.
[[nodiscard]] Result<ReportStamp> StampOf(const ViewReader& views, int64_t now_ns);

// How XLSX writes a column's cells (text elsewhere). A cell whose text does not read as its kind
// is written as text.
enum class ColumnKind {
  kText,
  kNumber,    // "12", "4.50"
  kDate,      // "2026-11-18": a date cell, shown yyyy-mm-dd
  kDateTime,  // "2026-11-18 11:06" (La Paz): a date cell, shown yyyy-mm-dd hh:mm
  kMoney,     // bolivianos, "505.85": a number shown #,##0.00 "Bs"
};

struct Table {
  std::string title;                          // also the XLSX sheet name when `sheet` is empty (cut to 31 characters)
  std::string sheet;                          // XLSX sheet name: 31 characters at most (Excel's limit), keeps the date
  std::vector<std::string> notes;             // lines printed above the table (stamp, totals)
  std::vector<std::string> headings;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;                  // per column: written as a number in XLSX
  std::vector<ColumnKind> kinds;              // per column, for XLSX; where absent, `numeric` decides
};

// RFC 4180: comma-separated, fields with comma, quote or line break quoted ("" inside), CRLF
// line ends, UTF-8. The rectangle only: headings first, then the rows (see ToCsvReport). A cell
// beginning with =, +, -, @, tab or carriage return (a formula to Excel or Calc) gets a leading
// single quote, as OWASP advises against CSV injection, unless it is a plain number such as -12.
std::string ToCsv(const Table& table);

// The table as a CSV report carries it: a line with the title, a line per note (the first is the
// stamp: log position and hash), an empty line, then ToCsv's rectangle. One field per line above
// the headings, so a spreadsheet shows them in column A; those fields are neutralised as ToCsv's.
std::string ToCsvReport(const Table& table);

// The title, the notes and an aligned text table, for a terminal; control characters shown
// escaped (ESC as \x1b, a line break as \x0a: core/json/control_escapes.h).
std::string ToText(const Table& table);

// Writes one workbook with one sheet per table: the title in bold, the notes, the headings in
// bold and the rows; numeric columns as numbers. kIOError "xlsx_write" when libxlsxwriter fails.
[[nodiscard]] Status WriteXlsx(const std::vector<Table>& tables, const std::string& path);

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_REPORT_TABLE_H_
