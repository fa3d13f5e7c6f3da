// A witness over HTTP, as the people involved run it (issue #19): the witness serves
// /add-checkpoint, the ledger's operator runs `bitacora checkpoint witness`, which goes through the
// protocol's 409 when the witness already holds an older checkpoint and keeps the cosignature, and
// the auditor's `bitacora audit verify-bundle --witness --quorum` accepts the bundle only when
// enough witnesses cosigned its checkpoint.
#include <gtest/gtest.h>

#include <fstream>

#include "core/audit/cosignature.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/witness.h"
#include "rest/witness_http.h"
#include "tests/bundle_test_util.h"
#include "tests/test_util.h"
#include "tests/cli_run.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr std::string_view kWitnessName = "consejo.cosett.bo/testigo";

using testing::CliRun;

// The CLI with `args`, its stderr (where refusals go) merged into the output.
CliRun Bitacora(const std::string& args) { return testing::RunBitacora(args, testing::Stderr::kMerge); }

void WriteText(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::trunc) << text << "\n"; }

class WitnessHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    // The ledger: its key, five events, a checkpoint.
    std::filesystem::create_directories(keys());
    ASSERT_TRUE(testing::BundleKey().WriteToFile(keys() + "/ledger.key"));
    WriteText(keys() + "/ledger.vkey", testing::BundleVkey());
    AppendEvents(5);
    // The witness: its key, following this ledger, on a free port.
    auto key = testing::BundleKey(99);
    WriteText(dir_.Sub("witness.vkey"), *FormatCosignerKey(kWitnessName, key.public_key()));
    auto w = Witness::Open(WitnessOptions{std::string(kWitnessName), dir_.Sub("state"), {testing::BundleVkey()}},
                           std::move(key));
    ASSERT_TRUE(w);
    witness_ = std::move(*w);
    auto server = shim::WitnessServer::Start(*witness_, "127.0.0.1", 0);
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }
  std::string keys() const { return dir_.Sub("keys"); }
  std::string Cli(const std::string& args) const {
    return "--data " + dir_.Sub("data") + " --keys " + keys() + " " + args;
  }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  void AppendEvents(int n) {
    auto store = EventStore::Open(StoreOptions{.path = dir_.Sub("data"), .sync = false});
    ASSERT_TRUE(store) << store.error().ToString();
    for (int i = 0; i < n; ++i) ASSERT_TRUE((*store)->Append(CommentOn("case-1", std::to_string(i))));
  }

  TempDir dir_;
  std::unique_ptr<Witness> witness_;
  std::unique_ptr<shim::WitnessServer> server_;
};

TEST_F(WitnessHttp, TheLedgerGetsItsCheckpointsCosignedAndTheAuditorRequiresIt) {
  ASSERT_EQ(Bitacora(Cli("checkpoint sign")).code, 0);
  CliRun first = Bitacora(Cli("checkpoint witness --url " + Url() + " --witness-key " + dir_.Sub("witness.vkey")));
  ASSERT_EQ(first.code, 0) << first.out;
  EXPECT_NE(first.out.find("— consejo.cosett.bo/testigo "), std::string::npos) << first.out;
  // More events, a new checkpoint: the ledger starts at old size 0, gets 409 "5", sends the proof.
  AppendEvents(3);
  ASSERT_EQ(Bitacora(Cli("checkpoint sign")).code, 0);
  CliRun second = Bitacora(Cli("checkpoint witness --url " + Url() + " --witness-key " + dir_.Sub("witness.vkey")));
  ASSERT_EQ(second.code, 0) << second.out;
  EXPECT_NE(second.out.find("\n8\n"), std::string::npos) << second.out;
  // The cosignature is kept with the checkpoint, so the bundle carries it.
  ASSERT_EQ(Bitacora(Cli("audit export --out " + dir_.Sub("bundle"))).code, 0);
  const std::string vkeys = " --vkey " + keys() + "/ledger.vkey --witness " + dir_.Sub("witness.vkey");
  CliRun ok = Bitacora(Cli("audit verify-bundle " + dir_.Sub("bundle") + vkeys));
  EXPECT_EQ(ok.code, 0) << ok.out;
  EXPECT_NE(ok.out.find("witnessed: 1 of 1 witnesses cosigned the checkpoint (quorum 1)"), std::string::npos) << ok.out;
  // A second witness the bundle has no cosignature from: a quorum of 2 fails, 1 of 2 passes.
  WriteText(dir_.Sub("odeco.vkey"), *FormatCosignerKey("odeco.cosett.bo/testigo", testing::BundleKey(98).public_key()));
  const std::string two = vkeys + " --witness " + dir_.Sub("odeco.vkey");
  CliRun short_of_quorum = Bitacora(Cli("audit verify-bundle " + dir_.Sub("bundle") + two));
  EXPECT_EQ(short_of_quorum.code, 1) << short_of_quorum.out;
  EXPECT_NE(short_of_quorum.out.find("1 of the 2 witnesses cosigned"), std::string::npos) << short_of_quorum.out;
  EXPECT_EQ(Bitacora(Cli("audit verify-bundle " + dir_.Sub("bundle") + two + " --quorum 1")).code, 0);
}

TEST_F(WitnessHttp, ALedgerTheWitnessDoesNotFollowIsRefusedAndNothingIsStored) {
  ASSERT_EQ(Bitacora(Cli("checkpoint sign")).code, 0);
  // The witness serves another ledger only.
  server_.reset();
  auto w = Witness::Open(WitnessOptions{std::string(kWitnessName), dir_.Sub("other-state"),
                                        {*FormatVerifierKey("otra.coop/bitacora", testing::BundleKey(5).public_key())}},
                         testing::BundleKey(99));
  ASSERT_TRUE(w);
  witness_ = std::move(*w);
  server_ = std::move(*shim::WitnessServer::Start(*witness_, "127.0.0.1", 0));
  CliRun r = Bitacora(Cli("checkpoint witness --url " + Url() + " --witness-key " + dir_.Sub("witness.vkey")));
  EXPECT_EQ(r.code, 6) << r.out;
  EXPECT_NE(r.out.find("witness_refused"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("404"), std::string::npos) << r.out;
  CliRun shown = Bitacora(Cli("checkpoint show"));
  EXPECT_EQ(shown.out.find("consejo.cosett.bo/testigo"), std::string::npos) << shown.out;
}

}  // namespace
}  // namespace bitacora
