// A witness (issue #19; C2SP tlog-witness and tlog-cosignature): it cosigns a ledger's checkpoint
// only when shown that it extends the one it cosigned before, answers every wrong request with the
// protocol's status, keeps what it cosigned across restarts, and refuses a fork — a copy of the
// ledger that signs another history — keeping both signed heads as evidence.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/audit/base64.h"
#include "core/audit/checkpoint.h"
#include "core/audit/cosignature.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/witness.h"
#include "tests/bundle_test_util.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr std::string_view kWitnessName = "consejo.cosett.bo/testigo";
const std::chrono::sys_seconds kT0{std::chrono::seconds(1795000000)};

SigningKey WitnessKey() { return testing::BundleKey(99); }
CosignerKey WitnessVkey() { return *ParseCosignerKey(*FormatCosignerKey(kWitnessName, WitnessKey().public_key())); }

// A ledger whose event ids and clock are fixed, so two of them fed the same commands hold the
// same log: a stand-in for a restored copy of the store.
std::unique_ptr<EventStore> OpenLedger(const std::string& path) {
  StoreOptions options{.path = path, .sync = false, .clock = [] { return int64_t{1795000000} * 1'000'000'000; }};
  options.event_ids = [n = std::make_shared<uint8_t>(0)]() mutable {
    std::array<uint8_t, 16> id{};
    id[0] = ++*n;
    return id;
  };
  auto store = EventStore::Open(options);
  EXPECT_TRUE(store) << store.error().ToString();
  return std::move(*store);
}

void Append(EventStore& store, const std::string& stream, int n) {
  for (int i = 0; i < n; ++i) ASSERT_TRUE(store.Append(CommentOn(stream, std::to_string(i))));
}

std::string Request(uint64_t old_size, const std::vector<Hash32>& proof, const std::string& note) {
  std::string out = "old " + std::to_string(old_size) + "\n";
  for (const Hash32& h : proof) out += Base64Encode(std::string_view(reinterpret_cast<const char*>(h.data()), 32)) + "\n";
  return out + "\n" + note;
}

class WitnessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ledger_ = OpenLedger(dir_.Sub("ledger"));
    OpenWitness();
  }
  void OpenWitness() {
    witness_.reset();
    WitnessOptions options{std::string(kWitnessName), dir_.Sub("witness"), {testing::BundleVkey()}, [] { return uint64_t{1796000000}; }};
    auto w = Witness::Open(options, WitnessKey());
    ASSERT_TRUE(w) << w.error().ToString();
    witness_ = std::move(*w);
  }
  std::string Sign(EventStore& store, int seconds = 0) {
    auto cp = SignHeadCheckpoint(store, testing::BundleKey(), testing::kBundleOrigin, kT0 + std::chrono::seconds(seconds));
    EXPECT_TRUE(cp) << cp.error().ToString();
    return cp ? cp->note : "";
  }
  std::vector<Hash32> Proof(EventStore& store, uint64_t from, uint64_t to) {
    auto p = store.ConsistencyProof(from, to);
    EXPECT_TRUE(p);
    return p.value_or(std::vector<Hash32>{});
  }

  TempDir dir_;
  std::unique_ptr<EventStore> ledger_;
  std::unique_ptr<Witness> witness_;
};

TEST_F(WitnessTest, TheWitnessCosignsTheFirstCheckpointAndEachThatExtendsIt) {
  Append(*ledger_, "case-1", 5);
  const std::string first = Sign(*ledger_);
  WitnessResponse r = witness_->AddCheckpoint(Request(0, {}, first));
  ASSERT_EQ(r.status, 200) << r.body;
  auto ts = VerifyCosignature(first + r.body, WitnessVkey());
  ASSERT_TRUE(ts) << ts.error().ToString();
  EXPECT_EQ(*ts, 1796000000u);
  Append(*ledger_, "case-1", 5);
  const std::string second = Sign(*ledger_, 60);
  r = witness_->AddCheckpoint(Request(5, Proof(*ledger_, 5, 10), second));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(VerifyCosignature(second + r.body, WitnessVkey()));
  // The cosigned note still verifies under the ledger's own key: the cosignature is one more line.
  EXPECT_TRUE(ParseAndVerifyCheckpoint(second + r.body, testing::BundleVkey()));
  // A cosignature does not verify on another checkpoint.
  EXPECT_FALSE(VerifyCosignature(first + r.body, WitnessVkey()));
}

