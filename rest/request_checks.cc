#include "rest/request_checks.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace bitacora::shim {
namespace {

// RFC 9110 5.6.2: tchar.
bool IsToken(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  });
}

// RFC 9110 5.5: no control characters but horizontal tab.
bool IsFieldValue(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return (b < 0x20 && b != '\t') || b == 0x7F;
  });
}

RequestProblem Problem(Code code, std::string message) {
  return RequestProblem{Describe(code).http_status, MakeError(code, std::move(message))};
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::optional<RequestProblem> CheckRequest(const httplib::Request& req) {
  for (const auto& [name, value] : req.headers) {
    if (!IsToken(name)) {
      return Problem(Code::kBadHeader, "a header name is malformed (blanks, control characters or a folded line)");
    }
    if (!IsFieldValue(value)) {
      return Problem(Code::kBadHeader, "the header " + name + " holds control characters");
    }
  }
  if (req.has_header("Transfer-Encoding")) {
    return Problem(Code::kLengthRequired, "send the body with a Content-Length (Transfer-Encoding is not accepted)");
  }
  const size_t lengths = req.get_header_value_count("Content-Length");
  if (lengths > 1) {
    return Problem(Code::kBadContentLength, "send one Content-Length, not several");
  }
  const std::string length = req.get_header_value("Content-Length");
  if (lengths == 1 && (length.empty() || length.size() > 19 ||
                       length.find_first_not_of("0123456789") != std::string::npos)) {
    return Problem(Code::kBadContentLength, "Content-Length must be a number of bytes");
  }
  const bool has_body = lengths == 1 && length.find_first_not_of('0') != std::string::npos;
  if (has_body && req.has_header("Content-Type")) {
    const std::string declared = req.get_header_value("Content-Type");
    std::string type = Lower(declared.substr(0, declared.find(';')));
    std::erase_if(type, [](unsigned char c) { return std::isspace(c) != 0; });
    if (type != "application/json") {
      return Problem(Code::kUnsupportedMediaType, "send the body as Content-Type: application/json, not \"" + declared + "\"");
    }
  }
  return std::nullopt;
}

}  // namespace bitacora::shim
