// The runner's guarantees: a crash between applying events and committing the checkpoint is
// resumed without counting anything twice; an incremental build and a rebuild from scratch are
// identical; a rebuild swaps in while readers of the old generation keep reading it.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

namespace keys = projections::keys;

class ProjectionRunner : public ProjectionTest {
 protected:
};

TEST_F(ProjectionRunner, CrashBeforeTheCheckpointResumesWithoutDoubleCounting) {
  Workload();
  const uint64_t head = ledger_.HeadPosition();
  const std::string dir = views_dir_.Sub("crash");
  const uint64_t half = head / 2;
  {
    auto db = *projections::ViewDb::Open(dir);
    auto projector = *projections::Projector::Create(*db);
    ASSERT_TRUE(projector->CatchUp(ledger_.store(), half).has_value());  // committed up to half
    // Apply the rest, then "crash": the process dies before the batch with the checkpoint.
    Status s = ledger_.store().ScanLog(half + 1, head, [&](uint64_t, std::string_view bytes) {
      EXPECT_TRUE(projector->Apply(bytes).has_value());
      return true;
    });
    ASSERT_TRUE(s.has_value());
    EXPECT_EQ(projector->position(), head);
    EXPECT_EQ(projector->committed_position(), half);
    // destroyed here without Flush()
  }
  auto db = *projections::ViewDb::Open(dir);
  EXPECT_EQ(db->ReadCheckpoint()->position, half);
  auto projector = *projections::Projector::Create(*db);
  ASSERT_EQ(*projector->CatchUp(ledger_.store()), head);
  std::shared_ptr<const projections::ViewDb> shared(std::move(db));
  ViewReader resumed(shared);
  // Counted once: three ORTs issued (one annulled), each order's events once.
  EXPECT_EQ(*resumed.Sequence("ORT", 2026), (std::pair<uint64_t, uint64_t>{3, 3}));
  auto oc = *resumed.Order("OC-2026-000001");
  EXPECT_EQ(oc.meta.events, *ledger_.store().StreamVersion(domain::OrderStream("OC-2026-000001")));
  // And the whole database equals a build that never crashed.
  (void)Views();
  EXPECT_EQ(DumpViews(*shared), DumpViews(*service_->Current()));
}

TEST_F(ProjectionRunner, DiscardedBatchIsAppliedAgainExactlyOnce) {
  Workload();
  auto db = *projections::ViewDb::Open(views_dir_.Sub("discard"));
  auto projector = *projections::Projector::Create(*db);
  ASSERT_TRUE(projector->CatchUp(ledger_.store(), 10).has_value());
  Status s = ledger_.store().ScanLog(11, 40, [&](uint64_t, std::string_view bytes) {
    return projector->Apply(bytes).has_value();
  });
  ASSERT_TRUE(s.has_value());
  projector->Discard();
  EXPECT_EQ(projector->position(), 10u);
  ASSERT_EQ(*projector->CatchUp(ledger_.store()), ledger_.HeadPosition());
  (void)Views();
  EXPECT_EQ(DumpViews(*db), DumpViews(*service_->Current()));
}

TEST_F(ProjectionRunner, OutOfOrderEventIsRefused) {
  Workload();
  auto db = *projections::ViewDb::Open(views_dir_.Sub("order"));
  auto projector = *projections::Projector::Create(*db);
  auto events = *ledger_.store().ReadLog(2, 1);
  Status s = projector->Apply(events[0].bytes());
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().code, "projection_out_of_order");
}

