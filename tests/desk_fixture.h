// Test fixture for the desk's procedures: a Ledger that runs commands either purely in memory
// (LoadWorld + Decide + fold, no database) or through the CommandHandler on a real EventStore,
// command builders, and scenario helpers that walk a case through its steps.
#ifndef BITACORA_TESTS_DESK_FIXTURE_H_
#define BITACORA_TESTS_DESK_FIXTURE_H_

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/domain/decide.h"
#include "core/domain/ids.h"
#include "core/domain/world.h"
#include "core/handler/command_handler.h"
#include "core/store/event_store.h"
#include "scenarios/commands.h"
#include "scenarios/connection.h"
#include "scenarios/reference.h"
#include "scenarios/service.h"
#include "tests/test_util.h"

namespace bitacora::testing {

using scenarios::Fill;
using schema::CaseKind;
using schema::MeterOwnership;
using schema::OrderType;
using schema::Role;
using schema::SubscriberStatus;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// 2026-11-18 11:06:40 UTC (07:06:40 in La Paz), a Wednesday.
constexpr int64_t kStart = 1'795'000'000LL * kSecond;

template <class S>
S Fold(const domain::WorldSources& src, const std::string& stream) {
  S state;
  auto v = src.read_stream(stream, [&state](const domain::EventMeta& m, schema::Event::Reader e) {
    domain::Evolve(state, m, e);
  });
  EXPECT_TRUE(v.has_value());
  return state;
}

// Runs commands (a scenarios::Desk: Run(role, fill), a command id generated when fill sets none;
// the actor of `role` is "actor-<role number>") and reads states back. The clock starts at kStart
// and moves only by Advance().
class Ledger : public scenarios::Desk {
 public:
  std::string ActorOf(Role role) const override {
    return "actor-" + std::to_string(static_cast<int>(role));
  }
  virtual domain::WorldSources Sources() = 0;
  virtual uint64_t HeadPosition() = 0;
  // Test setup only: appends one event as the system would on an import (legacy data).
  virtual void Seed(const std::string& stream, const std::function<void(schema::Event::Builder)>& fill) = 0;
  void Advance(int64_t ns) { now_ += ns; }
  int64_t now() const { return now_; }

  domain::OrderState Order(const std::string& n) { return Fold<domain::OrderState>(Sources(), domain::OrderStream(n)); }
  domain::CaseState Case(const std::string& id) { return Fold<domain::CaseState>(Sources(), domain::CaseStream(id)); }
  domain::SubscriberState Subscriber(const std::string& n) {
    return Fold<domain::SubscriberState>(Sources(), domain::SubscriberStream(n));
  }
  domain::MeterState Meter(const std::string& s) { return Fold<domain::MeterState>(Sources(), domain::MeterStream(s)); }
  domain::ClientState Client(const std::string& ci) { return Fold<domain::ClientState>(Sources(), domain::ClientStream(ci)); }
  domain::ReferenceState Reference() {
    return Fold<domain::ReferenceState>(Sources(), std::string(domain::kReferenceStream));
  }

