#include "core/audit/bundle_manifest.h"

#include <charconv>
#include <optional>

#include "core/audit/day_checkpoints.h"
#include "core/audit/note.h"

namespace bitacora {
namespace {

constexpr std::string_view kTitle = "bitacora audit bundle v1";

Error Malformed(std::string message) { return MakeError(Code::kMalformedManifest, std::move(message)); }

// The words of `line` after `keyword` and a space ("earlier" alone has none).
std::optional<std::vector<std::string_view>> Words(std::string_view line, std::string_view keyword) {
  if (!line.starts_with(keyword)) return std::nullopt;
  line.remove_prefix(keyword.size());
  std::vector<std::string_view> words;
  while (!line.empty()) {
    if (line[0] != ' ') return std::nullopt;
    line.remove_prefix(1);
    const size_t end = line.find(' ');
    words.push_back(line.substr(0, end));
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  }
  return words;
}

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      (text.size() > 1 && text[0] == '0')) {
    return std::nullopt;
  }
  return n;
}

}  // namespace

Result<std::string> SignManifest(const BundleManifest& m, const SigningKey& key) {
  std::string body = std::string(kTitle) + "\norigin " + m.origin + "\nevents " + std::to_string(m.first) +
                     " " + std::to_string(m.last) + "\ncheckpoint " + std::to_string(m.checkpoint_size) +
                     "\nearlier";
  for (uint64_t size : m.earlier) body += " " + std::to_string(size);
  body += "\n";
  if (!m.from_date.empty()) body += "period " + m.from_date + " " + m.to_date + "\n";
  return SignNote(body, m.origin, key);
}

Result<BundleManifest> OpenManifest(std::string_view note, std::string_view vkey) {
  auto verifier = ParseVerifierKey(vkey);
  if (!verifier) return Fail(verifier.error());
  auto body = OpenNote(note, *verifier);
  if (!body) return Fail(body.error());
  std::vector<std::string_view> lines;
  for (std::string_view rest = *body; !rest.empty();) {
    const size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  }
  if ((lines.size() != 5 && lines.size() != 6) || lines[0] != kTitle) {
    return Fail(Malformed("expected \"" + std::string(kTitle) + "\" and four or five lines"));
  }
  BundleManifest m;
  auto origin = Words(lines[1], "origin");
  if (!origin || origin->size() != 1) return Fail(Malformed("line 2: expected \"origin <origin>\""));
  m.origin = std::string((*origin)[0]);
  if (m.origin != verifier->name) return Fail(Malformed("line 2: the origin is not the key's name"));
  auto events = Words(lines[2], "events");
  std::optional<uint64_t> first, last;
  if (events && events->size() == 2) first = Number((*events)[0]), last = Number((*events)[1]);
  if (!first || !last || *first == 0 || *first > *last) {
    return Fail(Malformed("line 3: expected \"events <first> <last>\", 1 <= first <= last"));
  }
  m.first = *first;
  m.last = *last;
  auto checkpoint = Words(lines[3], "checkpoint");
  std::optional<uint64_t> size;
  if (checkpoint && checkpoint->size() == 1) size = Number((*checkpoint)[0]);
  if (!size || *size < m.last) return Fail(Malformed("line 4: expected \"checkpoint <size>\", size >= last"));
  m.checkpoint_size = *size;
  auto earlier = Words(lines[4], "earlier");
  if (!earlier) return Fail(Malformed("line 5: expected \"earlier\" and sizes"));
  for (std::string_view word : *earlier) {
    auto n = Number(word);
    if (!n || *n >= m.checkpoint_size || (!m.earlier.empty() && *n <= m.earlier.back())) {
      return Fail(Malformed("line 5: sizes ascending and below the checkpoint's"));
    }
    m.earlier.push_back(*n);
  }
  if (lines.size() == 6) {
    auto period = Words(lines[5], "period");
    std::optional<std::chrono::year_month_day> from, to;
    if (period && period->size() == 2) from = ParseDay((*period)[0]), to = ParseDay((*period)[1]);
    if (!from || !to || std::chrono::sys_days(*to) < std::chrono::sys_days(*from)) {
      return Fail(Malformed("line 6: expected \"period <from> <to>\", two dates YYYY-MM-DD, from <= to"));
    }
    m.from_date = FormatDay(*from);
    m.to_date = FormatDay(*to);
  }
  return m;
}

}  // namespace bitacora
