// A rebuild writes the fresh generation as ingested SST files (ProjectorOptions::bulk): the same
// views as following the log command by command, however the commits fall; and a rebuild that
// dies before its swap leaves the old generation serving and the next rebuild correct.
#include <cstdio>
#include <filesystem>
#include <map>
#include <random>
#include <string>

#include "projections/sst_file.h"
#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

namespace fs = std::filesystem;

class ProjectionRebuild : public ProjectionTest {
 protected:
  // Files in `dir` whose name starts with "bulk-" (the SST files of a bulk commit).
  static int BulkFiles(const std::string& dir) {
    int n = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().filename().string().starts_with("bulk-")) ++n;
    }
    return n;
  }
};

TEST_F(ProjectionRebuild, BulkCommitsOfAnySizeEqualFollowing) {
  Workload();
  (void)Views();
  const auto followed = DumpViews(*service_->Current());
  for (size_t every : {1, 3, 10, 100000}) {
    const std::string dir = views_dir_.Sub("bulk-" + std::to_string(every));
    auto db = *projections::ViewDb::Open(dir);
    auto projector = *projections::Projector::Create(*db, {.flush_events = every, .bulk = true});
    ASSERT_EQ(*projector->CatchUp(ledger_.store()), ledger_.HeadPosition());
    ASSERT_TRUE(projector->EndBulk({}).has_value());
    // Backlog keys put in one commit and deleted in a later one are gone; nothing else differs.
    EXPECT_EQ(DumpViews(*db), followed) << "bulk commits every " << every << " events";
    EXPECT_EQ(BulkFiles(dir), 0);
  }
}

TEST_F(ProjectionRebuild, FollowsNormallyAfterTheBulkPart) {
  Workload();
  auto db = *projections::ViewDb::Open(views_dir_.Sub("after"));
  auto projector = *projections::Projector::Create(*db, {.flush_events = 1000, .bulk = true});
  ASSERT_TRUE(projector->CatchUp(ledger_.store()).has_value());
  ASSERT_TRUE(projector->EndBulk({.flush_events = 2}).has_value());
  RunNewConnection(ledger_, "5555555", Stage::kInspected);
  ASSERT_EQ(*projector->CatchUp(ledger_.store()), ledger_.HeadPosition());
  (void)Views();
  EXPECT_EQ(DumpViews(*db), DumpViews(*service_->Current()));
}