 protected:
  int64_t now_ = kStart;
  int next_command_ = 1;
};

// Pure: LoadWorld + Decide over streams kept in memory, events folded as the store would.
class MemoryLedger : public Ledger {
 public:
  Result<CommandOutcome> Handle(const ActorRef& actor, const scenarios::Fill& fill) override {
    const Role role = actor.role;
    capnp::MallocMessageBuilder message;
    auto builder = message.initRoot<schema::Command>();
    fill(builder);
    if (builder.getCommandId().size() == 0) builder.setCommandId("cmd-" + std::to_string(next_command_++));
    auto command = builder.asReader();
    if (Status s = domain::CheckRole(role, command.which()); !s) return Fail(s.error());  // as the handler
    domain::Context ctx;
    ctx.now_ns = now_;
    ctx.occurred_at_ns = command.getOccurredAtNs();
    auto world = domain::LoadWorld(Sources(), command, now_);
    if (!world) return Fail(world.error());
    auto decision = domain::Decide(*world, role, command, ctx);
    if (!decision) return Fail(decision.error());
    for (const CounterClaim& claim : decision->counters()) {
      EXPECT_EQ(counters_[claim.name], claim.expected_value) << claim.name;
      counters_[claim.name] = claim.expected_value + 1;
    }
    CommandOutcome out;
    out.case_id = decision->case_id;
    out.issued_orders = decision->issued_orders;
    out.subscriber_number = decision->subscriber_number;
    out.notice_code = decision->notice_code;
    out.notice_message = decision->notice_message;
    out.streams = decision->streams();
    out.first_position = position_ + 1;
    for (ProposedEvent& e : decision->TakeEvents()) {
      ++position_;
      streams_[e.stream_id].push_back(Stored{
          domain::EventMeta{position_, now_, e.occurred_at_ns != 0 ? e.occurred_at_ns : now_},
          std::move(e.payload)});
      log_.push_back(e.stream_id);
    }
    out.last_position = position_;
    return out;
  }

  domain::WorldSources Sources() override {
    domain::WorldSources src;
    src.read_stream = [this](const std::string& id, const domain::WorldSources::EventFn& fn) -> Result<uint64_t> {
      auto it = streams_.find(id);
      if (it == streams_.end()) return uint64_t{0};
      // As the store's sources do: the corrections among the stream's events apply.
      std::vector<std::unique_ptr<capnp::FlatArrayMessageReader>> readers;
      std::vector<domain::StreamEvent> events;
      for (const Stored& s : it->second) {
        readers.push_back(std::make_unique<capnp::FlatArrayMessageReader>(s.words.asPtr()));
        events.push_back({s.meta.position, readers.back()->getRoot<schema::Event>()});
      }
      domain::ForEachCorrected(events, [&](size_t i, schema::Event::Reader e) { fn(it->second[i].meta, e); });
      return static_cast<uint64_t>(it->second.size());
    };
    src.read_counter = [this](const std::string& name) -> Result<uint64_t> { return counters_[name]; };
    src.stream_at = [this](uint64_t position) -> Result<std::string> {
      if (position == 0 || position > log_.size()) return Fail(Code::kEventNotFound, "");
      return log_[position - 1];
    };
    return src;
  }

  uint64_t HeadPosition() override { return position_; }

  void Seed(const std::string& stream, const std::function<void(schema::Event::Builder)>& fill) override {
    capnp::MallocMessageBuilder message;
    fill(message.initRoot<schema::Event>());
    ++position_;
    streams_[stream].push_back(
        Stored{domain::EventMeta{position_, now_, now_}, EncodePayload(message)});
    log_.push_back(stream);
  }

 private:
  struct Stored {
    domain::EventMeta meta;
    kj::Array<capnp::word> words;
  };
  std::map<std::string, std::vector<Stored>> streams_;
  std::vector<std::string> log_;
  std::map<std::string, uint64_t> counters_;
  uint64_t position_ = 0;
};

// Through the CommandHandler on a real EventStore in a temp dir, sharing the ledger's clock.
class StoreLedger : public Ledger {
 public:
  StoreLedger() {
    StoreOptions options{.path = dir_.Sub("store"), .sync = false};
    options.clock = [this] { return now_; };
    auto store = EventStore::Open(std::move(options));
    EXPECT_TRUE(store.has_value()) << (store ? "" : store.error().ToString());
    store_ = std::move(*store);
    HandlerOptions h;
    h.clock = [this] { return now_; };
    handler_ = std::make_unique<CommandHandler>(*store_, h);
  }

