// The desk generator's commands sent to a running `bitacora serve` as a client would send them:
// the command's fields as JSON to POST /v1/commands/{name}, its command id as the Idempotency-Key,
// the actor and role from a bearer token per role. A request the server never answered (it was
// killed) is sent again with the same key until an answer comes, which is what a desk client
// does; the book records every acknowledgement so that the crash harness can check the ledger.
#ifndef BITACORA_BENCH_HTTP_SENDER_H_
#define BITACORA_BENCH_HTTP_SENDER_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/handler/command_handler.h"
#include "core/result.h"

namespace httplib {
class Client;
}

namespace bitacora::bench {

// Thrown out of HttpSender::Send when the run is over (ClientBook::stop) and the server does not
// answer, or after a refusal (recorded as a failure): unwinds the generator of a client thread,
// which catches it.
struct Stopped {};

struct AckedRange {
  uint64_t first = 0;
  uint64_t last = 0;
  bool operator==(const AckedRange&) const = default;
};

// What every client saw, shared by the client threads and the harness. Thread-safe.
class ClientBook {
 public:
  explicit ClientBook(size_t clients) : in_flight_(clients) {}

  // Client `client` is about to send `id` (and will until it is answered).
  void Sending(size_t client, const std::string& id);
  // `id` was answered with a 2xx; checks it against what the harness expected of a retry.
  void Acked(size_t client, const std::string& id, const std::string& name, const CommandOutcome& outcome,
             bool retried);
  // A refusal (4xx) or a server error (5xx), with the answer.
  void Refused(const std::string& id, int status, const std::string& body);
  void ServerError(const std::string& id, int status, const std::string& body);

  // With the server down: the commands sent but not answered, one per client at most.
  std::vector<std::string> InFlight() const;
  // What a retry of in-flight `id` must answer: the positions found in the log (duplicate), or
  // nullopt when it was not in the log (executed now, not a duplicate).
  void ExpectRetry(const std::string& id, std::optional<AckedRange> found);

  std::map<std::string, AckedRange> acked() const;
  // Acknowledged commands by name ("openCase": 120, ...).
  std::map<std::string, uint64_t> kinds() const;
  void AddFailure(const std::string& what);
  std::vector<std::string> failures() const;

  std::atomic<bool> stop{false};
  std::atomic<uint64_t> acks{0}, refusals{0}, server_errors{0}, transport_failures{0};
  std::atomic<uint64_t> retries_found_committed{0}, retries_executed{0}, unexpected_retries{0};

 private:
  mutable std::mutex mu_;
  std::vector<std::string> in_flight_;
  std::map<std::string, AckedRange> acked_;
  std::map<std::string, uint64_t> kinds_;
  std::map<std::string, std::optional<AckedRange>> expected_;
  std::vector<std::string> failures_;
};

// One client thread's sender. Not thread-safe: one per thread.
// The command's name as the REST API routes it ("openCase"), from app::CommandKinds(). Pure;
// aborts (std::out_of_range) on a member this build does not name.
const std::string& CommandNameOf(schema::Command::Which which);

class HttpSender {
 public:
  // `port`: the server on 127.0.0.1 (the same across restarts); `tokens`: a bearer token per role.
  HttpSender(int port, std::map<schema::Role, std::string> tokens, ClientBook& book, size_t client);
  ~HttpSender();
  HttpSender(const HttpSender&) = delete;
  HttpSender& operator=(const HttpSender&) = delete;

  // A CommandSender: sends until answered. A server error (5xx) or a conflict (409) is recorded
  // as a failure and the command sent again; a refusal is recorded and throws Stopped.
  Result<CommandOutcome> Send(const ActorRef& actor, schema::Command::Reader command);

  // GET with the auditor's token (the soak's queries): the status, 0 when unreachable.
  int Get(const std::string& path);

 private:
  std::unique_ptr<httplib::Client> client_;
  std::map<schema::Role, std::string> tokens_;
  ClientBook& book_;
  size_t index_;
};

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_HTTP_SENDER_H_
