// The audit verbs of the `bitacora` binary, run as an operator and an auditor would.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <rocksdb/db.h>

#include "app/answer_codec.h"
#include "core/audit/base64.h"
#include "core/store/keys.h"
#include "events/audit.capnp.h"
#include "tests/raw_store.h"
#include "tests/test_util.h"
#include "tests/cli_run.h"

namespace bitacora {
namespace {

// The bitacora binary of this build: tests/ and cli/ are siblings in the build folder.
std::string Cli() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "cli" /
          "bitacora")
      .string();
}

using testing::CliRun;

// Runs the CLI with `args` on the store and keys in `dir`, capturing stdout (stderr discarded).
CliRun Bitacora(const testing::TempDir& dir, const std::string& args) {
  return testing::RunShell(Cli() + " --data " + dir.Sub("data") + " --keys " + dir.Sub("keys") + " " + args +
                           " 2>/dev/null");
}

class CliAudit : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(Cli())) << Cli();
    for (int i = 0; i < 4; ++i) {
      ASSERT_EQ(Bitacora(dir_, "--actor sup --role supervisor append --stream case-1 --text nota" + std::to_string(i)).code, 0);
    }
    ASSERT_EQ(Bitacora(dir_, "keys init --origin cosett.bo/bitacora").code, 0);
  }
  testing::TempDir dir_;
};

