// The event store: expected versions, atomicity, idempotency, counters, reads.
#include <gtest/gtest.h>

#include <cstring>

#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

using testing::CommentOn;
using testing::TempDir;

std::unique_ptr<EventStore> OpenAt(const std::string& path) {
  auto s = EventStore::Open(StoreOptions{.path = path, .sync = false});
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return std::move(*s);
}

std::string TextOf(const StoredEvent& e) {
  return e.envelope().getPayload().getCommentRecorded().getText().cStr();
}

TEST(ExpectedVersion, NoStreamAcceptsANewStreamOnly) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  auto first = store->Append(CommentOn("case-1", "a", ExpectedVersion::NoStream()));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->first_position, 1u);
  auto again = store->Append(CommentOn("case-1", "b", ExpectedVersion::NoStream()));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(again.error().code, "wrong_expected_version");
  EXPECT_NE(again.error().message.find("is at version 1"), std::string::npos);
  EXPECT_EQ(store->GetHead().position, 1u);
}

TEST(ExpectedVersion, ExactlyMustMatchTheCurrentVersion) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  ASSERT_TRUE(store->Append(CommentOn("s", "1", ExpectedVersion::Exactly(0))));
  ASSERT_TRUE(store->Append(CommentOn("s", "2", ExpectedVersion::Exactly(1))));
  auto stale = store->Append(CommentOn("s", "3", ExpectedVersion::Exactly(1)));
  ASSERT_FALSE(stale);
  EXPECT_NE(stale.error().message.find("is at version 2, expected 1"), std::string::npos);
  auto ahead = store->Append(CommentOn("s", "3", ExpectedVersion::Exactly(5)));
  ASSERT_FALSE(ahead);
  EXPECT_EQ(ahead.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(*store->StreamVersion("s"), 2u);
}

TEST(ExpectedVersion, AnyAcceptsEveryVersion) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(store->Append(CommentOn("s", "x")));
  EXPECT_EQ(*store->StreamVersion("s"), 3u);
  EXPECT_EQ(*store->StreamVersion("other"), 0u);
}

TEST(Append, RejectsAnEmptyRequestAndABadStreamId) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  AppendRequest empty;
  auto r = store->Append(std::move(empty));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ErrorKind::kInvalidArgument);
  auto bad = store->Append(CommentOn(std::string("a\0b", 3), "x"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "bad_stream_id");
  auto garbage = CommentOn("s", "x");
  garbage.events[0].payload = kj::heapArray<capnp::word>(3);  // segment table claims nothing sane
  auto raw = garbage.events[0].payload.asBytes();
  std::memset(raw.begin(), 0xff, raw.size());
  auto g = store->Append(std::move(garbage));
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().kind, ErrorKind::kInvalidArgument);
  EXPECT_EQ(store->GetHead().position, 0u);
}

TEST(Append, MultiStreamAppendIsAllOrNothing) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  ASSERT_TRUE(store->Append(CommentOn("order-1", "issued")));
  AppendRequest r;
  r.actor = {"ana", schema::Role::PLATFORM};
  r.expectations = {{"case-1", ExpectedVersion::NoStream()},
                    {"order-1", ExpectedVersion::Exactly(7)}};  // wrong: it is at 1
  r.events.push_back({"case-1", testing::Comment("opened"), 0});
  r.events.push_back({"order-1", testing::Comment("attached"), 0});
  auto res = store->Append(std::move(r));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().kind, ErrorKind::kConflict);
  EXPECT_EQ(*store->StreamVersion("case-1"), 0u);
  EXPECT_EQ(*store->StreamVersion("order-1"), 1u);
  EXPECT_EQ(store->GetHead().position, 1u);
  EXPECT_TRUE(store->ReadStream("case-1", 1, Direction::kForward, 10)->empty());
}

