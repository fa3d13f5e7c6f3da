// The witness over HTTP (C2SP tlog-witness): the server a witness runs (`bitacora witness serve`),
// and the client a ledger uses to have its latest checkpoint cosigned (`bitacora checkpoint
// witness`), which stores the cosignature beside the checkpoint.
#ifndef BITACORA_REST_WITNESS_HTTP_H_
#define BITACORA_REST_WITNESS_HTTP_H_

#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "core/audit/cosignature.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/witness.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace httplib {
class Server;
}

namespace bitacora::shim {

// Serves `witness` on host:port (port 0: any free port): POST /add-checkpoint, GET /healthz.
// `witness` must outlive the server. Stop() or destruction stops it.
class WitnessServer {
 public:
  [[nodiscard]] static Result<std::unique_ptr<WitnessServer>> Start(Witness& witness, const std::string& host,
                                                                    int port);
  ~WitnessServer();
  WitnessServer(const WitnessServer&) = delete;
  WitnessServer& operator=(const WitnessServer&) = delete;
  int port() const { return port_; }
  void Stop();
  // Blocks until the server stops (`bitacora witness serve` in the foreground).
  void Wait();

 private:
  WitnessServer();
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = -1;
};

// Sends the store's latest checkpoint (verified with `vkey`) to the witness at `url`
// ("http://host:port"), first with the old size 0 and, when the witness answers 409 with the size
// it holds, again with the consistency proof from that size; checks the cosignature against
// `witness` and stores it as one more signature line of the checkpoint's note (once per witness).
// Returns the note as stored. kUnavailable "witness_unreachable"; kRefused "witness_refused"
// with the witness's status and answer (a 422 means the witness holds a checkpoint this log does
// not extend: a fork). Thread-safe as the store is.
[[nodiscard]] Result<SignedCheckpoint> WitnessLatest(EventStore& store, std::string_view vkey, const std::string& url,
                                                     const CosignerKey& witness);

}  // namespace bitacora::shim

#endif  // BITACORA_REST_WITNESS_HTTP_H_
