// Test fixture for the projections: a StoreLedger (commands through the handler on a real store,
// injected clock) with a ProjectionService over it in its own temp folder, and scenario helpers.
#ifndef BITACORA_TESTS_PROJECTION_FIXTURE_H_
#define BITACORA_TESTS_PROJECTION_FIXTURE_H_

#include <map>
#include <memory>
#include <string>

#include "projections/codec.h"
#include "projections/history.h"
#include "projections/projection_service.h"
#include "projections/views.h"
#include "tests/desk_fixture.h"

namespace bitacora::testing {

using projections::ViewReader;

// Every key and value of a view database, checkpoint included; folder segments (whose split
// depends on when the projector flushed) are expanded to one key per entry.
inline std::map<std::string, std::string> DumpViews(const projections::ViewDb& db) {
  namespace keys = projections::keys;
  std::map<std::string, std::string> out;
  Status s = db.Scan("", [&](std::string_view k, std::string_view v) {
    if (!k.starts_with(keys::kFolder)) {
      out.emplace(k, v);
      return true;
    }
    const std::string client(k.substr(0, k.size() - 8));  // "f/" + ci + \0
    Status each = projections::ForEachInSegment(v, [&](projections::FolderEntry&& e) {
      std::string key = client;
      projections::PutBE64(key, e.position);
      std::string value;
      projections::Encode(e, value);
      EXPECT_TRUE(out.emplace(key, value).second) << "entry twice at " << e.position;
      return true;
    });
    EXPECT_TRUE(each.has_value());
    return true;
  });
  EXPECT_TRUE(s.has_value());
  return out;
}

class ProjectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SeedReference(ledger_);
    OpenService();
  }

  void OpenService() {
    service_.reset();
    projections::ServiceOptions options;
    options.dir = views_dir_.Sub("views");
    options.projector.flush_events = flush_events_;
    options.projector.cache_records = cache_records_;
    auto service = projections::ProjectionService::Open(ledger_.store(), options);
    ASSERT_TRUE(service.has_value()) << service.error().ToString();
    service_ = std::move(*service);
  }

  // Orders opened in one commit and returned, annulled or verified in later ones, a cut service:
  // the runner's and the rebuild's common ledger.
  void Workload() {
    using C = schema::Command;
    auto a = ConnectedSubscriber(ledger_, "1234567", MeterOwnership::LENT, "COOP-1");
    auto b = RunNewConnection(ledger_, "2345678", Stage::kInspected, MeterOwnership::BOUGHT, "MED-2");
    Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, b.oit)));
    Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {b.oit})));
    CutService(ledger_, "1234567", a.subscriber);
    auto c = RunNewConnection(ledger_, "3456789", Stage::kOrt);
    Ok(ledger_.Run(Role::PLATFORM, AnnulOrder(c.ort, "Error de impresión")));
  }

  // Catches the views up to the head and returns a reader on them.
  ViewReader Views() {
    Status s = service_->CatchUp();
    EXPECT_TRUE(s.has_value()) << (s ? "" : s.error().ToString());
    return ViewReader(service_->Current());
  }

  template <class T>
  static std::string Bytes(const T& record) {
    std::string out;
    projections::Encode(record, out);
    return out;
  }

  // Every record in the views equals the fold of its stream (the as-of path with no limit).
  void ExpectViewsEqualFolds() {
    ViewReader views = Views();
    const EventStore& store = ledger_.store();
    size_t checked = 0;
    Status s = service_->Current()->Scan(projections::keys::kRecord, [&](std::string_view key, std::string_view value) {
      const std::string stream(key.substr(projections::keys::kRecord.size()));
      const std::string id = stream.substr(stream.find('-') + 1);
      std::string folded;
      if (stream.starts_with("client-")) folded = Bytes(*projections::ClientAsOf(store, id, {}));
      if (stream.starts_with("case-")) folded = Bytes(*projections::CaseAsOf(store, id, {}));
      if (stream.starts_with("order-")) folded = Bytes(*projections::OrderAsOf(store, id, {}));
      if (stream.starts_with("subscriber-")) folded = Bytes(*projections::SubscriberAsOf(store, id, {}));
      if (stream.starts_with("meter-")) folded = Bytes(*projections::MeterAsOf(store, id, {}));
      EXPECT_EQ(folded, std::string(value)) << stream;
      ++checked;
      return true;
    });
    EXPECT_TRUE(s.has_value());
    EXPECT_GT(checked, 0u);
  }

  StoreLedger ledger_;
  TempDir views_dir_;
  size_t flush_events_ = 20000;
  size_t cache_records_ = projections::ProjectorOptions{}.cache_records;
  std::unique_ptr<projections::ProjectionService> service_;
};

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_PROJECTION_FIXTURE_H_
