// The audit bundle: exported by the ledger, verified from its files alone; each tampering found.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/audit/bundle.h"
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

// A ledger of 30 events with checkpoints at 10 and 30, exported whole into dir/bundle.
class AuditBundle : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("store"), .sync = false});
    ASSERT_TRUE(s);
    store_ = std::move(*s);
    for (int i = 0; i < 10; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-1", std::to_string(i))));
    auto first = SignHeadCheckpoint(*store_, Key(), kOrigin, kDay1);
    ASSERT_TRUE(first);
    first_note_ = first->note;
    for (int i = 0; i < 20; ++i) ASSERT_TRUE(store_->Append(CommentOn("case-2", std::to_string(i))));
    ASSERT_TRUE(SignHeadCheckpoint(*store_, Key(), kOrigin, kDay1 + std::chrono::hours(24)));
    auto summary = ExportBundle(*store_, Vkey(), Key(), 0, 0, bundle(), nullptr);
    ASSERT_TRUE(summary) << summary.error().ToString();
    EXPECT_EQ(summary->to, 30u);
    EXPECT_EQ(summary->checkpoints, 1u);
  }
  std::string bundle() const { return dir_.Sub("bundle"); }
  BundleReport Verify(std::optional<std::string> trusted = std::nullopt) {
    auto r = VerifyBundle(bundle(), Vkey(), std::move(trusted), nullptr);
    EXPECT_TRUE(r) << r.error().ToString();
    return *r;
  }

  TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::string first_note_;
};

TEST_F(AuditBundle, AnUntouchedBundleVerifiesWithoutTheDatabase) {
  store_.reset();  // nothing but the folder from here on
  BundleReport r = Verify(first_note_);
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.events, 30u);
  EXPECT_EQ(r.checkpoints, 1u);
  EXPECT_EQ(r.checkpoint.size, 30u);
}

TEST_F(AuditBundle, APartialRangeVerifiesToo) {
  auto summary = ExportBundle(*store_, Vkey(), Key(), 12, 17, dir_.Sub("part"), nullptr);
  ASSERT_TRUE(summary);
  auto r = VerifyBundle(dir_.Sub("part"), Vkey(), std::nullopt, nullptr);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok) << r->problem;
  EXPECT_EQ(r->events, 6u);
}

TEST_F(AuditBundle, ExportNeedsACheckpointCoveringTheRange) {
  ASSERT_TRUE(store_->Append(CommentOn("case-3", "late")));
  auto r = ExportBundle(*store_, Vkey(), Key(), 1, 31, dir_.Sub("late"), nullptr);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "no_checkpoint_covers");
}

