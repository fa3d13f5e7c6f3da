// An audit bundle cannot be cut short (issue #19): its signed manifest states the range, the
// checkpoint and the earlier checkpoints, and the verifier refuses a folder that holds less or
// more, naming what is missing. A partial range carries the event before it, so the first event's
// link to the log before the range is checked too.
#include <gtest/gtest.h>

#include <fstream>

#include "core/audit/bundle.h"
#include "core/audit/bundle_manifest.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/note.h"
#include "tests/bundle_test_util.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr std::string_view kOrigin = testing::kBundleOrigin;
const std::chrono::sys_seconds kDay1{std::chrono::seconds(1795000000)};

SigningKey Key(uint8_t seed_byte = 42) { return testing::BundleKey(seed_byte); }
std::string Vkey() { return testing::BundleVkey(); }
using testing::ReadLines;
using testing::WriteLines;

// 30 events, checkpoints at 10 and 30; the whole log exported to dir/all, events 12..17 to
// dir/part.
class BundleCut : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("store"), .sync = false});
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-1", std::to_string(i))));
    ASSERT_TRUE(SignHeadCheckpoint(*store_, Key(), kOrigin, kDay1));
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-2", std::to_string(i))));
    ASSERT_TRUE(SignHeadCheckpoint(*store_, Key(), kOrigin, kDay1 + std::chrono::hours(24)));
    ASSERT_TRUE(ExportBundle(*store_, Vkey(), Key(), 0, 0, all(), nullptr));
    ASSERT_TRUE(ExportBundle(*store_, Vkey(), Key(), 12, 17, part(), nullptr));
  }
  std::string all() const { return dir_.Sub("all"); }
  std::string part() const { return dir_.Sub("part"); }
  BundleReport Verify(const std::string& dir) {
    auto r = VerifyBundle(dir, Vkey(), std::nullopt, nullptr);
    EXPECT_TRUE(r) << r.error().ToString();
    return r.value_or(BundleReport{});
  }
  void DropLine(const std::string& file, size_t index) {
    auto lines = ReadLines(file);
    ASSERT_LT(index, lines.size());
    lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(index));
    WriteLines(file, lines);
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
};

TEST_F(BundleCut, TheVerifierReportsTheRangeTheManifestSigned) {
  BundleReport whole = Verify(all());
  ASSERT_TRUE(whole.ok) << whole.problem;
  EXPECT_EQ(whole.first, 1u);
  EXPECT_EQ(whole.last, 30u);
  EXPECT_EQ(whole.events, 30u);
  BundleReport partial = Verify(part());
  ASSERT_TRUE(partial.ok) << partial.problem;
  EXPECT_EQ(partial.first, 12u);
  EXPECT_EQ(partial.last, 17u);
  EXPECT_EQ(partial.events, 6u);  // 11, the event before, is checked but not counted
  EXPECT_EQ(ReadLines(part() + "/events.jsonl").size(), 7u);
  EXPECT_NE(ReadLines(part() + "/events.jsonl")[0].find("\"position\":\"11\""), std::string::npos);
}

TEST_F(BundleCut, ABundleWithItsFirstEventLineRemovedIsRefused) {
  DropLine(all() + "/events.jsonl", 0);
  BundleReport r = Verify(all());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 1u);
  EXPECT_NE(r.problem.find("missing at the start"), std::string::npos) << r.problem;
}

TEST_F(BundleCut, ABundleWithItsLastEventLineRemovedIsRefused) {
  DropLine(all() + "/events.jsonl", 29);
  BundleReport r = Verify(all());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 30u);
  EXPECT_NE(r.problem.find("events 30..30 of the manifest's range are missing at the end"), std::string::npos)
      << r.problem;
}

TEST_F(BundleCut, APartialBundleWithoutTheEventBeforeItsRangeIsRefused) {
  DropLine(part() + "/events.jsonl", 0);
  BundleReport r = Verify(part());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("the event before the range"), std::string::npos) << r.problem;
}

TEST_F(BundleCut, ABundleWithAnEarlierCheckpointRemovedIsRefusedNamingIt) {
  DropLine(all() + "/checkpoints.jsonl", 0);
  BundleReport r = Verify(all());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("the earlier checkpoint of size 10 that the manifest names is missing"),
            std::string::npos)
      << r.problem;
}

TEST_F(BundleCut, ABundleWithoutItsManifestIsRefused) {
  std::filesystem::remove(all() + "/manifest.note");
  BundleReport r = Verify(all());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("no manifest.note"), std::string::npos) << r.problem;
}

TEST_F(BundleCut, AManifestRewrittenToClaimLessIsRefusedForItsSignature) {
  // The operator trims the range to 1..29 and edits the manifest to match, without the key.
  DropLine(all() + "/events.jsonl", 29);
  auto lines = ReadLines(all() + "/manifest.note");
  ASSERT_EQ(lines[2], "events 1 30");
  lines[2] = "events 1 29";
  WriteLines(all() + "/manifest.note", lines);
  BundleReport r = Verify(all());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("manifest.note"), std::string::npos) << r.problem;
}

TEST_F(BundleCut, AManifestSignedByAnotherKeyIsRefused) {
  BundleManifest m{std::string(kOrigin), 1, 29, 30, {10}};
  std::ofstream(all() + "/manifest.note", std::ios::trunc) << SignManifest(m, Key(7)).value();
  DropLine(all() + "/events.jsonl", 29);
  BundleReport r = Verify(all());
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("manifest.note"), std::string::npos) << r.problem;
}

TEST_F(BundleCut, ExportRefusesAKeyThatIsNotTheLedgers) {
  auto r = ExportBundle(*store_, Vkey(), Key(7), 0, 0, dir_.Sub("other"), nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "note_not_signed_by_key");
}

TEST(BundleManifest, SignedManifestRoundTripsAndMalformedOnesAreRefused) {
  const BundleManifest m{std::string(kOrigin), 12, 17, 30, {10, 20}};
  const std::string note = SignManifest(m, Key()).value();
  EXPECT_EQ(note.substr(0, note.find("\n\n") + 1),
            "bitacora audit bundle v1\norigin cosett.bo/bitacora\nevents 12 17\ncheckpoint 30\nearlier 10 20\n");
  EXPECT_EQ(OpenManifest(note, Vkey()).value(), m);
  for (const BundleManifest& bad : {
           BundleManifest{std::string(kOrigin), 0, 17, 30, {}},    // first 0
           BundleManifest{std::string(kOrigin), 18, 17, 30, {}},   // first > last
           BundleManifest{std::string(kOrigin), 12, 31, 30, {}},   // past the checkpoint
           BundleManifest{std::string(kOrigin), 12, 17, 30, {20, 10}},  // not ascending
           BundleManifest{std::string(kOrigin), 12, 17, 30, {30}},      // not earlier
       }) {
    auto opened = OpenManifest(SignManifest(bad, Key()).value(), Vkey());
    ASSERT_FALSE(opened);
    EXPECT_EQ(opened.error().code, "malformed_manifest");
  }
}

}  // namespace
}  // namespace bitacora
