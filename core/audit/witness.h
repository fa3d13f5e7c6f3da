// A witness (C2SP tlog-witness, https://c2sp.org/tlog-witness): a party apart from the ledger —
// the regulator, the cooperative's council, ODECO — that keeps the latest checkpoint it cosigned
// of each log it follows and cosigns a new one only when given a consistency proof from it. A
// ledger that signs two different trees (a fork: a restored copy signing another history) cannot
// get both cosigned; the refused checkpoint is kept beside the cosigned one as evidence of the
// operator's equivocation, both signed by the log's key.
//
// State, one folder: <origin hash>.note (the latest cosigned checkpoint of that log, replaced
// atomically) and evidence/<origin hash>-<size>-<n>.txt (a refused request with the checkpoint it
// contradicted). This class is the protocol's logic; rest/witness_server.h serves it over HTTP.
#ifndef BITACORA_CORE_AUDIT_WITNESS_H_
#define BITACORA_CORE_AUDIT_WITNESS_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit/keys.h"
#include "core/audit/note.h"
#include "core/result.h"

namespace bitacora {

struct WitnessOptions {
  std::string name;                  // the witness's key name, e.g. "consejo.cosett.bo/testigo"
  std::string state_dir;             // created if missing
  std::vector<std::string> log_keys; // verifier keys of the logs it follows (their origin = name)
  std::function<uint64_t()> clock = nullptr;  // POSIX seconds; default: the system clock
};

// The answer to an add-checkpoint request, as the protocol's HTTP response.
struct WitnessResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
};

class Witness {
 public:
  // Opens (creating) the state folder. kInvalidArgument for a malformed log key or name.
  [[nodiscard]] static Result<std::unique_ptr<Witness>> Open(WitnessOptions options, SigningKey key);

  // Handles one add-checkpoint request body ("old N\n", proof lines, "\n", the checkpoint note):
  // 200 with the cosignature line; 400 malformed or old > size; 403 no valid signature by the
  // log's key; 404 unknown origin; 409 (text/x.tlog.size, the size it holds) when old is not the
  // size it cosigned last; 422 an inconsistent proof or another root at the same size, kept as
  // evidence; 500 when the state cannot be written (nothing cosigned). Thread-safe: the check and
  // the update of a log's state are one step.
  WitnessResponse AddCheckpoint(std::string_view request);

  // The latest checkpoint note cosigned for `origin`, if any. Thread-safe.
  [[nodiscard]] Result<std::optional<std::string>> Latest(std::string_view origin) const;

  // The evidence files kept (paths), oldest first. Thread-safe.
  std::vector<std::string> Evidence() const;

  const std::string& name() const { return options_.name; }

 private:
  Witness(WitnessOptions options, SigningKey key, std::vector<NoteVerifier> logs);
  std::string StatePath(std::string_view origin) const;
  void KeepEvidence(std::string_view origin, uint64_t size, std::string_view request,
                    std::string_view cosigned, std::string_view why);

  WitnessOptions options_;
  SigningKey key_;
  std::vector<NoteVerifier> logs_;
  mutable std::mutex mu_;
};

}  // namespace bitacora

#endif  // BITACORA_CORE_AUDIT_WITNESS_H_
