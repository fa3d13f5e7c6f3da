#include "projections/report/table.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>

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

Status WriteXlsx(const std::vector<Table>& tables, const std::string& path) {
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) return Fail(Code::kXlsxWrite, "no se pudo crear " + path);
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* heading = workbook_add_format(wb);
  format_set_bold(heading);
  format_set_bottom(heading, LXW_BORDER_THIN);
  int sheet_number = 0;
  for (const Table& t : tables) {
    std::string name = t.title.empty() ? "Hoja" : t.title;
    for (char& c : name) {
      if (std::string_view("[]:*?/\\").find(c) != std::string_view::npos) c = '-';
    }
    // 31 characters at most, cut at a UTF-8 boundary; a number keeps names unique.
    const std::string suffix = tables.size() > 1 ? " " + std::to_string(++sheet_number) : "";
    while (Width(name) > 31 - suffix.size()) {
      name.pop_back();
      while (!name.empty() && (name.back() & 0xc0) == 0x80) name.pop_back();
      if (!name.empty() && (name.back() & 0x80)) name.pop_back();
    }
    name += suffix;
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
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           std::max<double>(10, static_cast<double>(Width(t.headings[c])) + 2), nullptr);
    }
    ++row;
    for (const auto& r : t.rows) {
      for (size_t c = 0; c < r.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        char* end = nullptr;
        const double number = std::strtod(r[c].c_str(), &end);
        if (c < t.numeric.size() && t.numeric[c] && !r[c].empty() && end != nullptr && *end == '\0') {
          worksheet_write_number(ws, row, col, number, nullptr);
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
