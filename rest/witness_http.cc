#include "rest/witness_http.h"

#include <httplib.h>

#include <charconv>

#include "core/audit/base64.h"

namespace bitacora::shim {

WitnessServer::WitnessServer() : server_(std::make_unique<httplib::Server>()) {}

WitnessServer::~WitnessServer() { Stop(); }

void WitnessServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
}

void WitnessServer::Wait() {
  if (thread_.joinable()) thread_.join();
}

Result<std::unique_ptr<WitnessServer>> WitnessServer::Start(Witness& witness, const std::string& host, int port) {
  std::unique_ptr<WitnessServer> self(new WitnessServer());
  httplib::Server& server = *self->server_;
  server.set_payload_max_length(64 * 1024);
  server.Post("/add-checkpoint", [&witness](const httplib::Request& req, httplib::Response& res) {
    WitnessResponse answer = witness.AddCheckpoint(req.body);
    res.status = answer.status;
    res.set_content(answer.body, answer.content_type);
  });
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  self->port_ = port == 0 ? server.bind_to_any_port(host) : (server.bind_to_port(host, port) ? port : -1);
  if (self->port_ < 0) return Fail(Code::kBindFailed, "cannot listen on " + host + ":" + std::to_string(port));
  self->thread_ = std::thread([&server] { server.listen_after_bind(); });
  return self;
}

Result<SignedCheckpoint> WitnessLatest(EventStore& store, std::string_view vkey, const std::string& url,
                                       const CosignerKey& witness) {
  auto latest = LatestCheckpoint(store, vkey);
  if (!latest) return Fail(latest.error());
  if (VerifyCosignature(latest->note, witness)) return *latest;  // already cosigned by it
  httplib::Client client(url);
  client.set_connection_timeout(5);
  client.set_read_timeout(10);
  const uint64_t size = latest->checkpoint.size;
  uint64_t old_size = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::string body = "old " + std::to_string(old_size) + "\n";
    if (old_size != 0) {
      auto proof = store.ConsistencyProof(old_size, size);
      if (!proof) return Fail(proof.error());
      for (const Hash32& h : *proof) {
        body += Base64Encode(std::string_view(reinterpret_cast<const char*>(h.data()), h.size())) + "\n";
      }
    }
    body += "\n" + latest->note;
    auto res = client.Post("/add-checkpoint", body, "text/plain");
    if (!res) return Fail(Code::kServerUnreachable, "the witness at " + url + " did not answer: " + httplib::to_string(res.error()));
    if (res->status == 409 && attempt == 0) {
      uint64_t held = 0;
      const std::string& text = res->body;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), held);
      if (ec != std::errc() || held > size) {
        return Fail(Code::kWitnessRefused, "the witness holds a larger checkpoint (" + text + ") than this log's latest");
      }
      old_size = held;
      continue;
    }
    if (res->status != 200) {
      return Fail(Code::kWitnessRefused, "the witness answered " + std::to_string(res->status) + ": " + res->body);
    }
    const std::string cosigned = latest->note + res->body;
    if (auto ok = VerifyCosignature(cosigned, witness); !ok) return Fail(ok.error());
    if (Status s = store.ReplaceCheckpoint(size, cosigned); !s) return Fail(s.error());
    return SignedCheckpoint{latest->checkpoint, cosigned, true};
  }
  return Fail(Code::kWitnessRefused, "the witness kept answering 409");
}

}  // namespace bitacora::shim
