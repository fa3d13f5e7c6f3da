// The crash harness's checks of a ledger whose server was just killed (or stopped): opened
// embedded, as the server would open it on restart.
#ifndef BITACORA_BENCH_CRASH_CHECKS_H_
#define BITACORA_BENCH_CRASH_CHECKS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "bench/http_sender.h"

namespace bitacora::bench {

struct LedgerCheck {
  uint64_t head = 0;            // events in the log
  uint64_t commands = 0;        // distinct command ids in the log
  uint64_t acked_checked = 0;   // acknowledged commands found with their positions
  uint64_t in_flight = 0;       // commands sent and not answered when the server died
  uint64_t in_flight_committed = 0;  // of those, the ones found (whole) in the log
  uint64_t view_keys = 0;       // keys compared between the resumed views and the rebuild
  std::vector<std::string> failures;  // empty when every check passed
};

// Opens the store in `data_dir` and its views in `data_dir`/views, then checks:
//  (a) every command `book` saw acknowledged is in the log with the positions it was answered;
//  (b) every command in the log has all its events, contiguous, and the command record the store
//      keeps for idempotency names exactly them (nothing half there); each command in flight is
//      either whole in the log or absent, and `book` is told which (ClientBook::ExpectRetry) so
//      that its retry can be checked;
//  (c) Verify over the whole log (hash chain and Merkle root) passes;
//  (d) the views, resumed from their checkpoint and caught up, equal a rebuild from position 0
//      into `scratch_dir` (removed first), key by key, bookkeeping ("m/") aside.
// The server must be down. Problems are returned in failures; nothing is repaired.
LedgerCheck CheckLedger(const std::string& data_dir, const std::string& scratch_dir, ClientBook& book);

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_CRASH_CHECKS_H_