TEST(Append, MultiStreamAppendWritesEveryStreamAtOnce) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  AppendRequest r;
  r.command_id = "cmd-1";
  r.case_id = "case-1";
  r.actor = {"ana", schema::Role::PLATFORM};
  r.expectations = {{"case-1", ExpectedVersion::NoStream()},
                    {"order-1", ExpectedVersion::NoStream()}};
  r.events.push_back({"case-1", testing::Comment("opened"), 0});
  r.events.push_back({"order-1", testing::Comment("issued"), 1234});
  r.events.push_back({"case-1", testing::Comment("order attached"), 0});
  auto res = store->Append(std::move(r));
  ASSERT_TRUE(res) << res.error().ToString();
  EXPECT_EQ(res->first_position, 1u);
  EXPECT_EQ(res->last_position, 3u);
  auto c = store->ReadStream("case-1", 1, Direction::kForward, 10);
  ASSERT_EQ(c->size(), 2u);
  EXPECT_EQ((*c)[1].envelope().getVersion(), 2u);
  EXPECT_EQ((*c)[1].envelope().getPosition(), 3u);
  EXPECT_EQ(std::string((*c)[0].envelope().getCaseId().cStr()), "case-1");
  auto o = store->ReadStream("order-1", 1, Direction::kForward, 10);
  ASSERT_EQ(o->size(), 1u);
  EXPECT_EQ((*o)[0].envelope().getOccurredAtNs(), 1234);
  EXPECT_EQ(std::string((*o)[0].envelope().getActor().getId().cStr()), "ana");
}

TEST(Idempotency, TheSameCommandIdTakesEffectOnceAlsoAfterReopen) {
  TempDir dir;
  AppendResult first;
  {
    auto store = OpenAt(dir.path());
    auto r = store->Append(CommentOn("s", "once", ExpectedVersion::Any(), "cmd-42"));
    ASSERT_TRUE(r);
    first = *r;
    auto again = store->Append(CommentOn("s", "once", ExpectedVersion::Any(), "cmd-42"));
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(again->first_position, first.first_position);
    EXPECT_EQ(store->GetHead().position, 1u);
  }
  auto store = OpenAt(dir.path());
  // Even with an expectation that would now fail, the first result comes back.
  auto after = store->Append(CommentOn("s", "once", ExpectedVersion::NoStream(), "cmd-42"));
  ASSERT_TRUE(after) << after.error().ToString();
  EXPECT_TRUE(after->duplicate);
  EXPECT_EQ(after->first_position, first.first_position);
  EXPECT_EQ(after->last_position, first.last_position);
  EXPECT_EQ(store->GetHead().position, 1u);
  EXPECT_TRUE(store->LookupCommand("cmd-42").has_value());
  EXPECT_EQ(store->LookupCommand("cmd-43").error().kind, ErrorKind::kNotFound);
}

TEST(Counters, ClaimsAreGapFreeAndCheckedInTheSameAppend) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  for (uint64_t n = 0; n < 3; ++n) {
    auto r = CommentOn("order-ORT-2026-" + std::to_string(n + 1), "issued");
    r.counters.push_back({"order-ORT-2026", n});
    ASSERT_TRUE(store->Append(std::move(r)));
  }
  EXPECT_EQ(*store->CounterValue("order-ORT-2026"), 3u);
  auto stale = CommentOn("order-ORT-2026-x", "issued");
  stale.counters.push_back({"order-ORT-2026", 1});
  auto res = store->Append(std::move(stale));
  ASSERT_FALSE(res);
  EXPECT_EQ(res.error().code, "wrong_counter_value");
  EXPECT_EQ(*store->CounterValue("order-ORT-2026"), 3u);
  EXPECT_EQ(*store->StreamVersion("order-ORT-2026-x"), 0u);
  EXPECT_EQ(*store->CounterValue("order-OIT-2026"), 0u);
}

TEST(Reads, StreamForwardsAndBackwardsAndTheGlobalLog) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(store->Append(CommentOn("a", "a" + std::to_string(i))));
    ASSERT_TRUE(store->Append(CommentOn("ab", "ab" + std::to_string(i))));  // shares a prefix
  }
  auto fwd = store->ReadStream("a", 2, Direction::kForward, 2);
  ASSERT_EQ(fwd->size(), 2u);
  EXPECT_EQ(TextOf((*fwd)[0]), "a2");
  EXPECT_EQ(TextOf((*fwd)[1]), "a3");
  auto back = store->ReadStream("a", UINT64_MAX, Direction::kBackward, 10);
  ASSERT_EQ(back->size(), 5u);
  EXPECT_EQ(TextOf((*back)[0]), "a5");
  EXPECT_EQ(TextOf((*back)[4]), "a1");
  auto log = store->ReadLog(4, 3);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].position(), 4u);
  EXPECT_EQ(TextOf((*log)[0]), "ab2");
  EXPECT_TRUE(store->ReadLog(11, 5)->empty());
  Head head = store->GetHead();
  EXPECT_EQ(head.position, 10u);
  auto last = store->ReadLog(10, 1);
  EXPECT_EQ(0, std::memcmp((*last)[0].envelope().getHash().begin(), head.hash.data(), 32));
}

