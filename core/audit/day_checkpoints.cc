#include "core/audit/day_checkpoints.h"

#include <algorithm>
#include <cstdio>

#include "core/audit/note.h"
#include "core/merkle/verify.h"

namespace bitacora {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

constexpr int64_t kLaPazMidnightUtcNs = 4LL * 3600 * 1'000'000'000;  // La Paz is UTC-4
constexpr std::string_view kDayLine = "day ";

// The stored checkpoint at exactly `size`, verified; nullopt when none.
Result<std::optional<SignedCheckpoint>> StoredAt(const EventStore& store, std::string_view vkey,
                                                 uint64_t size) {
  auto all = store.Checkpoints();
  if (!all) return Fail(all.error());
  for (const auto& [at, note] : *all) {
    if (at != size) continue;
    auto cp = ParseAndVerifyCheckpoint(note, vkey);
    if (!cp) return Fail(cp.error());
    return std::optional<SignedCheckpoint>(SignedCheckpoint{*cp, note, false});
  }
  return std::optional<SignedCheckpoint>();
}

// Every stored checkpoint, verified with `vkey`, by increasing size: read and checked once per
// signing, for the lookups below.
Result<std::vector<SignedCheckpoint>> VerifiedCheckpoints(const EventStore& store, std::string_view vkey) {
  auto all = store.Checkpoints();
  if (!all) return Fail(all.error());
  std::vector<SignedCheckpoint> out;
  for (const auto& [at, note] : *all) {
    auto cp = ParseAndVerifyCheckpoint(note, vkey);
    if (!cp) return Fail(cp.error());
    out.push_back(SignedCheckpoint{*cp, note, false});
  }
  return out;
}

// The tree of `cp` extends every stored checkpoint below it and is extended by every one above
// (proofs computed by the store and checked against the signed roots).
Status ConsistentWith(const EventStore& store, const std::vector<SignedCheckpoint>& stored, const Checkpoint& cp) {
  for (const SignedCheckpoint& other : stored) {
    const uint64_t at = other.checkpoint.size;
    if (at == cp.size) continue;
    const bool below = at < cp.size;
    auto proof = below ? store.ConsistencyProof(at, cp.size) : store.ConsistencyProof(cp.size, at);
    if (!proof) return Fail(proof.error());
    Status ok = below ? CheckpointExtends(other.checkpoint, cp, *proof) : CheckpointExtends(cp, other.checkpoint, *proof);
    if (!ok) {
      return Fail(Code::kCheckpointInconsistent, "the tree at size " + std::to_string(cp.size) +
                      " is not consistent with the checkpoint of size " + std::to_string(at) + ": " +
                      ok.error().message);
    }
  }
  return Ok();
}

// The earliest time line among the stored checkpoints larger than `size`; nullopt when none has one.
std::optional<std::chrono::sys_seconds> EarliestTimeAbove(const std::vector<SignedCheckpoint>& stored, uint64_t size) {
  std::optional<std::chrono::sys_seconds> earliest;
  for (const SignedCheckpoint& other : stored) {
    const auto& time = other.checkpoint.time;
    if (other.checkpoint.size > size && time && (!earliest || *time < *earliest)) earliest = time;
  }
  return earliest;
}

}  // namespace

std::optional<year_month_day> ParseDay(std::string_view text) {
  unsigned y = 0, m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::string s(text);
  if (std::sscanf(s.c_str(), "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  year_month_day day{std::chrono::year(static_cast<int>(y)), std::chrono::month(m), std::chrono::day(d)};
  if (!day.ok() || FormatDay(day) != text) return std::nullopt;
  return day;
}

std::string FormatDay(year_month_day day) {
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(day.year()),
                static_cast<unsigned>(day.month()), static_cast<unsigned>(day.day()));
  return out;
}

int64_t LaPazDayStartNs(year_month_day day) {
  const int64_t midnight_utc = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                   sys_days(day).time_since_epoch()).count();
  return midnight_utc + kLaPazMidnightUtcNs;
}

