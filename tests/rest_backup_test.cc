// POST /v1/backup (supervisor only, written on the server's host) and the 507 answer to a disk
// below the free-space floor, with reads still served.
#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/backup_json.h"
#include "core/store/backup.h"
#include "tests/rest_fixture.h"
#include "tests/cli_run.h"

namespace bitacora {
namespace {

using Role = schema::Role;

class RestBackup : public testing::RestFixture {
 protected:
  void SetUp() override {
    disk_probe_ = [free = free_](const std::string&) -> Result<uint64_t> { return free->load(); };
    backup_root_ = dir_.Sub("copias");
    std::filesystem::create_directories(backup_root_);
    RestFixture::SetUp();
  }
  httplib::Result PostBackup(const std::string& body, Role role) {
    return client_->Post("/v1/backup", httplib::Headers{{"Authorization", "Bearer " + tokens_[role]}},
                         body, "application/json");
  }
  std::shared_ptr<std::atomic<uint64_t>> free_ =
      std::make_shared<std::atomic<uint64_t>>(uint64_t{1} << 40);
};

TEST_F(RestBackup, ASupervisorBacksUpOnlineAndTheBackupRestores) {
  const std::string out = dir_.Sub("copias/hoy");
  auto res = PostBackup(R"({"out":")" + out + R"("})", Role::SUPERVISOR);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 201) << res->body;
  auto info = app::BackupInfoFromJson(res->body);
  ASSERT_TRUE(info) << info.error().ToString();
  EXPECT_EQ(info->head.position, Head());
  EXPECT_EQ(info->head.hash, store_->GetHead().hash);
  EXPECT_EQ(info->root, *store_->MerkleRoot(Head()));

  auto restored = RestoreBackup(out, dir_.Sub("restaurado"));
  ASSERT_TRUE(restored) << restored.error().ToString();
  EXPECT_EQ(restored->head.hash, info->head.hash);
  EXPECT_EQ(restored->root, info->root);

  auto again = PostBackup(R"({"out":")" + out + R"("})", Role::SUPERVISOR);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 400);
  EXPECT_EQ(JsonText(again->body, "code"), "backup_path_refused");
}

TEST_F(RestBackup, OtherRolesAreRefusedAndNothingIsWritten) {
  const std::string out = dir_.Sub("copias/copia-ajena");
  for (Role role : {Role::PLATFORM, Role::AUDITOR, Role::CASHIER}) {
    auto res = PostBackup(R"({"out":")" + out + R"("})", role);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << res->body;
    EXPECT_EQ(JsonText(res->body, "code"), "not_allowed_for_role");
  }
  EXPECT_FALSE(std::filesystem::exists(out));
  auto anonymous = client_->Post("/v1/backup", R"({"out":")" + out + R"("})", "application/json");
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(RestBackup, TheOpenApiDocumentNamesTheRouteAnd507) {
  auto openapi = Get("/v1/openapi.json");
  ASSERT_TRUE(openapi);
  ASSERT_EQ(openapi->status, 200);
  EXPECT_NE(openapi->body.find("\"/v1/backup\":{\"post\""), std::string::npos);
  EXPECT_NE(openapi->body.find("\"507\""), std::string::npos);
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  EXPECT_NO_THROW(capnp::JsonCodec().decodeRaw(
      kj::ArrayPtr<const char>(openapi->body.data(), openapi->body.size()), root));
}

TEST_F(RestBackup, BadBodiesAreRefused) {
  for (const std::string body : {"", "[]", R"({"out":"relativa/carpeta"})", R"({"out":7})",
                                 R"({"out":"/tmp/x","extra":1})", R"({"out":""})"}) {
    auto res = PostBackup(body, Role::SUPERVISOR);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << body << " -> " << res->body;
  }
}

TEST(BackupJson, AnEscapedFolderNameIsReadAsWritten) {
  // "\u00ed" (í) goes through the workaround for capnp 0.9.2's escape decoding.
  auto out = app::BackupOutFromJson(R"({"out":"/respaldos/d\u00eda-1"})");
  ASSERT_TRUE(out.has_value()) << out.error().ToString();
  EXPECT_EQ(*out, "/respaldos/d\xc3\xad" "a-1");
}

TEST_F(RestBackup, ADiskBelowTheFloorAnswers507AndReadsGoOn) {
  const uint64_t before = Head();
  free_->store(1 << 20);  // 1 MiB free, below the 256 MiB default floor
  auto refused = Post("openCase",
                      R"({"kind":"newConnection","clientCi":"5566778-1A LP","tariffCategory":"residential","address":"Av. Santa Cruz 3"})",
                      Role::PLATFORM);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 507) << refused->body;
  EXPECT_EQ(JsonText(refused->body, "code"), "disk_space_low");
  EXPECT_NE(JsonText(refused->body, "message").find("bytes libres"), std::string::npos);
  EXPECT_EQ(Head(), before);
  auto log = Get("/v1/log?from=1&limit=10");
  ASSERT_TRUE(log);
  EXPECT_EQ(log->status, 200);

  free_->store(uint64_t{1} << 40);
  auto resumed = Post("openCase",
                      R"({"kind":"newConnection","clientCi":"5566778-1A LP","tariffCategory":"residential","address":"Av. Santa Cruz 3"})",
                      Role::PLATFORM);
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->status, 201) << resumed->body;
  EXPECT_EQ(Head(), before + 1);
}

}  // namespace
}  // namespace bitacora

namespace bitacora {
namespace {

// Runs the bitacora binary with `args`, capturing stdout (stderr discarded); returns exit code.
int RunCli(const std::string& args, std::string* out) {
  auto run = testing::RunBitacora(args);
  out->append(run.out);
  return run.code;
}

TEST_F(RestBackup, TheCliBacksUpThroughARunningServer) {
  const std::string server = "--server http://127.0.0.1:" + std::to_string(server_->port());
  const std::string out = dir_.Sub("copias/por-servidor");
  std::string printed;
  ASSERT_EQ(RunCli("backup --out " + out + " " + server + " --token " + tokens_[Role::SUPERVISOR],
                   &printed), 0);
  EXPECT_EQ(printed, "head position " + std::to_string(Head()) + "\nhead hash " +
                         ToHex(store_->GetHead().hash) + "\nmerkle root " +
                         ToHex(*store_->MerkleRoot(Head())) + "\n");
  std::string restored;
  ASSERT_EQ(RunCli("restore --from " + out + " --data " + dir_.Sub("r"), &restored), 0);
  EXPECT_EQ(restored, printed);
  std::string denied;
  EXPECT_EQ(RunCli("backup --out " + dir_.Sub("copias/otra") + " " + server + " --token " +
                       tokens_[Role::PLATFORM], &denied), 3);
}

}  // namespace
}  // namespace bitacora