TEST_F(ProjectionRebuild, RebuildThatDiesBeforeTheSwapLeavesTheOldViewsServing) {
  Workload();
  (void)Views();
  const auto before = DumpViews(*service_->Current());
  const std::string views = views_dir_.Sub("views");
  service_.reset();
  {
    // What a rebuild leaves when the process dies half-way: gen-2 with some bulk commits, a
    // half-written SST file, and CURRENT still naming gen-1.
    auto db = *projections::ViewDb::Open(views + "/gen-2");
    auto projector = *projections::Projector::Create(*db, {.flush_events = 5, .bulk = true});
    ASSERT_TRUE(projector->CatchUp(ledger_.store(), ledger_.HeadPosition() / 2).has_value());
    std::FILE* f = std::fopen((views + "/gen-2/bulk-99-f.sst").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("torn", f);
    std::fclose(f);
  }
  OpenService();
  EXPECT_EQ(service_->Current()->path(), views + "/gen-1");
  EXPECT_EQ(DumpViews(*service_->Current()), before);
  // The next rebuild starts gen-2 afresh: identical views, no file of the dead one.
  RunNewConnection(ledger_, "5555555", Stage::kOrt);
  (void)Views();
  const auto followed = DumpViews(*service_->Current());
  ASSERT_TRUE(service_->Rebuild().has_value());
  EXPECT_EQ(service_->Current()->path(), views + "/gen-2");
  EXPECT_EQ(DumpViews(*service_->Current()), followed);
  EXPECT_EQ(BulkFiles(views + "/gen-2"), 0);
  EXPECT_FALSE(fs::exists(views + "/CURRENT.tmp"));
  OpenService();
  EXPECT_EQ(service_->Current()->path(), views + "/gen-2");
  EXPECT_EQ(DumpViews(*service_->Current()), followed);
}

TEST(SortedRun, WritesInKeyOrderAndTheLastOperationOnAKeyWins) {
  TempDir dir;
  auto db = *projections::ViewDb::Open(dir.Sub("db"));
  projections::SortedRun run;
  run.Put("k/3", "three");
  run.Put("k/1", "one");
  run.Put("k/2", "first");
  run.Put("k/2", "second");
  run.Put("k/4", "gone");
  run.Delete("k/4");
  auto file = *projections::SstFile::Create(*db, dir.Sub("a.sst"));
  ASSERT_TRUE(run.WriteTo(*file).has_value());
  ASSERT_TRUE(*file->Finish());
  ASSERT_TRUE(db->Ingest({dir.Sub("a.sst")}).has_value());
  EXPECT_FALSE(fs::exists(dir.Sub("a.sst")));
  EXPECT_EQ(**db->Get("k/1"), "one");
  EXPECT_EQ(**db->Get("k/2"), "second");
  EXPECT_EQ(**db->Get("k/3"), "three");
  EXPECT_FALSE(db->Get("k/4")->has_value());
  // A later file's deletion hides a key of an earlier one.
  run.Clear();
  run.Delete("k/1");
  auto second = *projections::SstFile::Create(*db, dir.Sub("b.sst"));
  ASSERT_TRUE(run.WriteTo(*second).has_value());
  ASSERT_TRUE(*second->Finish());
  ASSERT_TRUE(db->Ingest({dir.Sub("b.sst")}).has_value());
  EXPECT_FALSE(db->Get("k/1")->has_value());
  EXPECT_EQ(**db->Get("k/3"), "three");
}

TEST(SortedRun, SortsLikeAMapOnKeysWithSharedPrefixesZeroBytesAndRepeats) {
  // Random keys over a tiny alphabet with \0, lengths 0-40, many shared prefixes and repeats;
  // each key's last value must win, in byte order, as in a std::map fed in the same order.
  std::mt19937 rng(4);
  const std::string alphabet("\0ab/", 4);
  std::map<std::string, std::string> expected;
  projections::SortedRun run;
  for (int i = 0; i < 20000; ++i) {
    std::string key = "i/iss/2026-05/ORT-";
    key.resize(rng() % 41);
    const size_t extra = rng() % 6;
    for (size_t k = 0; k < extra; ++k) key.push_back(alphabet[rng() % alphabet.size()]);
    const std::string value = std::to_string(i);
    run.Put(key, value);
    expected[key] = value;
  }
  TempDir dir;
  auto db = *projections::ViewDb::Open(dir.Sub("db"));
  auto file = *projections::SstFile::Create(*db, dir.Sub("r.sst"));
  ASSERT_TRUE(run.WriteTo(*file).has_value());  // SstFile refuses any key out of order
  ASSERT_TRUE(*file->Finish());
  ASSERT_TRUE(db->Ingest({dir.Sub("r.sst")}).has_value());
  std::map<std::string, std::string> read;
  ASSERT_TRUE(db->Scan("", [&](std::string_view k, std::string_view v) {
                  read.emplace(k, v);
                  return true;
                }).has_value());
  EXPECT_EQ(read, expected);
}

TEST(SstFile, RefusesKeysOutOfOrderAndLeavesNoFileWhenEmpty) {
  TempDir dir;
  auto db = *projections::ViewDb::Open(dir.Sub("db"));
  auto file = *projections::SstFile::Create(*db, dir.Sub("x.sst"));
  ASSERT_TRUE(file->Put("b", "").has_value());
  Status s = file->Put("a", "");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().kind, ErrorKind::kInternal);
  auto empty = *projections::SstFile::Create(*db, dir.Sub("empty.sst"));
  EXPECT_FALSE(*empty->Finish());
  EXPECT_FALSE(fs::exists(dir.Sub("empty.sst")));
}

}  // namespace
}  // namespace bitacora::testing