std::vector<std::string> ClosedDays(const Checkpoint& checkpoint) {
  std::vector<std::string> out;
  for (const std::string& line : checkpoint.extensions) {
    if (line.starts_with(kDayLine)) out.push_back(line.substr(kDayLine.size()));
  }
  return out;
}

Result<uint64_t> SizeBefore(const EventStore& store, int64_t instant_ns) {
  // The first position recorded at or after the instant, in (0, head + 1].
  uint64_t low = 1, high = store.GetHead().position + 1;
  while (low < high) {
    const uint64_t mid = low + (high - low) / 2;
    auto event = store.ReadLog(mid, 1);
    if (!event) return Fail(event.error());
    if (event->empty()) return Fail(Code::kMissingEvent, "event " + std::to_string(mid) + " is missing from the log");
    if (event->front().envelope().getRecordedAtNs() < instant_ns) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  return low - 1;
}

Result<SignedCheckpoint> SignDayCheckpoint(EventStore& store, const SigningKey& key,
                                           std::string_view origin, year_month_day day,
                                           std::chrono::sys_seconds now) {
  const std::string name = FormatDay(day);
  const int64_t end = LaPazDayStartNs(sys_days(day) + days(1));
  const int64_t now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  if (now_ns < end) {
    return Fail(Code::kDayNotOver, "el día " + name + " aún no terminó en La Paz: su checkpoint se firma después de medianoche");
  }
  auto vkey = FormatVerifierKey(origin, key.public_key());
  if (!vkey) return Fail(vkey.error());
  auto size = SizeBefore(store, end);
  if (!size) return Fail(size.error());
  if (*size == 0) {
    return Fail(Code::kNoDayCheckpoint, "el ledger no tenía eventos al cierre del " + name + ": no hay nada que firmar");
  }
  auto root = store.MerkleRoot(*size);
  if (!root) return Fail(root.error());
  Checkpoint next{std::string(origin), *size, *root, now};
  auto all = VerifiedCheckpoints(store, *vkey);
  if (!all) return Fail(all.error());
  const SignedCheckpoint* stored = nullptr;
  for (const SignedCheckpoint& cp : *all) {
    if (cp.checkpoint.size == *size) stored = &cp;
  }
  if (stored != nullptr) {
    const Checkpoint& old = stored->checkpoint;
    if (old.root != *root) {
      return Fail(Code::kCheckpointRootMismatch, "the tree at size " + std::to_string(*size) +
                      " no longer has the root signed before: refusing to sign");
    }
    auto closed = ClosedDays(old);
    if (std::find(closed.begin(), closed.end(), name) != closed.end()) return *stored;
    next.extensions = old.extensions;
    if (old.time && *old.time > now) next.time = old.time;
  }
  next.extensions.push_back(std::string(kDayLine) + name);
  // A day signed late sits below checkpoints signed before it: it carries no time line rather
  // than one that goes back along the log (the line is optional; its "day" line says what it is).
  const auto later = EarliestTimeAbove(*all, *size);
  if (next.time && later && *later < *next.time) next.time = std::nullopt;
  if (Status s = ConsistentWith(store, *all, next); !s) return Fail(s.error());
  auto note = SignCheckpoint(next, key);
  if (!note) return Fail(note.error());
  Status put = stored != nullptr ? store.ReplaceCheckpoint(*size, *note) : store.PutCheckpoint(*size, *note);
  if (!put) return Fail(put.error());
  return SignedCheckpoint{next, *note, true};
}

Result<SignedCheckpoint> DayCheckpoint(const EventStore& store, std::string_view vkey, year_month_day day) {
  const std::string name = FormatDay(day);
  auto size = SizeBefore(store, LaPazDayStartNs(sys_days(day) + days(1)));
  if (!size) return Fail(size.error());
  auto stored = StoredAt(store, vkey, *size);
  if (!stored) return Fail(stored.error());
  if (*stored) {
    auto closed = ClosedDays((*stored)->checkpoint);
    if (std::find(closed.begin(), closed.end(), name) != closed.end()) return **stored;
  }
  return Fail(Code::kNoDayCheckpoint, "ningún checkpoint firmado cierra el día " + name +
                  ": fírmelo con `bitacora checkpoint sign --day " + name + "`");
}

}  // namespace bitacora
