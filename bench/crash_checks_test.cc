// The crash harness's checks catch what they are meant to: an acknowledged command missing from
// the log, a retry that does not answer the first result, views that differ from a rebuild. (The
// harness itself passing proves little unless its checks can fail.)
#include "bench/crash_checks.h"

#include <gtest/gtest.h>
#include <rocksdb/write_batch.h>

#include <fstream>

#include "bench/desk_generator.h"
#include "projections/projection_service.h"
#include "core/store/keys.h"
#include "tests/raw_store.h"
#include "tests/test_util.h"

namespace bitacora::bench {
namespace {

bool Mentions(const LedgerCheck& check, const std::string& text) {
  for (const std::string& f : check.failures) {
    if (f.find(text) != std::string::npos) return true;
  }
  return false;
}

class CrashChecks : public ::testing::Test {
 protected:
  // A small desk ledger written through the handler, its outcomes acknowledged in `book_`, and its
  // views caught up in data/views as a server would leave them.
  void SetUp() override {
    data_ = dir_.Sub("data");
    int64_t now = 1'780'000'000'000'000'000;  // one clock for the store, the handler and the desk
    auto store = EventStore::Open(StoreOptions{.path = data_, .clock = [&now] { return now; }});
    ASSERT_TRUE(store);
    HandlerOptions handler_options;
    handler_options.clock = [&now] { return now; };
    CommandHandler handler(**store, handler_options);
    DeskGenerator generator(
        [&](const ActorRef& actor, schema::Command::Reader command) {
          auto out = handler.Handle(actor, command);
          if (out) book_.Acked(0, command.getCommandId(), "any", *out, false);
          return out;
        },
        now, 1, GeneratorOptions{});
    generator.Run(300, 3);
    projections::ServiceOptions options;
    options.dir = data_ + "/views";
    auto views = projections::ProjectionService::Open(**store, options);
    ASSERT_TRUE(views);
    ASSERT_TRUE((*views)->CatchUp());
  }

  testing::TempDir dir_;
  std::string data_;
  ClientBook book_{1};
};

TEST_F(CrashChecks, AGoodLedgerPasses) {
  const LedgerCheck check = CheckLedger(data_, dir_.Sub("rebuild"), book_);
  EXPECT_TRUE(check.failures.empty()) << check.failures.front();
  EXPECT_GE(check.head, 300u);
  EXPECT_EQ(check.acked_checked, book_.acked().size());
  EXPECT_GT(check.view_keys, 0u);
}

TEST_F(CrashChecks, AnAcknowledgedCommandMissingFromTheLogFails) {
  CommandOutcome ghost;
  ghost.first_position = 1;
  ghost.last_position = 1;
  book_.Acked(0, "ghost-1", "openCase", ghost, false);
  const LedgerCheck check = CheckLedger(data_, dir_.Sub("rebuild"), book_);
  EXPECT_TRUE(Mentions(check, "ghost-1: acknowledged [1, 1] but not in the log"));
}

TEST_F(CrashChecks, ARetryMustAnswerTheFirstResult) {
  // "gen-5" was in flight at the kill and is in the log: its retry must be a duplicate.
  book_.Sending(0, "gen-5");
  const LedgerCheck check = CheckLedger(data_, dir_.Sub("rebuild"), book_);
  ASSERT_EQ(check.in_flight_committed, 1u);
  const AckedRange first = book_.acked().at("gen-5");
  CommandOutcome fresh;
  fresh.first_position = first.first;
  fresh.last_position = first.last;
  fresh.duplicate = false;
  book_.Acked(0, "gen-5", "any", fresh, true);
  ASSERT_EQ(book_.failures().size(), 1u);
  EXPECT_NE(book_.failures()[0].find("its retry was not a duplicate"), std::string::npos);
}

TEST_F(CrashChecks, ACommandPartlyInTheLogFails) {
  // A command of several events whose idempotency record names only its first: as if the crash
  // had left the record and some of the events without the rest.
  std::string id;
  AckedRange range;
  for (const auto& [i, r] : book_.acked()) {
    if (r.last > r.first) {
      id = i;
      range = r;
      break;
    }
  }
  ASSERT_FALSE(id.empty());
  testing::EditRaw(data_, store_keys::kCommands, [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf,
                                               rocksdb::ColumnFamilyHandle*) {
    std::string value;
    for (int k = 0; k < 2; ++k) {
      for (int i = 7; i >= 0; --i) value.push_back(static_cast<char>((range.first >> (8 * i)) & 0xff));
    }
    // The record is keyed by actor and command id (ScopedCommandKey): the key that ends with id.
    std::string key;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), cf));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string k = it->key().ToString();
      if (k.size() > id.size() && k.compare(k.size() - id.size(), id.size(), id) == 0) key = k;
    }
    ASSERT_FALSE(key.empty());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), cf, key, value).ok());
  });
  const LedgerCheck check = CheckLedger(data_, dir_.Sub("rebuild"), book_);
  EXPECT_TRUE(Mentions(check, id + ": record says")) << check.failures.size();
}

TEST_F(CrashChecks, ViewsThatDifferFromARebuildFail) {
  {
    std::ifstream current(data_ + "/views/CURRENT");
    std::string generation;
    std::getline(current, generation);
    auto db = projections::ViewDb::Open(data_ + "/views/" + generation);
    ASSERT_TRUE(db) << db.error().ToString();
    auto checkpoint = (*db)->ReadCheckpoint();
    ASSERT_TRUE(checkpoint);
    rocksdb::WriteBatch batch;
    batch.Put("r/order-ORT-2026-999999", "not projected from any event");
    ASSERT_TRUE((*db)->Commit(batch, *checkpoint));
  }
  const LedgerCheck check = CheckLedger(data_, dir_.Sub("rebuild"), book_);
  EXPECT_TRUE(Mentions(check, "views resumed after the crash differ from a rebuild")) << check.failures.size();
}

}  // namespace
}  // namespace bitacora::bench
