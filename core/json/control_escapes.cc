#include "core/json/control_escapes.h"

namespace bitacora {
namespace {

constexpr char kHex[] = "0123456789abcdef";

bool IsC0(unsigned char c) { return c < 0x20 || c == 0x7f; }

// A C1 control starts at `i`: the two-byte UTF-8 form C2 80..C2 9F.
bool IsC1At(std::string_view text, size_t i) {
  return static_cast<unsigned char>(text[i]) == 0xc2 && i + 1 < text.size() &&
         static_cast<unsigned char>(text[i + 1]) >= 0x80 && static_cast<unsigned char>(text[i + 1]) <= 0x9f;
}

}  // namespace

bool HasControls(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsC0(static_cast<unsigned char>(text[i])) || IsC1At(text, i)) return true;
  }
  return false;
}

std::string EscapeControls(std::string_view text) {
  if (!HasControls(text)) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (IsC0(c)) {
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    } else if (IsC1At(text, i)) {
      const auto d = static_cast<unsigned char>(text[++i]);
      out += "\\u00";
      out.push_back(kHex[d >> 4]);
      out.push_back(kHex[d & 15]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace bitacora