TEST(Reads, StreamRangesAreClippedToTheStreamsVersions) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(store->Append(CommentOn("a", "a" + std::to_string(i))));
  auto back = store->ReadStream("a", 3, Direction::kBackward, 2);  // versions 3, 2
  ASSERT_EQ(back->size(), 2u);
  EXPECT_EQ(TextOf((*back)[0]), "a3");
  EXPECT_EQ(TextOf((*back)[1]), "a2");
  auto from_zero = store->ReadStream("a", 0, Direction::kForward, 10);  // version 0 does not exist
  ASSERT_EQ(from_zero->size(), 4u);
  EXPECT_EQ(TextOf((*from_zero)[0]), "a1");
  EXPECT_TRUE(store->ReadStream("a", 5, Direction::kForward, 10)->empty());  // past the head
  EXPECT_TRUE(store->ReadStream("a", 1, Direction::kForward, 0)->empty());
  EXPECT_TRUE(store->ReadStream("a", 0, Direction::kBackward, 10)->empty());
  EXPECT_TRUE(store->ReadStream("nobody", 1, Direction::kForward, 10)->empty());
  EXPECT_TRUE(store->ReadStream("nobody", UINT64_MAX, Direction::kBackward, 10)->empty());
}

TEST(Reads, AStreamEntryDeletedBehindTheStoresBackIsReportedNotSkipped) {
  TempDir dir;
  {
    auto store = OpenAt(dir.path());
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE(store->Append(CommentOn("a", "a" + std::to_string(i))));
  }
  testing::EditRaw(dir.path(), "streams", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                                             rocksdb::ColumnFamilyHandle*) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), cf, store_keys::StreamKey("a", 2)).ok());
  });
  auto store = OpenAt(dir.path());
  auto read = store->ReadStream("a", 1, Direction::kForward, 10);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, "missing_stream_entry");
  EXPECT_EQ(read.error().kind, ErrorKind::kCorruption);
}

TEST(Reads, AFollowerWakesUpWhenAnEventIsAppended) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  EXPECT_EQ(store->WaitForPosition(0, std::chrono::milliseconds(10)), 0u);
  std::thread appender([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    (void)store->Append(CommentOn("s", "x"));
  });
  EXPECT_EQ(store->WaitForPosition(0, std::chrono::seconds(10)), 1u);
  appender.join();
}

TEST(Open, ASecondOpenOfTheSameStoreSaysItIsHeld) {
  TempDir dir;
  auto store = OpenAt(dir.path());
  auto second = EventStore::Open(StoreOptions{.path = dir.path()});
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, ErrorKind::kUnavailable);
  EXPECT_NE(second.error().message.find("another process"), std::string::npos);
}

TEST(Open, RecordedTimeComesFromTheInjectedClockAndNeverGoesBack) {
  TempDir dir;
  int64_t now = 5000;
  auto s = EventStore::Open(StoreOptions{.path = dir.path(), .sync = false,
                                         .clock = [&] { return now; }});
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->Append(CommentOn("s", "x")));
  now = 1000;  // the wall clock stepped back
  ASSERT_TRUE((*s)->Append(CommentOn("s", "y")));
  auto log = (*s)->ReadLog(1, 2);
  EXPECT_EQ((*log)[0].envelope().getRecordedAtNs(), 5000);
  EXPECT_EQ((*log)[1].envelope().getRecordedAtNs(), 5000);
  EXPECT_EQ((*log)[0].envelope().getOccurredAtNs(), 5000);
}

}  // namespace
}  // namespace bitacora