  Result<CommandOutcome> Handle(const ActorRef& actor, const scenarios::Fill& fill) override {
    capnp::MallocMessageBuilder message;
    auto builder = message.initRoot<schema::Command>();
    fill(builder);
    if (builder.getCommandId().size() == 0) builder.setCommandId("cmd-" + std::to_string(next_command_++));
    return handler_->Handle(actor, builder.asReader());
  }
  domain::WorldSources Sources() override { return StoreSources(*store_); }
  uint64_t HeadPosition() override { return store_->GetHead().position; }
  void Seed(const std::string& stream, const std::function<void(schema::Event::Builder)>& fill) override {
    capnp::MallocMessageBuilder message;
    fill(message.initRoot<schema::Event>());
    AppendRequest request;
    request.actor = {"import", Role::SYSTEM};
    request.events.push_back({stream, EncodePayload(message), 0});
    auto appended = store_->Append(std::move(request));
    EXPECT_TRUE(appended.has_value());
  }
  EventStore& store() { return *store_; }
  CommandHandler& handler() { return *handler_; }

 private:
  TempDir dir_;
  std::unique_ptr<EventStore> store_;
  std::unique_ptr<CommandHandler> handler_;
};

// Unwraps a result that must be ok, failing the test otherwise.
inline CommandOutcome Ok(const Result<CommandOutcome>& r) {
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().ToString());
  return r ? *r : CommandOutcome{};
}

// Expects a refusal with `code`, and that nothing was appended.
#define EXPECT_REFUSED(LEDGER, ROLE, FILL, CODE)                                   \
  do {                                                                             \
    const uint64_t head_before = (LEDGER).HeadPosition();                          \
    auto refused = (LEDGER).Run((ROLE), (FILL));                                   \
    ASSERT_FALSE(refused.has_value()) << "expected refusal " << (CODE);            \
    EXPECT_EQ(refused.error().code, (CODE)) << refused.error().ToString();         \
    EXPECT_FALSE(refused.error().message.empty());                                 \
    EXPECT_EQ((LEDGER).HeadPosition(), head_before) << "a refusal appended events"; \
  } while (false)

// ---- The scenarios (scenarios/): command builders and walks through the procedures ----
using scenarios::kConnectionDocs;
using scenarios::kReconnectionDocs;
using scenarios::Stage;
using scenarios::cmd::AnnulOrder;
using scenarios::cmd::ByCase;
using scenarios::cmd::ByOrder;
using scenarios::cmd::DecideViability;
using scenarios::cmd::HandOver;
using scenarios::cmd::NotExecuted;
using scenarios::cmd::OpenCase;
using scenarios::cmd::OrderList;
using scenarios::cmd::PresentDocuments;
using scenarios::cmd::RecordDelivery;
using scenarios::cmd::RecordEnergization;
using scenarios::cmd::RecordInspection;
using scenarios::cmd::RecordMeterDelivery;
using scenarios::cmd::RecordPayment;
using scenarios::cmd::RecordVisit;
using scenarios::cmd::RegisterClient;
using scenarios::cmd::RegisterMeter;
using scenarios::cmd::ReportInstallation;
using scenarios::cmd::SendBack;
using scenarios::cmd::SetHolidays;

// The orders and numbers of one connection case, filled as far as the run went.
using ConnectionRun = scenarios::Connection;

// Seeds checklists (residential, every connection kind and reconnection) and three prices.
inline void SeedReference(Ledger& ledger) {
  Status seeded = scenarios::SeedReference(ledger);
  EXPECT_TRUE(seeded.has_value()) << (seeded ? "" : seeded.error().ToString());
}

inline std::string OnlyOrder(const CommandOutcome& out) {
  EXPECT_EQ(out.issued_orders.size(), 1u);
  return out.issued_orders.empty() ? "" : out.issued_orders[0];
}