TEST_F(WitnessTest, AStaleOldSizeIsAConflictNamingTheSizeTheWitnessHolds) {
  Append(*ledger_, "case-1", 5);
  ASSERT_EQ(witness_->AddCheckpoint(Request(0, {}, Sign(*ledger_))).status, 200);
  Append(*ledger_, "case-1", 3);
  WitnessResponse r = witness_->AddCheckpoint(Request(0, {}, Sign(*ledger_, 1)));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.content_type, "text/x.tlog.size");
  EXPECT_EQ(r.body, "5\n");
}

TEST_F(WitnessTest, WrongRequestsGetTheProtocolsStatuses) {
  Append(*ledger_, "case-1", 5);
  const std::string note = Sign(*ledger_);
  EXPECT_EQ(witness_->AddCheckpoint("old 0\n" + note).status, 400);                  // no blank line
  EXPECT_EQ(witness_->AddCheckpoint(Request(0, {}, note).replace(0, 5, "old 01")).status, 400);
  EXPECT_EQ(witness_->AddCheckpoint(Request(6, {}, note)).status, 400);              // old > size
  EXPECT_EQ(witness_->AddCheckpoint(Request(0, {Hash32{}}, note)).status, 422);      // proof from 0
  // Another log's checkpoint, and this log's checkpoint signed by another key.
  auto text = OpenNote(note, *ParseVerifierKey(testing::BundleVkey()));
  ASSERT_TRUE(text);
  auto other_cp = ParseCheckpointBody(*text);
  ASSERT_TRUE(other_cp);
  other_cp->origin = "otra.coop/bitacora";
  auto other = SignCheckpoint(*other_cp, testing::BundleKey());
  ASSERT_TRUE(other);
  EXPECT_EQ(witness_->AddCheckpoint(Request(0, {}, *other)).status, 404);
  auto forged = SignNote(*text, testing::kBundleOrigin, testing::BundleKey(7));
  ASSERT_TRUE(forged);
  EXPECT_EQ(witness_->AddCheckpoint(Request(0, {}, *forged)).status, 403);
  EXPECT_FALSE(witness_->Latest(testing::kBundleOrigin)->has_value());  // nothing was cosigned
}

TEST_F(WitnessTest, WhatTheWitnessCosignedSurvivesARestart) {
  Append(*ledger_, "case-1", 5);
  ASSERT_EQ(witness_->AddCheckpoint(Request(0, {}, Sign(*ledger_))).status, 200);
  OpenWitness();
  Append(*ledger_, "case-1", 1);
  EXPECT_EQ(witness_->AddCheckpoint(Request(0, {}, Sign(*ledger_, 1))).body, "5\n");
  EXPECT_EQ(witness_->AddCheckpoint(Request(5, Proof(*ledger_, 5, 6), Sign(*ledger_, 1))).status, 200);
}

TEST_F(WitnessTest, AForkedLedgerIsRefusedAndBothSignedHeadsAreKept) {
  // The ledger and its copy hold the same five events; then each records something else.
  auto copy = OpenLedger(dir_.Sub("copy"));
  Append(*ledger_, "case-1", 5);
  Append(*copy, "case-1", 5);
  ASSERT_EQ(Sign(*ledger_), Sign(*copy));  // the same tree, the same signed head
  ASSERT_EQ(witness_->AddCheckpoint(Request(0, {}, Sign(*ledger_))).status, 200);
  Append(*ledger_, "case-1", 3);
  Append(*copy, "case-2", 3);
  const std::string honest = Sign(*ledger_, 60);
  const std::string fork = Sign(*copy, 60);
  ASSERT_NE(honest, fork);
  ASSERT_EQ(witness_->AddCheckpoint(Request(5, Proof(*ledger_, 5, 8), honest)).status, 200);
  // The copy's checkpoint of the same size, with its own (valid) proof from 5: refused.
  WitnessResponse r = witness_->AddCheckpoint(Request(8, Proof(*copy, 8, 8), fork));
  EXPECT_EQ(r.status, 422) << r.body;
  r = witness_->AddCheckpoint(Request(5, Proof(*copy, 5, 8), fork));
  EXPECT_EQ(r.status, 409);
  auto evidence = witness_->Evidence();
  ASSERT_EQ(evidence.size(), 2u);
  std::ifstream in(evidence[0]);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find(fork), std::string::npos);    // the fork's signed head
  EXPECT_NE(text.str().find(honest), std::string::npos);  // the head it contradicts
  EXPECT_EQ(**witness_->Latest(testing::kBundleOrigin), honest);
}

}  // namespace
}  // namespace bitacora
