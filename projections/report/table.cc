#include "projections/report/table.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/json/control_escapes.h"
#include "projections/report/calendar.h"

namespace bitacora::projections {

std::string ReportStamp::Describe() const {
  std::string out = "Calculado sobre el registro hasta la posición " + std::to_string(position) + " (hash " +
                    ToHex(hash) + ")";
  if (generated_at_ns != 0) out += ", generado el " + FormatLocalDateTime(generated_at_ns) + " (hora de La Paz)";
  return out;
}

Result<ReportStamp> StampOf(const ViewReader& views, int64_t now_ns) {
  auto cp = views.checkpoint();
  if (!cp) return Fail(cp.error());
  return ReportStamp{cp->position, cp->hash, now_ns};
}

namespace {

// A plain decimal number ("-12", "3.5"): a spreadsheet reads it as a number, never a formula.
bool IsPlainNumber(const std::string& f) {
  size_t i = (!f.empty() && f[0] == '-') ? 1 : 0;
  if (i == f.size()) return false;
  bool dot = false;
  for (; i < f.size(); ++i) {
    if (f[i] == '.' && !dot) {
      dot = true;
    } else if (f[i] < '0' || f[i] > '9') {
      return false;
    }
  }
  return f.back() != '.';
}

void CsvField(std::string& out, const std::string& cell) {
  // CSV injection (OWASP): a cell a spreadsheet would take for a formula gets a leading quote.
  const bool formula = !cell.empty() && std::string_view("=+-@\t\r").find(cell[0]) != std::string_view::npos &&
                       !IsPlainNumber(cell);
  const std::string f = formula ? "'" + cell : cell;
  if (f.find_first_of(",\"\r\n") == std::string::npos) {
    out += f;
    return;
  }
  out.push_back('"');
  for (char c : f) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void CsvLine(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out.push_back(',');
    CsvField(out, fields[i]);
  }
  out += "\r\n";
}

// Display width of UTF-8 text: code points, not bytes.
size_t Width(const std::string& s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

}  // namespace

std::string ToCsv(const Table& t) {
  std::string out;
  CsvLine(out, t.headings);
  for (const auto& row : t.rows) CsvLine(out, row);
  return out;
}

std::string ToCsvReport(const Table& t) {
  std::string out;
  CsvLine(out, {t.title});
  for (const std::string& note : t.notes) CsvLine(out, {note});
  out += "\r\n";
  return out + ToCsv(t);
}

std::string ToText(const Table& t) {
  std::vector<size_t> widths(t.headings.size(), 0);
  // Control characters escaped first, so that a name cannot move the cursor or break a row.
  auto escaped = [](const std::vector<std::string>& row) {
    std::vector<std::string> out;
    out.reserve(row.size());
    for (const auto& cell : row) out.push_back(EscapeControls(cell));
    return out;
  };
  const std::vector<std::string> headings = escaped(t.headings);
  std::vector<std::vector<std::string>> rows;
  rows.reserve(t.rows.size());
  for (const auto& row : t.rows) rows.push_back(escaped(row));
  auto measure = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  };
  measure(headings);
  for (const auto& row : rows) measure(row);
  std::string out = EscapeControls(t.title) + "\n";
  for (const auto& n : t.notes) out += EscapeControls(n) + "\n";
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      if (i > 0) out += "  ";
      out += row[i];
      if (i + 1 < row.size()) out.append(widths[i] - Width(row[i]), ' ');
    }
    out += "\n";
  };
  line(headings);
  for (const auto& row : rows) line(row);
  if (t.rows.empty()) out += "(sin filas)\n";
  return out;
}

namespace {

// "2026-11-18" or "2026-11-18 11:06[:ss]" as an Excel date; false for anything else.
bool ParseCellDate(const std::string& text, lxw_datetime* out) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  char tail = 0;
  const int n = std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%2d%c", &y, &mo, &d, &h, &mi, &se, &tail);
  const bool date_only = n == 3 && text.size() == 10;
  const bool with_time = (n == 5 && text.size() == 16) || (n == 6 && text.size() == 19);
  if (!date_only && !with_time) return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return false;
  *out = lxw_datetime{y, mo, d, h, mi, static_cast<double>(se)};
  return true;
}

