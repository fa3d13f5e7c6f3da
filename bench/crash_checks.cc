#include "bench/crash_checks.h"
#include "bench/harness_error.h"

#include <filesystem>
#include <map>
#include <optional>

#include "core/store/event_store.h"
#include "core/store/stored_event.h"
#include "projections/projection_service.h"

namespace bitacora::bench {
namespace {

struct Seen {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t count = 0;
  std::string actor;  // the record is keyed by actor and command id
};

// Every key and value of the views but the bookkeeping ("m/": checkpoint, format). A client's
// folder is kept in segments, one per commit (docs/projections.md), so where the segments split
// depends on when the views were committed: each folder is compared as the concatenation of its
// segments in position order (a segment is a run of length-prefixed entries), under "f/<ci>".
Result<std::map<std::string, std::string>> Dump(const projections::ViewDb& db) {
  std::map<std::string, std::string> out;
  Status s = db.Scan("", [&](std::string_view key, std::string_view value) {
    if (key.starts_with("m/")) return true;
    if (key.starts_with(projections::keys::kFolder)) {
      out[std::string(key.substr(0, key.find('\0')))].append(value);
    } else {
      out.emplace(key, value);
    }
    return true;
  });
  if (!s) return Fail(s.error());
  return out;
}

// The views of `dir` caught up with `store`: resumed from their checkpoint, or built from 0.
Result<std::map<std::string, std::string>> CaughtUpViews(const EventStore& store, const std::string& dir) {
  projections::ServiceOptions options;
  options.dir = dir;
  auto service = projections::ProjectionService::Open(store, options);
  if (!service) return Fail(service.error());
  if (Status s = (*service)->CatchUp(); !s) return Fail(s.error());
  if ((*service)->position() != store.GetHead().position) {
    return Fail(ErrorKind::kInternal, "views_behind", "views at " + std::to_string((*service)->position()) +
                                                          ", head at " + std::to_string(store.GetHead().position));
  }
  return Dump(*(*service)->Current());
}

std::string Range(uint64_t first, uint64_t last) {
  return "[" + std::to_string(first) + ", " + std::to_string(last) + "]";
}

void CheckLog(const EventStore& store, ClientBook& book, LedgerCheck& out) {
  // (b) group the log by command id.
  std::map<std::string, Seen> seen;
  uint64_t expected_position = 1;
  Status scan = store.ScanLog(1, out.head, [&](uint64_t position, std::string_view bytes) {
    auto event = StoredEvent::Decode(bytes);
    if (!event) {
      out.failures.push_back("position " + std::to_string(position) + ": " + event.error().ToString());
      return false;
    }
    if (position != expected_position++) out.failures.push_back("gap before position " + std::to_string(position));
    // Events the CLI appends outside any command (tokens made before serving) carry no id.
    if (event->envelope().getCommandId().size() == 0) return true;
    Seen& s = seen[event->envelope().getCommandId()];
    s.actor = event->envelope().getActor().getId();
    if (s.count == 0) s.first = position;
    if (s.count > 0 && s.last + 1 != position) {
      out.failures.push_back(std::string("command ") + event->envelope().getCommandId().cStr() +
                             ": events not contiguous (at " + std::to_string(position) + ")");
    }
    s.last = position;
    ++s.count;
    return true;
  });
  if (!scan) out.failures.push_back("scan: " + scan.error().ToString());
  if (expected_position != out.head + 1) out.failures.push_back("the log ends before its head");
  out.commands = seen.size();
  for (const auto& [id, s] : seen) {
    auto record = store.LookupCommand(ScopedCommandKey(s.actor, id));
    if (!record) {
      out.failures.push_back(id + ": events in the log but no command record: " + record.error().ToString());
    } else if (record->first_position != s.first || record->last_position != s.last) {
      out.failures.push_back(id + ": record says " + Range(record->first_position, record->last_position) +
                             ", log has " + Range(s.first, s.last));
    }
  }
  // (a) everything acknowledged.
  for (const auto& [id, range] : book.acked()) {
    auto it = seen.find(id);
    if (it == seen.end()) {
      out.failures.push_back(id + ": acknowledged " + Range(range.first, range.last) + " but not in the log");
    } else if (it->second.first != range.first || it->second.last != range.last) {
      out.failures.push_back(id + ": acknowledged " + Range(range.first, range.last) + ", log has " +
                             Range(it->second.first, it->second.last));
    } else {
      ++out.acked_checked;
    }
  }
  // In flight: whole (checked above) or absent; the retry must answer accordingly.
  for (const std::string& id : book.InFlight()) {
    ++out.in_flight;
    auto it = seen.find(id);
    std::optional<AckedRange> found;
    if (it != seen.end()) {
      found = AckedRange{it->second.first, it->second.last};
      ++out.in_flight_committed;
    }
    book.ExpectRetry(id, found);
  }
}

}  // namespace

LedgerCheck CheckLedger(const std::string& data_dir, const std::string& scratch_dir, ClientBook& book) {
  LedgerCheck out;
  auto store = EventStore::Open(StoreOptions{.path = data_dir});
  if (!store) {
    out.failures.push_back("open: " + store.error().ToString());
    return out;
  }
  out.head = (*store)->GetHead().position;
  CheckLog(**store, book, out);
  // (c)
  auto report = (*store)->Verify(1, 0);
  if (!report) {
    out.failures.push_back("verify: " + report.error().ToString());
  } else if (!report->ok || report->checked != out.head) {
    out.failures.push_back("verify: " + report->problem + " at " + std::to_string(report->first_bad_position));
  }
  // (d)
  std::error_code ignored;
  std::filesystem::remove_all(scratch_dir, ignored);
  auto resumed = CaughtUpViews(**store, data_dir + "/views");
  auto rebuilt = CaughtUpViews(**store, scratch_dir);
  if (!resumed || !rebuilt) {
    out.failures.push_back("views: " + (!resumed ? resumed.error() : rebuilt.error()).ToString());
    return out;
  }
  out.view_keys = rebuilt->size();
  if (*resumed != *rebuilt) {
    std::string first_difference;
    auto a = resumed->begin();
    auto b = rebuilt->begin();
    while (a != resumed->end() && b != rebuilt->end() && *a == *b) {
      ++a;
      ++b;
    }
    first_difference = a == resumed->end() ? "missing " + (b == rebuilt->end() ? "?" : b->first)
                                           : "at key " + a->first;
    out.failures.push_back("views resumed after the crash differ from a rebuild (" +
                           std::to_string(resumed->size()) + " vs " + std::to_string(rebuilt->size()) +
                           " keys; first: " + first_difference + ")");
  }
  std::filesystem::remove_all(scratch_dir, ignored);
  return out;
}

}  // namespace bitacora::bench