TEST_F(ProjectionRunner, IncrementalAndFromScratchAreIdentical) {
  // Incremental: the views follow command by command, committing every few events.
  flush_events_ = 7;
  OpenService();
  auto a = ConnectedSubscriber(ledger_, "9876543", MeterOwnership::BOUGHT, "MED-9");
  (void)Views();
  Workload();
  (void)Views();
  CutService(ledger_, "9876543", a.subscriber);
  (void)Views();
  const auto incremental = DumpViews(*service_->Current());
  EXPECT_EQ(ViewReader(service_->Current()).checkpoint()->position, ledger_.HeadPosition());
  // From scratch, into a fresh generation, swapped in when caught up.
  std::shared_ptr<const projections::ViewDb> old = service_->Current();
  const std::string old_path = old->path();
  ASSERT_TRUE(service_->Rebuild().has_value());
  EXPECT_NE(service_->Current()->path(), old_path);
  EXPECT_EQ(DumpViews(*service_->Current()), incremental);
  // A reader of the old generation still reads it; its folder goes when the reader lets go.
  EXPECT_TRUE(ViewReader(old).Order("OC-2026-000001").has_value());
  EXPECT_TRUE(std::filesystem::exists(old_path));
  old.reset();
  EXPECT_FALSE(std::filesystem::exists(old_path));
  // The service reopens on the new generation and keeps following.
  RunNewConnection(ledger_, "5555555", Stage::kOrt);
  OpenService();
  EXPECT_EQ(service_->Current()->path(), views_dir_.Sub("views") + "/gen-2");
  EXPECT_TRUE(Views().Order("ORT-2026-000005").has_value());
}

TEST_F(ProjectionRunner, RebuildReportsItsProgressUpToTheHead) {
  Workload();
  std::vector<uint64_t> reported;
  ASSERT_TRUE(service_->Rebuild([&](uint64_t p) { reported.push_back(p); }).has_value());
  ASSERT_FALSE(reported.empty());
  EXPECT_TRUE(std::is_sorted(reported.begin(), reported.end()));
  EXPECT_EQ(reported.back(), ledger_.HeadPosition());
}

TEST_F(ProjectionRunner, RebuildWhileFollowingSwapsWithoutLosingEvents) {
  Workload();
  service_->Start();
  ASSERT_TRUE(service_->Rebuild().has_value());
  RunNewConnection(ledger_, "5555555", Stage::kVisit);
  service_->Stop();
  ASSERT_TRUE(service_->CatchUp().has_value());
  const auto followed = DumpViews(*service_->Current());
  ASSERT_TRUE(service_->Rebuild().has_value());
  EXPECT_EQ(DumpViews(*service_->Current()), followed);
}

TEST_F(ProjectionRunner, ViewsOfAnotherFormatAreRebuiltOnOpen) {
  Workload();
  (void)Views();
  const auto before = DumpViews(*service_->Current());
  const std::string path = service_->Current()->path();
  service_.reset();
  {
    auto db = *projections::ViewDb::Open(path);
    rocksdb::WriteBatch batch;
    std::string old_format;
    projections::PutBE64(old_format, projections::kFormatVersion + 1);
    ASSERT_TRUE(batch.Put(std::string(keys::kFormat), old_format).ok());
    auto cp = *db->ReadCheckpoint();
    ASSERT_TRUE(db->Commit(batch, cp).has_value());
  }
  OpenService();
  EXPECT_NE(service_->Current()->path(), path);
  EXPECT_EQ(DumpViews(*service_->Current()), before);
}

TEST_F(ProjectionRunner, MalformedCurrentFileIsReported) {
  service_.reset();
  std::filesystem::create_directories(views_dir_.Sub("bad"));
  {
    std::FILE* f = std::fopen((views_dir_.Sub("bad") + "/CURRENT").c_str(), "w");
    ASSERT_NE(f, nullptr);
    std::fputs("gen-x\n", f);
    std::fclose(f);
  }
  projections::ServiceOptions options;
  options.dir = views_dir_.Sub("bad");
  auto opened = projections::ProjectionService::Open(ledger_.store(), options);
  ASSERT_FALSE(opened.has_value());
  EXPECT_EQ(opened.error().kind, ErrorKind::kCorruption);
}

}  // namespace
}  // namespace bitacora::testing