// The sheet's name: `sheet`, else the title; without the characters Excel forbids, cut to 31
// characters at a UTF-8 boundary, and made unique among `used` with a number.
std::string SheetName(const Table& t, std::vector<std::string>& used) {
  std::string base = !t.sheet.empty() ? t.sheet : (t.title.empty() ? "Hoja" : t.title);
  for (char& c : base) {
    if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
  }
  auto cut = [](std::string name, size_t limit) {
    while (Width(name) > limit) {
      name.pop_back();
      while (!name.empty() && (name.back() & 0xc0) == 0x80) name.pop_back();
      if (!name.empty() && (name.back() & 0x80)) name.pop_back();
    }
    return name;
  };
  std::string name = cut(base, 31);
  for (int n = 2; std::find(used.begin(), used.end(), name) != used.end(); ++n) {
    const std::string suffix = " " + std::to_string(n);
    name = cut(base, 31 - suffix.size()) + suffix;
  }
  used.push_back(name);
  return name;
}

ColumnKind KindOf(const Table& t, size_t c) {
  if (c < t.kinds.size()) return t.kinds[c];
  return c < t.numeric.size() && t.numeric[c] ? ColumnKind::kNumber : ColumnKind::kText;
}

}  // namespace

Status WriteXlsx(const std::vector<Table>& tables, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return Fail(Code::kXlsxWrite, "no se pudo crear " + path);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* heading = workbook_add_format(wb);
  format_set_bold(heading);
  format_set_bottom(heading, LXW_BORDER_THIN);
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");
  lxw_format* date_time = workbook_add_format(wb);
  format_set_num_format(date_time, "yyyy-mm-dd hh:mm");
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00 \"Bs\"");
  std::vector<std::string> used;
  for (const Table& t : tables) {
    const std::string name = SheetName(t, used);
    lxw_worksheet* ws = workbook_add_worksheet(wb, name.c_str());
    if (ws == nullptr) {
      workbook_close(wb);
      return Fail(Code::kXlsxWrite, "hoja inválida: " + name);
    }
    lxw_row_t row = 0;
    worksheet_write_string(ws, row++, 0, t.title.c_str(), bold);
    for (const auto& n : t.notes) worksheet_write_string(ws, row++, 0, n.c_str(), nullptr);
    ++row;
    for (size_t c = 0; c < t.headings.size(); ++c) {
      worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), t.headings[c].c_str(), heading);
      const double dated = KindOf(t, c) == ColumnKind::kDateTime ? 18 : 0;
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::max<double>({10, dated, static_cast<double>(Width(t.headings[c])) + 2}), nullptr);
    }
    ++row;
    for (const auto& r : t.rows) {
      for (size_t c = 0; c < r.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        const ColumnKind kind = KindOf(t, c);
        char* end = nullptr;
        const double number = std::strtod(r[c].c_str(), &end);
        const bool is_number = !r[c].empty() && end != nullptr && *end == '\0';
        lxw_datetime when{};
        if ((kind == ColumnKind::kNumber || kind == ColumnKind::kMoney) && is_number) {
          worksheet_write_number(ws, row, col, number, kind == ColumnKind::kMoney ? money : nullptr);
        } else if ((kind == ColumnKind::kDate || kind == ColumnKind::kDateTime) && ParseCellDate(r[c], &when)) {
          worksheet_write_datetime(ws, row, col, &when, r[c].size() == 10 ? date : date_time);
        } else {
          worksheet_write_string(ws, row, col, r[c].c_str(), nullptr);
        }
      }
      ++row;
    }
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR) {
    return Fail(Code::kXlsxWrite, std::string("libxlsxwriter: ") + lxw_strerror(err));
  }
  return Ok();
}

}  // namespace bitacora::projections
