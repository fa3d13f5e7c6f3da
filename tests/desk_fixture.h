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
#include "tests/test_util.h"

namespace bitacora::testing {

using Fill = std::function<void(schema::Command::Builder)>;
using schema::CaseKind;
using schema::MeterOwnership;
using schema::OrderType;
using schema::Role;
using schema::SubscriberStatus;

constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kMinute = 60 * kSecond;
// 2026-11-18 10:13 UTC, a Wednesday in La Paz.
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

// Runs commands and reads states back. The clock starts at kStart and moves only by Advance().
class Ledger {
 public:
  virtual ~Ledger() = default;
  // Runs the command `fill` builds (a command id is generated when fill sets none).
  virtual Result<CommandOutcome> Run(Role role, const Fill& fill) = 0;
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
  Result<CommandOutcome> Run(Role role, const Fill& fill) override {
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
      streams_[e.stream_id].push_back(
          Stored{domain::EventMeta{position_, now_, e.occurred_at_ns}, std::move(e.payload)});
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
      for (const Stored& s : it->second) {
        capnp::FlatArrayMessageReader reader(s.words.asPtr());
        fn(s.meta, reader.getRoot<schema::Event>());
      }
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
    streams_[stream].push_back(Stored{domain::EventMeta{position_, now_, 0}, EncodePayload(message)});
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

  Result<CommandOutcome> Run(Role role, const Fill& fill) override {
    capnp::MallocMessageBuilder message;
    auto builder = message.initRoot<schema::Command>();
    fill(builder);
    if (builder.getCommandId().size() == 0) builder.setCommandId("cmd-" + std::to_string(next_command_++));
    return handler_->Handle(ActorRef{"actor-" + std::to_string(static_cast<int>(role)), role},
                            builder.asReader());
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

// ---- Reference data used by the scenarios ----
inline const std::vector<std::string> kConnectionDocs = {"Fotocopia de CI", "Documento de propiedad",
                                                         "Croquis de ubicación"};
inline const std::vector<std::string> kReconnectionDocs = {"Fotocopia de CI", "Última factura pagada"};

// The orders and numbers of one connection case, filled as far as the run went.
struct ConnectionRun {
  std::string case_id, ort, cot, oem, oit, subscriber, frm, oemd, oc, con, meter;
};

enum class Stage {
  kOpened, kDocuments, kClient, kOrt, kVisit, kQuote, kPaid, kDelivered, kInstalled,
  kInspectionOrdered, kInspected, kViable, kMeter, kConnectionOrder, kContract, kSigned,
  kHandedOver, kFolder, kEnergized, kCompleted,
};

// Seeds checklists (residential, every connection kind and reconnection) and three prices.
inline void SeedReference(Ledger& ledger) {
  using C = schema::Command;
  auto checklist = [&](CaseKind kind, const std::vector<std::string>& docs) {
    Ok(ledger.Run(Role::SUPERVISOR, [&](C::Builder c) {
      auto p = c.initSetRequirementChecklist();
      p.setCaseKind(kind);
      p.setTariffCategory(schema::TariffCategory::RESIDENTIAL);
      auto list = p.initDocuments(static_cast<unsigned>(docs.size()));
      for (unsigned i = 0; i < docs.size(); ++i) list.set(i, docs[i]);
    }));
  };
  for (CaseKind kind : {CaseKind::NEW_CONNECTION, CaseKind::RELOCATION, CaseKind::METER_CHANGE,
                        CaseKind::SERVICE_DROP_REPAIR, CaseKind::DERIVED_CONNECTION}) {
    checklist(kind, kConnectionDocs);
  }
  checklist(CaseKind::RECONNECTION, kReconnectionDocs);
  Ok(ledger.Run(Role::SUPERVISOR, [](C::Builder c) {
    auto items = c.initSetMaterialPrices().initItems(3);
    items[0].setCode("CAB-6");
    items[0].setDescription("Cable concéntrico 2x6 AWG");
    items[0].setUnit("m");
    items[0].setPriceCentavos(1250);  // Bs 12.50
    items[1].setCode("CAJ-1");
    items[1].setDescription("Caja para medidor monofásico");
    items[1].setUnit("pza");
    items[1].setPriceCentavos(8575);  // Bs 85.75
    items[2].setCode("TER-1");
    items[2].setDescription("Térmico 20 A");
    items[2].setUnit("pza");
    items[2].setPriceCentavos(4510);
  }));
}

inline Fill OpenCase(CaseKind kind, const std::string& ci, const std::string& subscriber = "",
                     const std::string& address = "Av. Chichas 123, Tupiza") {
  return [=](schema::Command::Builder c) {
    auto p = c.initOpenCase();
    p.setKind(kind);
    p.setClientCi(ci);
    p.setTariffCategory(schema::TariffCategory::RESIDENTIAL);
    p.setAddress(address);
    p.setSubscriberNumber(subscriber);
  };
}

inline Fill PresentDocuments(const std::string& case_id, const std::vector<std::string>& docs,
                             schema::Referral referral = schema::Referral::GUIDANCE) {
  return [=](schema::Command::Builder c) {
    auto p = c.initPresentDocuments();
    p.setCaseId(case_id);
    auto list = p.initDocuments(static_cast<unsigned>(docs.size()));
    for (unsigned i = 0; i < docs.size(); ++i) list.set(i, docs[i]);
    p.setReferral(referral);
  };
}

inline Fill RegisterClient(const std::string& case_id, const std::string& ci,
                           const std::string& name = "Juana Mamani",
                           const std::string& address = "Av. Chichas 123, Tupiza") {
  return [=](schema::Command::Builder c) {
    auto p = c.initRegisterClient();
    p.setCaseId(case_id);
    p.setClientCi(ci);
    p.setFullName(name);
    p.setAddress(address);
    p.setPhone("70012345");
  };
}

inline Fill ByCase(schema::Command::Which which, const std::string& id) {
  using C = schema::Command;
  return [=](C::Builder c) {
    switch (which) {
      case C::ISSUE_REQUIREMENTS_ORDER: c.initIssueRequirementsOrder().setCaseId(id); break;
      case C::ISSUE_QUOTE: c.initIssueQuote().setCaseId(id); break;
      case C::ISSUE_INSPECTION_ORDER: c.initIssueInspectionOrder().setCaseId(id); break;
      case C::PROCESS_RECONNECTION_INSPECTION: c.initProcessReconnectionInspection().setCaseId(id); break;
      case C::ISSUE_CONNECTION_ORDER: c.initIssueConnectionOrder().setCaseId(id); break;
      case C::PREPARE_CONTRACT: c.initPrepareContract().setCaseId(id); break;
      case C::RECORD_CONTRACT_SIGNED: c.initRecordContractSigned().setCaseId(id); break;
      case C::ASSEMBLE_FOLDER: c.initAssembleFolder().setCaseId(id); break;
      case C::COMPLETE_CASE: c.initCompleteCase().setCaseId(id); break;
      case C::RECORD_CLIENT_CONFIRMATION: c.initRecordClientConfirmation().setCaseId(id); break;
      case C::RECEIVE_NON_VIABLE_CASE: c.initReceiveNonViableCase().setCaseId(id); break;
      case C::RECORD_CUT_CONDITIONS_EXPLAINED: {
        auto p = c.initRecordCutConditionsExplained();
        p.setCaseId(id);
        p.setConditions("Corte temporal; la reconexión se pide en plataforma con la última factura.");
        break;
      }
      case C::ISSUE_CUT_ORDER: {
        auto p = c.initIssueCutOrder();
        p.setCaseId(id);
        p.setSignedByClient(true);
        break;
      }
      default: ADD_FAILURE() << "ByCase does not build " << static_cast<int>(which);
    }
  };
}

inline void SetLines(capnp::List<schema::MaterialLine>::Builder list,
                     const std::vector<std::pair<std::string, int64_t>>& lines) {
  for (unsigned i = 0; i < lines.size(); ++i) {
    list[i].setCode(lines[i].first);
    list[i].setQuantity(lines[i].second);
  }
}

inline Fill RecordVisit(const std::string& ort, std::vector<std::pair<std::string, int64_t>> materials) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRecordVisit();
    p.setOrderNumber(ort);
    SetLines(p.initMaterials(static_cast<unsigned>(materials.size())), materials);
    p.setPlanReference("Plano P-17");
    p.setNotes("Poste a 25 m");
  };
}

inline Fill RecordPayment(const std::string& case_id, int64_t centavos) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRecordPayment();
    p.setCaseId(case_id);
    p.setAmountCentavos(centavos);
    p.setReceiptNumber("R-1");
  };
}

