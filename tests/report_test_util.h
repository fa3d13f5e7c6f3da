// Helpers for the report tests: a CSV reader (RFC 4180) and reading a member of an XLSX (a zip)
// with the `unzip` tool (installed by scripts/install-deps.sh).
#ifndef BITACORA_TESTS_REPORT_TEST_UTIL_H_
#define BITACORA_TESTS_REPORT_TEST_UTIL_H_

#include <cstdio>
#include <string>
#include <vector>

namespace bitacora::testing {

// Parses RFC 4180 CSV: quoted fields with "" for a quote, CRLF or LF line ends.
inline std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// The bytes of `member` inside the zip at `path` ("" if unzip fails or it is absent).
inline std::string UnzipMember(const std::string& path, const std::string& member) {
  const std::string command = "unzip -p '" + path + "' '" + member + "' 2>/dev/null";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  size_t n = 0;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  pclose(pipe);
  return out;
}

inline size_t CountOf(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_REPORT_TEST_UTIL_H_