TEST_F(AuditBundle, AFlippedByteInAStoredEventIsFound) {
  auto lines = ReadLines(bundle() + "/events.jsonl");
  std::string& l = lines[6];
  size_t at = l.find("\"canonical\":\"") + 20;
  l[at] = l[at] == 'A' ? 'B' : 'A';
  WriteLines(bundle() + "/events.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 7u);
}

TEST_F(AuditBundle, ADeletedEventIsFound) {
  auto lines = ReadLines(bundle() + "/events.jsonl");
  lines.erase(lines.begin() + 4);
  WriteLines(bundle() + "/events.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 5u);
}

TEST_F(AuditBundle, TwoSwappedEventsAreFound) {
  auto lines = ReadLines(bundle() + "/events.jsonl");
  std::swap(lines[10], lines[11]);
  WriteLines(bundle() + "/events.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 11u);
}

TEST_F(AuditBundle, AReadableEventThatSaysSomethingElseIsFound) {
  auto lines = ReadLines(bundle() + "/events.jsonl");
  std::string& l = lines[2];
  size_t at = l.find("\"text\":\"2\"");
  ASSERT_NE(at, std::string::npos);
  l.replace(at, 10, "\"text\":\"9\"");
  WriteLines(bundle() + "/events.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 3u);
  EXPECT_NE(r.problem.find("readable"), std::string::npos);
}

TEST_F(AuditBundle, AnInclusionProofWithOneHashChangedIsFound) {
  auto lines = ReadLines(bundle() + "/events.jsonl");
  std::string& l = lines[20];
  size_t at = l.find("\"inclusionProof\":[\"") + 19;
  l[at] = l[at] == '0' ? '1' : '0';
  WriteLines(bundle() + "/events.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.bad_position, 21u);
  EXPECT_NE(r.problem.find("signed tree"), std::string::npos);
}

TEST_F(AuditBundle, ACheckpointWithAForgedSignatureIsFound) {
  auto note = ReadLines(bundle() + "/checkpoint.note");
  std::string& sig = note.back();
  sig[sig.size() - 5] = sig[sig.size() - 5] == 'A' ? 'B' : 'A';
  WriteLines(bundle() + "/checkpoint.note", note);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("checkpoint.note"), std::string::npos);
}

TEST_F(AuditBundle, ABundleSignedWithAnotherKeyIsRefusedWhenTheAuditorPinsTheKey) {
  auto other = SigningKey::Generate();
  WriteLines(bundle() + "/ledger.vkey", {*FormatVerifierKey(kOrigin, other->public_key())});
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("key"), std::string::npos);
}

TEST_F(AuditBundle, ALogRolledBackBehindWhatTheAuditorSawIsFound) {
  ASSERT_TRUE(store_->Append(CommentOn("case-3", "later")));
  auto later = SignHeadCheckpoint(*store_, Key(), kOrigin, kDay1 + std::chrono::hours(48));
  ASSERT_TRUE(later);
  // The auditor saw size 31 last month; this bundle (size 30) is older.
  BundleReport r = Verify(later->note);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("rolled back"), std::string::npos);
}

TEST_F(AuditBundle, AForkAgainstWhatTheAuditorSawIsFound) {
  // Another ledger with the same key and origin but different events, signed at size 10.
  auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("fork"), .sync = false});
  ASSERT_TRUE(s);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*s)->Append(CommentOn("other", std::to_string(i))));
  auto forked = SignHeadCheckpoint(**s, Key(), kOrigin, kDay1);
  ASSERT_TRUE(forked);
  BundleReport r = Verify(forked->note);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("fork"), std::string::npos);
}

TEST_F(AuditBundle, AConsistencyProofBetweenUnrelatedTreesIsFound) {
  // Replace the earlier checkpoint by one from an unrelated log, keeping the proof.
  auto s = EventStore::Open(StoreOptions{.path = dir_.Sub("unrelated"), .sync = false});
  for (int i = 0; i < 10; ++i) ASSERT_TRUE((*s)->Append(CommentOn("x", std::to_string(i))));
  auto unrelated = SignHeadCheckpoint(**s, Key(), kOrigin, kDay1);
  ASSERT_TRUE(unrelated);
  auto lines = ReadLines(bundle() + "/checkpoints.jsonl");
  ASSERT_EQ(lines.size(), 1u);
  std::string escaped;
  for (char c : unrelated->note) {
    if (c == '\n') escaped += "\\n";
    else escaped += c;
  }
  size_t a = lines[0].find("\"note\":\"") + 8;
  size_t b = lines[0].find("\",\"consistencyProof\"");
  lines[0].replace(a, b - a, escaped);
  WriteLines(bundle() + "/checkpoints.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("not extended"), std::string::npos);
}

TEST_F(AuditBundle, MalformedJsonIsReportedWithItsLine) {
  auto lines = ReadLines(bundle() + "/events.jsonl");
  lines[3] = "{\"position\": \"four\"";
  WriteLines(bundle() + "/events.jsonl", lines);
  BundleReport r = Verify();
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.problem.find("line 4"), std::string::npos);
}

}  // namespace
}  // namespace bitacora