inline Fill RecordDelivery(const std::string& oem, std::vector<std::pair<std::string, int64_t>> items) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRecordMaterialsDelivery();
    p.setOrderNumber(oem);
    SetLines(p.initItems(static_cast<unsigned>(items.size())), items);
  };
}

inline Fill ReportInstallation(const std::string& case_id) {
  return [=](schema::Command::Builder c) {
    auto p = c.initReportInstallation();
    p.setCaseId(case_id);
    p.setInstallerName("Electricista autorizado Pedro Flores");
  };
}

inline Fill RecordInspection(const std::string& oit, bool satisfactory) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRecordInspectionResult();
    p.setOrderNumber(oit);
    p.setSatisfactory(satisfactory);
    if (!satisfactory) p.initFindings(1).set(0, "Puesta a tierra ausente");
  };
}

inline Fill DecideViability(const std::string& case_id, bool viable) {
  return [=](schema::Command::Builder c) {
    auto p = c.initDecideViability();
    p.setCaseId(case_id);
    p.setViable(viable);
    if (!viable) p.initReasons(1).set(0, "La red no llega a la dirección");
  };
}

inline Fill RegisterMeter(const std::string& case_id, const std::string& serial, MeterOwnership ownership) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRegisterMeter();
    p.setCaseId(case_id);
    p.setMeterSerial(serial);
    p.setOwnership(ownership);
    p.setBrand("Elster");
  };
}

