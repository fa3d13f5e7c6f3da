// The REST server in-process on an ephemeral loopback port, over a store in a temp folder, with
// a token per role and an HTTP client. Used by the rest_*_test.cc files.
#ifndef BITACORA_TESTS_REST_FIXTURE_H_
#define BITACORA_TESTS_REST_FIXTURE_H_

#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <memory>
#include <regex>
#include <string>

#include "app/command_codec.h"
#include "rest/server.h"
#include "app/tokens.h"
#include "core/handler/command_handler.h"
#include "projections/projection_service.h"
#include "tests/test_util.h"

namespace bitacora::testing {

class RestFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    OpenLedger();
    StartServer(shim::ServerOptions{});
  }

  void OpenLedger() {
    auto store = EventStore::Open(
        StoreOptions{.path = dir_.Sub("store"), .sync = false, .disk_probe = disk_probe_});
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    store_ = std::move(*store);
    projections::ServiceOptions view_options;
    view_options.dir = dir_.Sub("views");
    view_options.poll = std::chrono::milliseconds(20);
    auto views = projections::ProjectionService::Open(*store_, std::move(view_options));
    ASSERT_TRUE(views.has_value()) << views.error().ToString();
    views_ = std::move(*views);
    views_->Start();
    handler_ = std::make_unique<CommandHandler>(*store_, HandlerOptions{});
    for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
      const auto role = static_cast<schema::Role>(e.getOrdinal());
      if (role == schema::Role::SYSTEM) continue;  // no credential is issued with the role system
      auto token = app::IssueToken(*handler_, ActorRef{"test", schema::Role::SUPERVISOR},
                                    ActorRef{"actor-" + app::RoleName(role), role}, "test");
      ASSERT_TRUE(token.has_value());
      tokens_[role] = *token;
    }
  }

  // (Re)starts the server over the open ledger with `options` (host and port are fixed here).
  void StartServer(shim::ServerOptions options) {
    client_.reset();
    server_.reset();
    shim::ServerDeps deps;
    deps.store = store_.get();
    deps.handle = [this](const ActorRef& actor, schema::Command::Reader command) {
      return handle_ ? handle_(actor, command) : handler_->Handle(actor, command);
    };
    deps.views = views_.get();
    deps.metrics = &metrics_;
    deps.backup_root = backup_root_;
    deps.access_log = access_log_;
    deps.reads = reads_;
    deps.sessions = sessions_;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 16;
    auto server = shim::RestServer::Start(deps, options);
    ASSERT_TRUE(server.has_value()) << server.error().ToString();
    server_ = std::move(*server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    views_.reset();
  }

  httplib::Result Post(const std::string& command, const std::string& body, schema::Role role,
                       const std::string& key = "") {
    httplib::Headers headers{{"Authorization", "Bearer " + tokens_[role]}};
    if (!key.empty()) headers.emplace("Idempotency-Key", key);
    return client_->Post(("/v1/commands/" + command).c_str(), headers, body, "application/json");
  }

  httplib::Result Get(const std::string& path, schema::Role role = schema::Role::AUDITOR) {
    return client_->Get(path.c_str(), httplib::Headers{{"Authorization", "Bearer " + tokens_[role]}});
  }

  uint64_t Head() const { return store_->GetHead().position; }

  // The value of "name":"value" in a JSON body (first occurrence).
  static std::string JsonText(const std::string& body, const std::string& name) {
    std::smatch m;
    if (std::regex_search(body, m, std::regex("\"" + name + "\":\"([^\"]*)\""))) return m[1];
    return "";
  }

  TempDir dir_;
  std::string backup_root_;   // ServerDeps::backup_root (set before StartServer); empty: off
  DiskSpaceProbe disk_probe_;  // set before SetUp to fake the free disk space; null: statvfs
  std::shared_ptr<spdlog::logger> access_log_;  // null: no access log (set before StartServer)
  std::shared_ptr<app::ReadLog> reads_;  // null: reads are not recorded (set before StartServer)
  // Users' sessions (set before StartServer, e.g. with an injected clock); null: the server's own.
  std::shared_ptr<app::SessionStore> sessions_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<projections::ProjectionService> views_;
  std::unique_ptr<CommandHandler> handler_;
  std::function<Result<CommandOutcome>(const ActorRef&, schema::Command::Reader)> handle_;
  shim::Metrics metrics_;
  std::unique_ptr<shim::RestServer> server_;
  std::map<schema::Role, std::string> tokens_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_REST_FIXTURE_H_
