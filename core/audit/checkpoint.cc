#include "core/audit/checkpoint.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <optional>
#include <vector>

#include "core/audit/base64.h"
#include "core/audit/note.h"
#include "core/merkle/verify.h"

namespace bitacora {
namespace {

using std::chrono::sys_seconds;

constexpr std::string_view kTimePrefix = "time ";

Error Malformed(std::string message) {
  return MakeError(Code::kMalformedCheckpoint, std::move(message));
}

// "YYYY-MM-DDTHH:MM:SSZ"; nullopt outside years 0000-9999.
std::optional<std::string> FormatTime(sys_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(t - day);
  const int year = static_cast<int>(ymd.year());
  if (year < 0 || year > 9999) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02dZ", year,
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return std::string(buf);
}

// Parses exactly the form FormatTime writes, with a valid calendar date and time of day.
std::optional<sys_seconds> ParseTime(std::string_view s) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != kShape.size()) return std::nullopt;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (kShape[i] == 'd' ? !digit : s[i] != kShape[i]) return std::nullopt;
  }
  const auto num = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  const std::chrono::year_month_day ymd{std::chrono::year(num(0, 4)),
                                        std::chrono::month(static_cast<unsigned>(num(5, 2))),
                                        std::chrono::day(static_cast<unsigned>(num(8, 2)))};
  const int h = num(11, 2), m = num(14, 2), sec = num(17, 2);
  if (!ymd.ok() || h > 23 || m > 59 || sec > 59) return std::nullopt;
  return sys_seconds(std::chrono::sys_days(ymd)) + std::chrono::hours(h) + std::chrono::minutes(m) +
         std::chrono::seconds(sec);
}

}  // namespace

std::optional<std::string> FormatCheckpointTime(sys_seconds t) { return FormatTime(t); }

Result<std::string> FormatCheckpointBody(const Checkpoint& checkpoint) {
  if (!IsValidKeyName(checkpoint.origin)) {
    return Fail(Code::kBadKeyName, "origin \"" + checkpoint.origin +
                    "\" cannot name the signing key (empty, space, '+' or control character)");
  }
  std::string body = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                     Base64Encode(AsView(checkpoint.root)) + "\n";
  if (checkpoint.time) {
    const std::optional<std::string> time = FormatTime(*checkpoint.time);
    if (!time) return Fail(Code::kBadTime, "time outside years 0-9999");
    body += std::string(kTimePrefix) + *time + "\n";
  }
  for (const std::string& line : checkpoint.extensions) {
    if (line.empty() || line.find('\n') != std::string::npos || line.starts_with(kTimePrefix)) {
      return Fail(Malformed("extension line \"" + line + "\" is empty, holds a newline or is a time line"));
    }
    body += line + "\n";
  }
  return body;
}

Result<Checkpoint> ParseCheckpointBody(std::string_view body) {
  if (body.empty() || body.back() != '\n') {
    return Fail(Malformed("the checkpoint must end with a newline"));
  }
  std::vector<std::string_view> lines;
  for (std::string_view rest = body; !rest.empty();) {
    const size_t nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3) return Fail(Malformed("expected origin, size and root lines"));
  Checkpoint c;
  if (lines[0].empty()) return Fail(Malformed("line 1: empty origin"));
  c.origin = std::string(lines[0]);

  const std::string_view size = lines[1];
  const auto [end, ec] = std::from_chars(size.data(), size.data() + size.size(), c.size);
  if (size.empty() || ec != std::errc() || end != size.data() + size.size() ||
      (size.size() > 1 && size[0] == '0') || size[0] == '+' || size[0] == '-') {
    return Fail(Malformed("line 2: tree size \"" + std::string(size) +
                          "\" is not a decimal number without leading zeros"));
  }

  const std::optional<std::string> root = Base64Decode(lines[2]);
  if (!root || root->size() != c.root.size()) {
    return Fail(Malformed("line 3: root is not the base64 of 32 bytes"));
  }
  std::copy(root->begin(), root->end(), c.root.begin());

  for (size_t i = 3; i < lines.size(); ++i) {
    const std::string where = "line " + std::to_string(i + 1) + ": ";
    if (lines[i].empty()) return Fail(Malformed(where + "an extension line must not be empty"));
    if (!lines[i].starts_with(kTimePrefix)) {  // opaque: kept, not interpreted
      c.extensions.emplace_back(lines[i]);
      continue;
    }
    if (c.time) return Fail(Malformed(where + "a second time line"));
    const std::optional<sys_seconds> t = ParseTime(lines[i].substr(kTimePrefix.size()));
    if (!t) return Fail(Malformed(where + "time is not YYYY-MM-DDTHH:MM:SSZ"));
    c.time = *t;
  }
  return c;
}

Result<std::string> SignCheckpoint(const Checkpoint& checkpoint, const SigningKey& key) {
  Result<std::string> body = FormatCheckpointBody(checkpoint);
  if (!body) return Fail(body.error());
  return SignNote(*body, checkpoint.origin, key);
}

Result<Checkpoint> ParseAndVerifyCheckpoint(std::string_view note, std::string_view vkey) {
  Result<NoteVerifier> verifier = ParseVerifierKey(vkey);
  if (!verifier) return Fail(verifier.error());
  Result<std::string> body = OpenNote(note, *verifier);
  if (!body) return Fail(body.error());
  Result<Checkpoint> checkpoint = ParseCheckpointBody(*body);
  if (!checkpoint) return Fail(checkpoint.error());
  if (checkpoint->origin != verifier->name) {
    return Fail(Code::kCheckpointOriginMismatch, "checkpoint of \"" + checkpoint->origin + "\" signed by the key of \"" +
                    verifier->name + "\"");
  }
  return checkpoint;
}

Status CheckpointExtends(const Checkpoint& older, const Checkpoint& newer,
                         std::span<const Hash32> consistency_proof) {
  if (older.origin != newer.origin) {
    return Fail(Code::kCheckpointOriginMismatch, "checkpoints of different logs: \"" + older.origin + "\" and \"" + newer.origin + "\"");
  }
  if (newer.size < older.size) {
    return Fail(Code::kCheckpointRolledBack, "the log went back from " + std::to_string(older.size) + " to " +
                    std::to_string(newer.size) + " events");
  }
  if (older.time && newer.time && *newer.time < *older.time) {
    return Fail(Code::kCheckpointTimeWentBack, "the checkpoint of size " + std::to_string(newer.size) +
                    " is dated before the one of size " + std::to_string(older.size));
  }
  return VerifyConsistency(older.size, newer.size, older.root, newer.root, consistency_proof);
}

}  // namespace bitacora