inline Fill HandOver(const std::string& case_id) {
  return [=](schema::Command::Builder c) {
    auto p = c.initHandOverDocuments();
    p.setCaseId(case_id);
    p.setTechnician("tec-ramos");
  };
}

inline Fill RecordMeterDelivery(const std::string& oemd) {
  return [=](schema::Command::Builder c) { c.initRecordMeterDelivery().setOrderNumber(oemd); };
}

inline Fill RecordEnergization(const std::string& oc, const std::string& serial) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRecordEnergization();
    p.setOrderNumber(oc);
    p.setMeterSerial(serial);
    p.setMeterReading(0);
  };
}

inline Fill ByOrder(schema::Command::Which which, const std::string& order) {
  using C = schema::Command;
  return [=](C::Builder c) {
    switch (which) {
      case C::VERIFY_RETURNED_ORDER: c.initVerifyReturnedOrder().setOrderNumber(order); break;
      case C::ARCHIVE_ORDER: c.initArchiveOrder().setOrderNumber(order); break;
      case C::RECORD_CUT_EXECUTED: c.initRecordCutExecuted().setOrderNumber(order); break;
      case C::RECORD_REMOVAL_EXECUTED: c.initRecordRemovalExecuted().setOrderNumber(order); break;
      case C::HAND_ORDER_TO_TECHNICIAN: {
        auto p = c.initHandOrderToTechnician();
        p.setOrderNumber(order);
        p.setTechnician("tec-ramos");
        break;
      }
      default: ADD_FAILURE() << "ByOrder does not build " << static_cast<int>(which);
    }
  };
}

