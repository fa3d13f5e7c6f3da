#include "bench/http_sender.h"

#include <httplib.h>

#include <chrono>
#include <thread>

#include "rest/client.h"
#include "app/command_codec.h"

namespace bitacora::bench {

void ClientBook::Sending(size_t client, const std::string& id) {
  std::lock_guard lock(mu_);
  in_flight_.at(client) = id;
}

void ClientBook::Acked(size_t client, const std::string& id, const std::string& name, const CommandOutcome& outcome,
                       bool retried) {
  const AckedRange range{outcome.first_position, outcome.last_position};
  std::lock_guard lock(mu_);
  ++kinds_[name];
  in_flight_.at(client).clear();
  acks.fetch_add(1);
  if (auto it = acked_.find(id); it != acked_.end() && it->second != range) {
    failures_.push_back(id + ": acknowledged twice with different positions");
  }
  acked_[id] = range;
  auto expected = expected_.find(id);
  if (expected == expected_.end()) {
    // Sent again after a failure the harness did not cause (a stale keep-alive connection).
    if (retried) unexpected_retries.fetch_add(1);
    return;
  }
  if (expected->second) {  // in the log when the server died: the same positions
    if (*expected->second != range) failures_.push_back(id + ": answered positions other than the log's at the kill");
    if (retried) {
      retries_found_committed.fetch_add(1);
      if (!outcome.duplicate) failures_.push_back(id + ": committed before the kill, but its retry was not a duplicate");
    }
  } else {  // not in the log: executed by the new server (first sent or sent again)
    if (retried) retries_executed.fetch_add(1);
    if (outcome.duplicate) failures_.push_back(id + ": not in the log after the kill, yet answered as a duplicate");
  }
  expected_.erase(expected);
}

void ClientBook::Refused(const std::string& id, int status, const std::string& body) {
  refusals.fetch_add(1);
  std::lock_guard lock(mu_);
  failures_.push_back(id + ": refused (" + std::to_string(status) + ") " + body);
}

void ClientBook::ServerError(const std::string& id, int status, const std::string& body) {
  server_errors.fetch_add(1);
  std::lock_guard lock(mu_);
  failures_.push_back(id + ": server error " + std::to_string(status) + " " + body);
}

std::vector<std::string> ClientBook::InFlight() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const std::string& id : in_flight_) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

void ClientBook::ExpectRetry(const std::string& id, std::optional<AckedRange> found) {
  std::lock_guard lock(mu_);
  expected_[id] = found;
}

std::map<std::string, uint64_t> ClientBook::kinds() const {
  std::lock_guard lock(mu_);
  return kinds_;
}

std::map<std::string, AckedRange> ClientBook::acked() const {
  std::lock_guard lock(mu_);
  return acked_;
}

void ClientBook::AddFailure(const std::string& what) {
  std::lock_guard lock(mu_);
  failures_.push_back(what);
}

std::vector<std::string> ClientBook::failures() const {
  std::lock_guard lock(mu_);
  return failures_;
}

HttpSender::HttpSender(int port, std::map<schema::Role, std::string> tokens, ClientBook& book, size_t client)
    : client_(std::make_unique<httplib::Client>("127.0.0.1", port)),
      tokens_(std::move(tokens)),
      book_(book),
      index_(client) {
  client_->set_keep_alive(true);
  client_->set_connection_timeout(2);
  client_->set_read_timeout(60);
}

HttpSender::~HttpSender() = default;

const std::string& CommandNameOf(schema::Command::Which which) {
  static const std::map<schema::Command::Which, std::string> names = [] {
    std::map<schema::Command::Which, std::string> m;
    for (const app::CommandKind& kind : app::CommandKinds()) m[kind.which] = kind.name;
    return m;
  }();
  return names.at(which);
}

namespace {

}  // namespace

Result<CommandOutcome> HttpSender::Send(const ActorRef& actor, schema::Command::Reader command) {
  const std::string id = command.getCommandId();
  const std::string& name = CommandNameOf(command.which());
  const std::string path = "/v1/commands/" + name;
  const std::string body = app::EncodeCommandJson(command);
  const httplib::Headers headers{{"Authorization", "Bearer " + tokens_.at(actor.role)}, {"Idempotency-Key", id}};
  book_.Sending(index_, id);
  bool retried = false;
  for (;;) {
    auto res = client_->Post(path, headers, body, "application/json");
    if (!res) {
      // Not answered: the server was killed (or is not up yet). Send it again, same key.
      book_.transport_failures.fetch_add(1);
      if (book_.stop.load()) throw Stopped{};
      retried = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (res->status >= 200 && res->status < 300) {
      auto outcome = app::OutcomeFromJson(res->body);
      if (!outcome) {
        book_.AddFailure(id + ": unreadable answer " + res->body);
        throw Stopped{};
      }
      book_.Acked(index_, id, name, *outcome, retried);
      return outcome;
    }
    if (res->status >= 500 || res->status == 409) {
      book_.ServerError(id, res->status, res->body);
      if (book_.stop.load()) throw Stopped{};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      continue;
    }
    // The generator only sends what the procedure allows: a refusal means the ledger lost or
    // changed something. Recorded as a failure; this client stops.
    book_.Refused(id, res->status, res->body);
    throw Stopped{};
  }
}

int HttpSender::Get(const std::string& path) {
  const httplib::Headers headers{{"Authorization", "Bearer " + tokens_.at(schema::Role::AUDITOR)}};
  auto res = client_->Get(path, headers);
  return res ? res->status : 0;
}

}  // namespace bitacora::bench
