// The hash chain: verify recomputes it and names the first position that does not match.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

void Fill(const std::string& path, int n) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  ASSERT_TRUE(s);
  for (int i = 0; i < n; ++i) {
    std::string stream = "s", text = "event ";
    stream += std::to_string(i % 3);
    text += std::to_string(i);
    ASSERT_TRUE((*s)->Append(CommentOn(stream, text)));
  }
}

// Runs `edit` on the raw RocksDB "events" column family, behind the store's back.
void Tamper(const std::string& path,
            const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& edit) {
  testing::EditRaw(path, "events",
                   [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events, auto*) {
                     edit(db, events);
                   });
}

VerifyReport VerifyAt(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path});
  EXPECT_TRUE(s);
  auto r = (*s)->Verify(0, 0);
  EXPECT_TRUE(r) << r.error().ToString();
  return *r;
}

TEST(HashChain, AnUntouchedLogVerifies) {
  TempDir dir;
  Fill(dir.path(), 50);
  VerifyReport r = VerifyAt(dir.path());
  EXPECT_TRUE(r.ok) << r.problem;
  EXPECT_EQ(r.checked, 50u);
}

TEST(HashChain, TheFirstEventChainsFromZerosAndEachFromItsPredecessor) {
  TempDir dir;
  Fill(dir.path(), 3);
  auto s = EventStore::Open(StoreOptions{.path = dir.path()});
  auto log = (*s)->ReadLog(1, 3);
  ASSERT_EQ(log->size(), 3u);
  Hash32 zero{};
  EXPECT_EQ(0, std::memcmp((*log)[0].envelope().getPrevHash().begin(), zero.data(), 32));
  for (int i = 1; i < 3; ++i) {
    EXPECT_EQ(0, std::memcmp((*log)[i].envelope().getPrevHash().begin(),
                             (*log)[i - 1].envelope().getHash().begin(), 32));
  }
  // The hash is SHA-256 over the previous hash and the canonical bytes with the hash zeroed.
  std::string bytes((*log)[1].bytes());
  auto h = (*log)[1].envelope().getHash();
  size_t offset = static_cast<size_t>(h.begin() - reinterpret_cast<const uint8_t*>(
                                                      (*log)[1].bytes().data()));
  std::memset(bytes.data() + offset, 0, 32);
  Hash32 prev;
  std::memcpy(prev.data(), (*log)[0].envelope().getHash().begin(), 32);
  Hash32 expected = Sha256({AsView(prev), bytes});
  EXPECT_EQ(0, std::memcmp(h.begin(), expected.data(), 32));
}

TEST(HashChain, AFlippedByteIsReportedAtItsPosition) {
  TempDir dir;
  Fill(dir.path(), 20);
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events) {
    std::string v;
    ASSERT_TRUE(db->Get({}, events, store_keys::PositionKey(13), &v).ok());
    v[v.size() / 2] ^= 0x01;
    ASSERT_TRUE(db->Put({}, events, store_keys::PositionKey(13), v).ok());
  });
  VerifyReport r = VerifyAt(dir.path());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_position, 13u);
}

TEST(HashChain, ADeletedEventIsReportedAtItsPosition) {
  TempDir dir;
  Fill(dir.path(), 20);
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events) {
    ASSERT_TRUE(db->Delete({}, events, store_keys::PositionKey(7)).ok());
  });
  VerifyReport r = VerifyAt(dir.path());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_position, 7u);
  EXPECT_NE(r.problem.find("missing"), std::string::npos);
}

TEST(HashChain, TwoSwappedEventsAreReported) {
  TempDir dir;
  Fill(dir.path(), 20);
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events) {
    std::string a, b;
    ASSERT_TRUE(db->Get({}, events, store_keys::PositionKey(4), &a).ok());
    ASSERT_TRUE(db->Get({}, events, store_keys::PositionKey(5), &b).ok());
    ASSERT_TRUE(db->Put({}, events, store_keys::PositionKey(4), b).ok());
    ASSERT_TRUE(db->Put({}, events, store_keys::PositionKey(5), a).ok());
  });
  VerifyReport r = VerifyAt(dir.path());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_position, 4u);
}

TEST(HashChain, ALogCutShortIsReported) {
  TempDir dir;
  Fill(dir.path(), 20);
  Tamper(dir.path(), [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* events) {
    ASSERT_TRUE(db->Delete({}, events, store_keys::PositionKey(20)).ok());
  });
  VerifyReport r = VerifyAt(dir.path());
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.first_bad_position, 20u);
}

TEST(HashChain, VerifyingARangeChainsFromTheEventBeforeIt) {
  TempDir dir;
  Fill(dir.path(), 30);
  auto s = EventStore::Open(StoreOptions{.path = dir.path()});
  auto r = (*s)->Verify(10, 20);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->ok) << r->problem;
  EXPECT_EQ(r->checked, 11u);
}

}  // namespace
}  // namespace bitacora