inline Fill OrderList(schema::Command::Which which, const std::vector<std::string>& orders,
                      const std::string& month = "") {
  using C = schema::Command;
  return [=](C::Builder c) {
    capnp::List<capnp::Text>::Builder list;
    const auto n = static_cast<unsigned>(orders.size());
    switch (which) {
      case C::REGISTER_IN_DAILY_CONTROL: list = c.initRegisterInDailyControl().initOrderNumbers(n); break;
      case C::SEND_ORDERS_TO_ODECO: list = c.initSendOrdersToOdeco().initOrderNumbers(n); break;
      case C::PROCESS_ORDERS_AT_ODECO: list = c.initProcessOrdersAtOdeco().initOrderNumbers(n); break;
      case C::SEND_MONTHLY_BATCH_TO_CPD: {
        auto p = c.initSendMonthlyBatchToCpd();
        p.setBatchMonth(month);
        list = p.initOrderNumbers(n);
        break;
      }
      case C::RECEIVE_CPD_BATCH: {
        auto p = c.initReceiveCpdBatch();
        p.setBatchMonth(month);
        list = p.initOrderNumbers(n);
        break;
      }
      default: ADD_FAILURE() << "OrderList does not build " << static_cast<int>(which); return;
    }
    for (unsigned i = 0; i < n; ++i) list.set(i, orders[i]);
  };
}

inline Fill AnnulOrder(const std::string& order, const std::string& reason) {
  return [=](schema::Command::Builder c) {
    auto p = c.initAnnulOrder();
    p.setOrderNumber(order);
    p.setReason(reason);
  };
}

inline Fill SendBack(const std::string& order, const std::string& reason) {
  return [=](schema::Command::Builder c) {
    auto p = c.initSendBackOrder();
    p.setOrderNumber(order);
    p.initReasons(1).set(0, reason);
  };
}

inline Fill NotExecuted(const std::string& order, const std::string& reason) {
  return [=](schema::Command::Builder c) {
    auto p = c.initRecordOrderNotExecuted();
    p.setOrderNumber(order);
    p.setReason(reason);
  };
}

inline std::string OnlyOrder(const CommandOutcome& out) {
  EXPECT_EQ(out.issued_orders.size(), 1u);
  return out.issued_orders.empty() ? "" : out.issued_orders[0];
}