TEST_F(CliAudit, KeysInitWritesAPrivateKeyOnlyTheOwnerCanRead) {
  struct stat st;
  ASSERT_EQ(stat(dir_.Sub("keys/ledger.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  CliRun again = Bitacora(dir_, "keys init --origin cosett.bo/bitacora");
  EXPECT_EQ(again.code, 2);
  EXPECT_NE(Bitacora(dir_, "keys show").out.find("cosett.bo/bitacora+"), std::string::npos);
}

TEST_F(CliAudit, SignVerifyExportAndVerifyTheBundle) {
  CliRun sign = Bitacora(dir_, "checkpoint sign");
  ASSERT_EQ(sign.code, 0);
  EXPECT_EQ(sign.out.rfind("cosett.bo/bitacora\n4\n", 0), 0u) << sign.out;
  CliRun verify = Bitacora(dir_, "verify");
  EXPECT_EQ(verify.code, 0);
  EXPECT_NE(verify.out.find("chain ok: 4 events"), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("checkpoints ok: 1"), std::string::npos) << verify.out;
  EXPECT_EQ(Bitacora(dir_, "audit prove 2").code, 0);
  ASSERT_EQ(Bitacora(dir_, "--actor sup --role supervisor append --stream case-2 --text later").code, 0);
  ASSERT_EQ(Bitacora(dir_, "checkpoint sign").code, 0);
  CliRun consistency = Bitacora(dir_, "audit consistency 4 5");
  EXPECT_EQ(consistency.code, 0);
  EXPECT_NE(consistency.out.find("verified"), std::string::npos);
  ASSERT_EQ(Bitacora(dir_, "audit export --out " + dir_.Sub("bundle")).code, 0);
  CliRun vb = Bitacora(dir_, "audit verify-bundle " + dir_.Sub("bundle") + " --vkey " +
                              dir_.Sub("keys/ledger.vkey"));
  EXPECT_EQ(vb.code, 0) << vb.out;
  EXPECT_NE(vb.out.find("bundle ok: events 1..5 (5)"), std::string::npos) << vb.out;
}

TEST_F(CliAudit, VerifyFailsAndNamesThePositionOfATamperedEvent) {
  std::filesystem::remove_all(dir_.Sub("keys"));  // chain and tree only
  {
    auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("data")});
    ASSERT_TRUE(s);
  }
  // Overwrite event 3 with event 2's bytes behind the store's back.
  testing::EditRaw(dir_.Sub("data"), "events",
                   [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events, auto*) {
                     std::string v;
                     ASSERT_TRUE(db->Get({}, events, store_keys::PositionKey(2), &v).ok());
                     ASSERT_TRUE(db->Put({}, events, store_keys::PositionKey(3), v).ok());
                   });
  CliRun verify = Bitacora(dir_, "verify");
  EXPECT_EQ(verify.code, 1);
  EXPECT_NE(verify.out.find("BROKEN at position 3"), std::string::npos) << verify.out;
}

// `out` (one line of JSON) decoded as a T of events/audit.capnp, as a program would read it.
template <typename T>
void Decode(const CliRun& run, capnp::MallocMessageBuilder& message) {
  ASSERT_EQ(run.out.find('\n'), run.out.size() - 1) << "one line: " << run.out;
  auto root = message.initRoot<T>();
  Status decoded = app::DecodeAnswer(run.out, capnp::toDynamic(root));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString() << "\n" << run.out;
}

TEST_F(CliAudit, EveryVerbAnswersInJsonForAProgramAndProofsPrintInTheCheckpointsBase64) {
  capnp::MallocMessageBuilder key_msg, sign_msg, verify_msg, prove_msg, cons_msg, export_msg, vb_msg;
  ASSERT_NO_FATAL_FAILURE(Decode<schema::VerifierKeyAnswer>(Bitacora(dir_, "--json keys show"), key_msg));
  auto key = key_msg.getRoot<schema::VerifierKeyAnswer>();
  EXPECT_TRUE(key.getVerifierKey().asString().startsWith("cosett.bo/bitacora+"));

  ASSERT_NO_FATAL_FAILURE(Decode<schema::CheckpointAnswer>(Bitacora(dir_, "--json checkpoint sign"), sign_msg));
  auto sign = sign_msg.getRoot<schema::CheckpointAnswer>();
  EXPECT_EQ(sign.getSize(), 4u);
  EXPECT_TRUE(sign.getFresh());
  EXPECT_EQ(sign.getTime().size(), 20u);  // YYYY-MM-DDTHH:MM:SSZ
  // The root as the note prints it: base64 on its third line.
  EXPECT_NE(std::string(sign.getNote().cStr()).find("\n" + std::string(sign.getRoot().cStr()) + "\n"),
            std::string::npos);

  ASSERT_NO_FATAL_FAILURE(Decode<schema::LedgerVerifyAnswer>(Bitacora(dir_, "--json verify"), verify_msg));
  auto verify = verify_msg.getRoot<schema::LedgerVerifyAnswer>();
  EXPECT_TRUE(verify.getOk());
  EXPECT_EQ(verify.getChecked(), 4u);
  EXPECT_TRUE(verify.getCheckpointsChecked());
  EXPECT_EQ(verify.getCheckpointsVerified(), 1u);

  CliRun prove_run = Bitacora(dir_, "--json audit prove 2 --encoding base64");
  EXPECT_EQ(prove_run.code, 0);
  ASSERT_NO_FATAL_FAILURE(Decode<schema::InclusionAnswer>(prove_run, prove_msg));
  auto prove = prove_msg.getRoot<schema::InclusionAnswer>();
  EXPECT_TRUE(prove.getVerified());
  EXPECT_EQ(prove.getTreeSize(), 4u);
  EXPECT_EQ(prove.getEncoding(), "base64");
  EXPECT_EQ(prove.getRoot(), sign.getRoot());  // the same text as the checkpoint's root line
  ASSERT_EQ(prove.getProof().size(), 2u);      // leaf 2 of 4: its sibling and the other pair
  for (auto h : prove.getProof()) EXPECT_EQ(Base64Decode(h.cStr()).value_or("").size(), 32u) << h.cStr();
  // And for people, the same hashes in base64 one per line.
  CliRun human = Bitacora(dir_, "audit prove 2 --encoding base64");
  EXPECT_NE(human.out.find("root " + std::string(sign.getRoot().cStr())), std::string::npos) << human.out;
  EXPECT_NE(human.out.find("  " + std::string(prove.getProof()[0].cStr())), std::string::npos) << human.out;
  EXPECT_EQ(Bitacora(dir_, "audit prove 2 --encoding base32").code, 2);  // bad input: hex or base64

  ASSERT_EQ(Bitacora(dir_, "--actor sup --role supervisor append --stream case-2 --text later").code, 0);
  ASSERT_EQ(Bitacora(dir_, "checkpoint sign").code, 0);
  ASSERT_NO_FATAL_FAILURE(Decode<schema::ConsistencyAnswer>(Bitacora(dir_, "--json audit consistency 4 5"), cons_msg));
  auto cons = cons_msg.getRoot<schema::ConsistencyAnswer>();
  EXPECT_TRUE(cons.getVerified());
  EXPECT_EQ(cons.getEncoding(), "hex");
  EXPECT_EQ(cons.getOldRoot().size(), 64u);

  ASSERT_NO_FATAL_FAILURE(Decode<schema::ExportAnswer>(
      Bitacora(dir_, "--json audit export --out " + dir_.Sub("bundle")), export_msg));
  EXPECT_EQ(export_msg.getRoot<schema::ExportAnswer>().getTo(), 5u);
  CliRun vb_run = Bitacora(dir_, "--json audit verify-bundle " + dir_.Sub("bundle") + " --vkey " +
                                     dir_.Sub("keys/ledger.vkey"));
  EXPECT_EQ(vb_run.code, 0);
  ASSERT_NO_FATAL_FAILURE(Decode<schema::BundleVerifyAnswer>(vb_run, vb_msg));
  auto vb = vb_msg.getRoot<schema::BundleVerifyAnswer>();
  EXPECT_TRUE(vb.getOk());
  EXPECT_TRUE(vb.getKeyPinned());
  EXPECT_EQ(vb.getEvents(), 5u);
  EXPECT_EQ(vb.getCheckpointSize(), 5u);
}

TEST_F(CliAudit, ABrokenBundleAnswersInJsonWithWhatIsWrongAndExitsOne) {
  ASSERT_EQ(Bitacora(dir_, "checkpoint sign").code, 0);
  ASSERT_EQ(Bitacora(dir_, "audit export --out " + dir_.Sub("bundle")).code, 0);
  const std::string events = dir_.Sub("bundle") + "/events.jsonl";
  std::ifstream in(events);
  std::stringstream text;
  text << in.rdbuf();
  std::string lines = text.str();
  lines.erase(lines.find('\n') + 1, lines.find('\n', lines.find('\n') + 1) - lines.find('\n'));
  std::ofstream(events, std::ios::trunc) << lines;  // the second event's line is gone
  CliRun vb_run = Bitacora(dir_, "--json audit verify-bundle " + dir_.Sub("bundle"));
  EXPECT_EQ(vb_run.code, 1);
  capnp::MallocMessageBuilder vb_msg;
  ASSERT_NO_FATAL_FAILURE(Decode<schema::BundleVerifyAnswer>(vb_run, vb_msg));
  auto vb = vb_msg.getRoot<schema::BundleVerifyAnswer>();
  EXPECT_FALSE(vb.getOk());
  EXPECT_FALSE(vb.getKeyPinned());
  EXPECT_NE(vb.getProblem().size(), 0u) << vb_run.out;
}

TEST_F(CliAudit, ExportWithoutACheckpointSaysToSignFirst) {
  CliRun r = Bitacora(dir_, "audit export --out " + dir_.Sub("b"));
  EXPECT_EQ(r.code, 2);
}

TEST_F(CliAudit, ProvingAPositionBeyondTheHeadIsBadInput) {
  EXPECT_EQ(Bitacora(dir_, "audit prove 99").code, 2);
}

}  // namespace
}  // namespace bitacora