// Runs an 8.1 case of `kind` (on `subscriber` when the kind needs one) up to and including
// `stop`. An empty `meter` skips the meter registration (the subscriber's meter is used).
inline ConnectionRun RunConnection(Ledger& l, CaseKind kind, const std::string& ci,
                                   const std::string& subscriber, Stage stop,
                                   MeterOwnership ownership, const std::string& meter,
                                   const std::string& address = "Av. Chichas 123, Tupiza") {
  ConnectionRun r;
  r.kind = kind;
  r.ci = ci;
  r.subscriber = subscriber;
  r.address = address;
  r.client_address = scenarios::cmd::kAddress;
  r.ownership = ownership;
  r.meter = meter;
  Status walked;
  if (!meter.empty() || static_cast<int>(stop) < static_cast<int>(Stage::kMeter)) {
    walked = scenarios::connection::Walk(l, r, stop);
  } else {
    walked = scenarios::connection::Walk(l, r, Stage::kViable);
    if (walked) {
      r.meter = l.Subscriber(r.subscriber).meter_serial;
      walked = scenarios::connection::Walk(l, r, stop, Stage::kConnectionOrder);
    }
  }
  EXPECT_TRUE(walked.has_value()) << (walked ? "" : walked.error().ToString());
  return r;
}

// Runs a new connection (8.1) for `ci` up to and including `stop`.
inline ConnectionRun RunNewConnection(Ledger& l, const std::string& ci, Stage stop,
                                      MeterOwnership ownership = MeterOwnership::BOUGHT,
                                      const std::string& meter = "MED-0001") {
  return RunConnection(l, CaseKind::NEW_CONNECTION, ci, "", stop, ownership, meter);
}

// A subscriber imported from the billing system (no folder in the ledger): client, subscriber in
// `status` with meter `meter` installed.
inline void LegacySubscriber(Ledger& l, const std::string& number, const std::string& ci,
                             SubscriberStatus status, const std::string& meter) {
  l.Seed(domain::ClientStream(ci), [&](schema::Event::Builder e) {
    auto p = e.initClientRegistered();
    p.setCi(ci);
    p.setFullName("Cliente antiguo");
    p.setAddress("Calle Florida 45");
  });
  l.Seed(domain::SubscriberStream(number), [&](schema::Event::Builder e) {
    auto p = e.initSubscriberCreated();
    p.setSubscriberNumber(number);
    p.setClientCi(ci);
    p.setAddress("Calle Florida 45");
  });
  l.Seed(domain::SubscriberStream(number), [&](schema::Event::Builder e) {
    e.initSubscriberStatusChanged().setStatus(status);
  });
  l.Seed(domain::SubscriberStream(number), [&](schema::Event::Builder e) {
    e.initSubscriberMeterInstalled().setMeterSerial(meter);
  });
  l.Seed(domain::MeterStream(meter), [&](schema::Event::Builder e) {
    auto p = e.initMeterRegistered();
    p.setMeterSerial(meter);
    p.setOwnership(MeterOwnership::BOUGHT);
    p.setClientCi(ci);
  });
  l.Seed(domain::MeterStream(meter), [&](schema::Event::Builder e) {
    e.initMeterInstalled().setSubscriberNumber(number);
  });
}

// A connected subscriber (8.1 completed).
inline ConnectionRun ConnectedSubscriber(Ledger& ledger, const std::string& ci,
                                         MeterOwnership ownership = MeterOwnership::BOUGHT,
                                         const std::string& meter = "MED-0001") {
  return RunNewConnection(ledger, ci, Stage::kCompleted, ownership, meter);
}

// 8.3 from opening to the executed cut; returns the case id and the OCS.
inline std::pair<std::string, std::string> CutService(Ledger& l, const std::string& ci,
                                                      const std::string& subscriber) {
  scenarios::Service cut;
  cut.kind = CaseKind::CUT;
  cut.ci = ci;
  cut.subscriber = subscriber;
  Status done = scenarios::service::Cut(l, cut, /*hand_over=*/false);
  EXPECT_TRUE(done.has_value()) << (done ? "" : done.error().ToString());
  return {cut.case_id, cut.order};
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_DESK_FIXTURE_H_