// Runs a new connection (8.1) for `ci` up to and including `stop`.
// Runs an 8.1 case of `kind` (on `subscriber` when the kind needs one) up to and including
// `stop`. An empty `meter` skips the meter registration (the subscriber's meter is used).
inline ConnectionRun RunConnection(Ledger& l, CaseKind kind, const std::string& ci,
                                   const std::string& subscriber, Stage stop,
                                   MeterOwnership ownership, const std::string& meter,
                                   const std::string& address = "Av. Chichas 123, Tupiza") {
  using C = schema::Command;
  ConnectionRun r;
  r.subscriber = subscriber;
  auto past = [stop](Stage s) { return static_cast<int>(stop) >= static_cast<int>(s); };
  r.case_id = Ok(l.Run(Role::PLATFORM, OpenCase(kind, ci, subscriber, address))).case_id;
  if (!past(Stage::kDocuments)) return r;
  Ok(l.Run(Role::PLATFORM, PresentDocuments(r.case_id, kConnectionDocs)));
  if (!past(Stage::kClient)) return r;
  Ok(l.Run(Role::PLATFORM, RegisterClient(r.case_id, ci)));
  if (!past(Stage::kOrt)) return r;
  r.ort = OnlyOrder(Ok(l.Run(Role::PLATFORM, ByCase(C::ISSUE_REQUIREMENTS_ORDER, r.case_id))));
  if (!past(Stage::kVisit)) return r;
  Ok(l.Run(Role::TECHNICIAN, RecordVisit(r.ort, {{"CAB-6", 30}, {"CAJ-1", 1}, {"TER-1", 1}})));
  if (!past(Stage::kQuote)) return r;
  r.cot = OnlyOrder(Ok(l.Run(Role::PLATFORM, ByCase(C::ISSUE_QUOTE, r.case_id))));
  if (!past(Stage::kPaid)) return r;
  r.oem = OnlyOrder(Ok(l.Run(Role::CASHIER, RecordPayment(r.case_id, 50585))));
  if (!past(Stage::kDelivered)) return r;
  Ok(l.Run(Role::WAREHOUSE, RecordDelivery(r.oem, {{"CAB-6", 30}, {"CAJ-1", 1}, {"TER-1", 1}})));
  if (!past(Stage::kInstalled)) return r;
  Ok(l.Run(Role::PLATFORM, ReportInstallation(r.case_id)));
  if (!past(Stage::kInspectionOrdered)) return r;
  auto oit = Ok(l.Run(Role::PLATFORM, ByCase(C::ISSUE_INSPECTION_ORDER, r.case_id)));
  r.oit = OnlyOrder(oit);
  if (!oit.subscriber_number.empty()) r.subscriber = oit.subscriber_number;
  if (!past(Stage::kInspected)) return r;
  Ok(l.Run(Role::TECHNICIAN, RecordInspection(r.oit, true)));
  if (!past(Stage::kViable)) return r;
  Ok(l.Run(Role::PLATFORM, DecideViability(r.case_id, true)));
  if (!past(Stage::kMeter)) return r;
  r.meter = meter.empty() ? l.Subscriber(r.subscriber).meter_serial : meter;
  if (!meter.empty()) {
    auto m = Ok(l.Run(Role::PLATFORM, RegisterMeter(r.case_id, meter, ownership)));
    if (m.issued_orders.size() == 2) {
      r.frm = m.issued_orders[0];
      r.oemd = m.issued_orders[1];
    }
  }
  if (!past(Stage::kConnectionOrder)) return r;
  r.oc = OnlyOrder(Ok(l.Run(Role::PLATFORM, ByCase(C::ISSUE_CONNECTION_ORDER, r.case_id))));
  if (!past(Stage::kContract)) return r;
  r.con = OnlyOrder(Ok(l.Run(Role::PLATFORM, ByCase(C::PREPARE_CONTRACT, r.case_id))));
  if (!past(Stage::kSigned)) return r;
  Ok(l.Run(Role::PLATFORM, ByCase(C::RECORD_CONTRACT_SIGNED, r.case_id)));
  if (!past(Stage::kHandedOver)) return r;
  Ok(l.Run(Role::PLATFORM, HandOver(r.case_id)));
  if (!past(Stage::kFolder)) return r;
  Ok(l.Run(Role::PLATFORM, ByCase(C::ASSEMBLE_FOLDER, r.case_id)));
  if (!past(Stage::kEnergized)) return r;
  if (!r.oemd.empty()) Ok(l.Run(Role::WAREHOUSE, RecordMeterDelivery(r.oemd)));
  Ok(l.Run(Role::TECHNICIAN, RecordEnergization(r.oc, r.meter)));
  if (!past(Stage::kCompleted)) return r;
  Ok(l.Run(Role::PLATFORM, ByCase(C::COMPLETE_CASE, r.case_id)));
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
  using C = schema::Command;
  const std::string case_id = Ok(l.Run(Role::PLATFORM, OpenCase(CaseKind::CUT, ci, subscriber))).case_id;
  Ok(l.Run(Role::PLATFORM, ByCase(C::RECORD_CUT_CONDITIONS_EXPLAINED, case_id)));
  Ok(l.Run(Role::PLATFORM, ByCase(C::RECORD_CLIENT_CONFIRMATION, case_id)));
  const std::string ocs = OnlyOrder(Ok(l.Run(Role::PLATFORM, ByCase(C::ISSUE_CUT_ORDER, case_id))));
  Ok(l.Run(Role::TECHNICIAN, ByOrder(C::RECORD_CUT_EXECUTED, ocs)));
  return {case_id, ocs};
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_DESK_FIXTURE_H_
