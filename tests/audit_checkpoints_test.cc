// Checkpoints the ledger signs over its log: signing, refusing to sign a diverged tree, auditing.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "core/audit/ledger_checkpoints.h"
#include "core/audit/note.h"
#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

constexpr std::string_view kOrigin = "cosett.bo/bitacora";
const std::chrono::sys_seconds kNoon{std::chrono::seconds(1795000000)};

SigningKey Key() {
  std::array<uint8_t, 32> seed{};
  seed[0] = 7;
  return *SigningKey::FromSeed(seed);
}

std::string Vkey() { return *FormatVerifierKey(kOrigin, Key().public_key()); }

std::unique_ptr<EventStore> Open(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s) << s.error().ToString();
  return std::move(*s);
}

void AppendN(EventStore& store, int n) {
  for (int i = 0; i < n; ++i) ASSERT_TRUE(store.Append(CommentOn("s", std::to_string(i))));
}

TEST(LedgerCheckpoints, SignsTheHeadAndEachNewOneExtendsTheLast) {
  TempDir dir;
  auto store = Open(dir.path());
  AppendN(*store, 5);
  auto first = SignHeadCheckpoint(*store, Key(), kOrigin, kNoon);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(first->fresh);
  EXPECT_EQ(first->checkpoint.size, 5u);
  EXPECT_EQ(first->checkpoint.root, *store->MerkleRoot(5));
  AppendN(*store, 6);
  auto second = SignHeadCheckpoint(*store, Key(), kOrigin, kNoon + std::chrono::hours(24));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->checkpoint.size, 11u);
  auto latest = LatestCheckpoint(*store, Vkey());
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->note, second->note);
  auto audit = AuditCheckpoints(*store, Vkey());
  ASSERT_TRUE(audit);
  EXPECT_TRUE(audit->ok) << audit->problem;
  EXPECT_EQ(audit->checked, 2u);
}

TEST(LedgerCheckpoints, NothingNewToSignReturnsTheLatest) {
  TempDir dir;
  auto store = Open(dir.path());
  AppendN(*store, 3);
  ASSERT_TRUE(SignHeadCheckpoint(*store, Key(), kOrigin, kNoon));
  auto again = SignHeadCheckpoint(*store, Key(), kOrigin, kNoon + std::chrono::hours(1));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->fresh);
  EXPECT_EQ(store->Checkpoints()->size(), 1u);
}

TEST(LedgerCheckpoints, NoCheckpointYetIsNotFound) {
  TempDir dir;
  auto store = Open(dir.path());
  EXPECT_EQ(LatestCheckpoint(*store, Vkey()).error().kind, ErrorKind::kNotFound);
}

TEST(LedgerCheckpoints, RefusesToSignATreeThatDoesNotExtendTheLastCheckpoint) {
  TempDir dir;
  {
    auto store = Open(dir.path());
    AppendN(*store, 16);
    ASSERT_TRUE(SignHeadCheckpoint(*store, Key(), kOrigin, kNoon));
    AppendN(*store, 4);
  }
  // The subtree over the first 16 events is rewritten: the tree at 20 no longer extends 16.
  testing::EditRaw(dir.path(), "merkle", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    ASSERT_TRUE(db->Put({}, cf, store_keys::MerkleKey(4, 0), std::string(32, 'z')).ok());
  });
  auto store = Open(dir.path());
  auto signed_cp = SignHeadCheckpoint(*store, Key(), kOrigin, kNoon + std::chrono::hours(1));
  ASSERT_FALSE(signed_cp);
  EXPECT_EQ(signed_cp.error().code, "checkpoint_inconsistent");
  EXPECT_EQ(store->Checkpoints()->size(), 1u);
}

TEST(LedgerCheckpoints, AuditNamesACheckpointWithAForgedSignature) {
  TempDir dir;
  {
    auto store = Open(dir.path());
    AppendN(*store, 4);
    ASSERT_TRUE(SignHeadCheckpoint(*store, Key(), kOrigin, kNoon));
  }
  testing::EditRaw(dir.path(), "checkpoints", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, auto*) {
    std::string note;
    ASSERT_TRUE(db->Get({}, cf, store_keys::PositionKey(4), &note).ok());
    // Flip a character inside the base64 signature on the last line.
    note[note.size() - 10] = note[note.size() - 10] == 'A' ? 'B' : 'A';
    ASSERT_TRUE(db->Put({}, cf, store_keys::PositionKey(4), note).ok());
  });
  auto store = Open(dir.path());
  auto audit = AuditCheckpoints(*store, Vkey());
  ASSERT_TRUE(audit);
  EXPECT_FALSE(audit->ok);
  EXPECT_EQ(audit->bad_size, 4u);
}

TEST(LedgerCheckpoints, AuditNamesACheckpointSignedWithAnotherKey) {
  TempDir dir;
  auto store = Open(dir.path());
  AppendN(*store, 4);
  auto other = SigningKey::Generate();
  ASSERT_TRUE(other);
  ASSERT_TRUE(SignHeadCheckpoint(*store, *other, kOrigin, kNoon));
  auto audit = AuditCheckpoints(*store, Vkey());
  ASSERT_TRUE(audit);
  EXPECT_FALSE(audit->ok);
  EXPECT_EQ(audit->bad_size, 4u);
}

TEST(LedgerCheckpoints, AuditReportsALogRolledBackBehindACheckpoint) {
  TempDir dir;
  Hash32 hash_at_5;
  {
    auto store = Open(dir.path());
    AppendN(*store, 5);
    hash_at_5 = store->GetHead().hash;
    AppendN(*store, 5);
    ASSERT_TRUE(SignHeadCheckpoint(*store, Key(), kOrigin, kNoon));
  }
  // Roll the log back to 5 events, head record included, as a restored old copy would be.
  testing::EditRaw(dir.path(), "events", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events,
                                   rocksdb::ColumnFamilyHandle* meta) {
    for (uint64_t p = 6; p <= 10; ++p) ASSERT_TRUE(db->Delete({}, events, store_keys::PositionKey(p)).ok());
    std::string head = store_keys::PositionKey(5);
    head.append(AsView(hash_at_5));
    ASSERT_TRUE(db->Put({}, meta, store_keys::kHeadKey, head).ok());
  });
  auto store = Open(dir.path());
  EXPECT_TRUE((*store->Verify(0, 0)).ok);  // the chain alone cannot tell
  auto audit = AuditCheckpoints(*store, Vkey());
  ASSERT_TRUE(audit);
  EXPECT_FALSE(audit->ok);
  EXPECT_EQ(audit->bad_size, 10u);
  EXPECT_NE(audit->problem.find("rolled back"), std::string::npos);
}

}  // namespace
}  // namespace bitacora
