#include "core/json/unicode_escapes.h"

#include <cstdint>
#include <optional>

namespace bitacora {
namespace {

// The value of the four hex digits at `text`, and whether any is a letter.
std::optional<uint32_t> Hex4(std::string_view text, bool* has_letter) {
  if (text.size() < 4) return std::nullopt;
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i) {
    const char c = text[i];
    uint32_t digit = 0;
    if (c >= '0' && c <= '9') {
      digit = static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      digit = static_cast<uint32_t>(c - 'a' + 10);
      *has_letter = true;
    } else if (c >= 'A' && c <= 'F') {
      digit = static_cast<uint32_t>(c - 'A' + 10);
      *has_letter = true;
    } else {
      return std::nullopt;
    }
    value = value * 16 + digit;
  }
  return value;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsHigh(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDBFF; }
bool IsLow(uint32_t cp) { return cp >= 0xDC00 && cp <= 0xDFFF; }

}  // namespace

std::string FixUnicodeEscapes(std::string_view json) {
  if (json.find("\\u") == std::string_view::npos) return std::string(json);
  std::string out;
  out.reserve(json.size());
  size_t i = 0;
  while (i < json.size()) {
    if (json[i] != '\\' || i + 1 >= json.size()) {
      out.push_back(json[i++]);
      continue;
    }
    if (json[i + 1] != 'u') {  // another escape, \\ included: copied whole
      out.append(json.substr(i, 2));
      i += 2;
      continue;
    }
    bool letter = false;
    const std::optional<uint32_t> cp = Hex4(json.substr(i + 2), &letter);
    if (!cp || !letter) {  // malformed (capnp's to refuse) or read right as it is
      out.append(json.substr(i, 2));
      i += 2;
      continue;
    }
    i += 6;
    uint32_t code = *cp;
    if (IsHigh(code)) {
      bool ignored = false;
      std::optional<uint32_t> low;
      if (json.substr(i, 2) == "\\u") low = Hex4(json.substr(i + 2), &ignored);
      if (low && IsLow(*low)) {
        code = 0x10000 + ((code - 0xD800) << 10) + (*low - 0xDC00);
        i += 6;
      } else {
        code = 0xFFFD;
      }
    } else if (IsLow(code)) {
      code = 0xFFFD;
    }
    if (code == '\\') {
      out.append("\\\\");
    } else {
      AppendUtf8(code, &out);
    }
  }
  return out;
}

}  // namespace bitacora
