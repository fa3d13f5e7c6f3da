// Reachability over the order state machine (manual 8.5, issue #15): for every order type, from
// the moment its procedure issues it, a breadth-first search tries every command that applies to
// an order (hand-over, each return, not executed, verify, send back, daily control, archive,
// ODECO, the CPD batch, annulment), the case's own next step and its withdrawal or non-viability,
// through the real LoadWorld + Decide + Evolve with the test clock. States are the order's
// status and flags with its case's step; the search runs until no new state appears. It asserts
// that from every state reached the order can still reach one of the ends docs/procedures.md
// names (archived, receivedByCpd, annulled; a COT, FRM or CON: its case closed), and that a state
// with no way out is one of those ends.
#include <deque>
#include <set>
#include <sstream>

#include "tests/fork_ledger.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using domain::OrderStatus;
using T = schema::OrderType;
namespace conn = scenarios::connection;
namespace svc = scenarios::service;

constexpr const char* kCi = "4455667";

// One procedure's data (a connection or a service case) and where its walk stands.
struct Walker {
  scenarios::Connection c;
  scenarios::Service s;
};
using Step = std::function<Result<CommandOutcome>(ForkLedger&, Walker&)>;
struct ProcedureStep {
  Step run;
  T returns = T::COT;  // the type whose field return this step is (COT: none)
};

// A procedure: its steps, and who issues each order type (the step index and the number).
struct Procedure {
  std::string name;
  std::vector<ProcedureStep> steps;
};

ProcedureStep Do(Result<CommandOutcome> (*f)(scenarios::Desk&, scenarios::Connection&),
                 T returns = T::COT) {
  return {[f](ForkLedger& l, Walker& w) { return f(l, w.c); }, returns};
}
ProcedureStep DoS(Result<CommandOutcome> (*f)(scenarios::Desk&, scenarios::Service&),
                  T returns = T::COT) {
  return {[f](ForkLedger& l, Walker& w) { return f(l, w.s); }, returns};
}

// 8.1 with a lent meter (so that FRM and OEMD are issued).
Procedure NewConnection() {
  Procedure p{"8.1", {}};
  p.steps = {
      Do(conn::Open),
      {[](ForkLedger& l, Walker& w) { return conn::PresentDocuments(l, w.c); }},
      Do(conn::RegisterClient),
      Do(conn::IssueRequirementsOrder),
      Do(conn::RecordVisit, T::ORT),
      Do(conn::IssueQuote),
      Do(conn::Pay),
      Do(conn::DeliverMaterials, T::OEM),
      Do(conn::ReportInstallation),
      Do(conn::IssueInspectionOrder),
      {[](ForkLedger& l, Walker& w) { return conn::RecordInspection(l, w.c, true); }, T::OIT},
      {[](ForkLedger& l, Walker& w) { return conn::DecideViability(l, w.c, true); }},
      Do(conn::RegisterMeter),
      Do(conn::IssueConnectionOrder),
      Do(conn::PrepareContract),
      Do(conn::SignContract),
      Do(conn::HandOver),
      Do(conn::AssembleFolder),
      Do(conn::DeliverMeter, T::OEMD),
      {[](ForkLedger& l, Walker& w) {
         return l.Run(Role::TECHNICIAN, RecordEnergization(w.c.oc, w.c.meter));
       },
       T::OC},
      Do(conn::Complete)};
  return p;
}

Procedure Reconnection() {
  Procedure p{"8.2", {}};
  p.steps = {DoS(svc::Open),
             DoS(svc::IssueInspectionOrder),
             {[](ForkLedger& l, Walker& w) {
               l.Advance(11 * kMinute);  // after the window of 8.2 step 6
               return svc::ProcessReconnectionInspection(l, w.s);
             }},
             DoS(svc::IssueConnectionOrder),
             DoS(svc::PrepareContract),
             DoS(svc::SignContract),
             DoS(svc::HandOver),
             DoS(svc::AssembleFolder),
             DoS(svc::Energize, T::OC),
             DoS(svc::Complete)};
  return p;
}

Procedure Cut() {
  return {"8.3",
          {DoS(svc::Open), DoS(svc::ExplainCutConditions), DoS(svc::RecordClientConfirmation),
           DoS(svc::IssueCutOrder), DoS(svc::ExecuteCut, T::OCS)}};
}

Procedure Removal() {
  return {"8.4", {DoS(svc::Open), DoS(svc::IssueRemovalOrder), DoS(svc::ExecuteRemoval, T::OSR)}};
}

// One state of the search: a copy of the ledger, the walk, the next step and the order watched.
struct Node {
  ForkLedger ledger;
  Walker walker;
  size_t next = 0;
  std::string order;
};

std::string CaseId(const Node& n) {
  return n.walker.c.case_id.empty() ? n.walker.s.case_id : n.walker.c.case_id;
}

// What decides the order's future: its status and flags, and its case's step and end.
std::string Key(Node& n) {
  auto o = n.ledger.Order(n.order);
  auto k = n.ledger.Case(CaseId(n));
  std::ostringstream out;
  out << domain::OrderStatusName(o.status) << " outcome=" << static_cast<int>(o.outcome)
      << " executed=" << o.ever_executed << " satisfactory=" << o.satisfactory
      << " processedAtDesk=" << o.reconnection_processed
      << " ortProcessed=" << o.requirements_processed << " ortUnfinished=" << o.case_unfinished
      << " | case step " << n.next << " closed=" << k.closed << " withdrawn=" << k.withdrawn
      << " outcome=" << static_cast<int>(k.outcome);
  return out.str();
}

// The ends docs/procedures.md names: archived (ORT), received by CPD, annulled; a COT, FRM or CON
// is handed to the client and never returned: its life ends with its case.
bool DocumentedEnd(Node& n) {
  auto o = n.ledger.Order(n.order);
  if (o.status == OrderStatus::kArchived || o.status == OrderStatus::kReceivedByCpd ||
      o.status == OrderStatus::kAnnulled) {
    return true;
  }
  const bool to_client = o.type == T::COT || o.type == T::FRM || o.type == T::CON;
  return to_client && o.status == OrderStatus::kIssued && n.ledger.Case(CaseId(n)).closed;
}

// Every command that applies to an order, on `n.order`, with the role that sends it.
std::vector<std::pair<Role, Fill>> OrderCommands(Node& n) {
  const std::string& t = n.order;
  auto o = n.ledger.Order(t);
  const std::string meter = n.walker.c.meter.empty() ? n.walker.s.meter : n.walker.c.meter;
  std::vector<std::pair<Role, Fill>> out = {
      {Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, t)},
      {Role::TECHNICIAN, NotExecuted(t, "Domicilio cerrado")},
      {Role::TECHNICIAN, RecordVisit(t, {{"CAB-6", 30}})},
      {Role::WAREHOUSE, RecordDelivery(t, scenarios::ResidentialMaterials(30))},
      {Role::TECHNICIAN, RecordInspection(t, true)},
      {Role::TECHNICIAN, RecordInspection(t, false)},
      {Role::WAREHOUSE, RecordMeterDelivery(t)},
      {Role::TECHNICIAN, RecordEnergization(t, meter)},
      {Role::TECHNICIAN, scenarios::cmd::RecordCutExecuted(t, 100)},
      {Role::TECHNICIAN, scenarios::cmd::RecordRemovalExecuted(t, 100)},
      {Role::PLATFORM, OrderList(C::VERIFY_RETURNED_ORDER, {t})},
      {Role::PLATFORM, SendBack(t, "Falta la firma del técnico")},
      {Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {t})},
      {Role::PLATFORM, ByOrder(C::ARCHIVE_ORDER, t)},
      {Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {t})},
      {Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {t})},
      {Role::ODECO,
       OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {t}, o.odeco_processed_date.substr(0, 7))},
      {Role::CPD, OrderList(C::RECEIVE_CPD_BATCH, {t}, o.cpd_month)},
      {Role::PLATFORM, AnnulOrder(t, "Error de emisión")},
  };
  const std::string id = CaseId(n);
  out.push_back({Role::PLATFORM, [id](C::Builder c) {
                   auto p = c.initWithdrawCase();
                   p.setCaseId(id);
                   p.setReason("El socio desiste");
                 }});
  out.push_back({Role::PLATFORM, DecideViability(id, false)});
  return out;
}

struct Search {
  std::map<std::string, std::set<std::string>> edges;  // key -> keys one command away
  std::set<std::string> ends;                          // keys that are documented ends
  std::set<std::string> keys;
};

// Explores every state of the order issued by step `issuer` of `procedure` (its number: `number`).
Search Explore(const Procedure& procedure, size_t issuer,
               const std::function<std::string(const Walker&)>& number,
               const std::function<void(ForkLedger&, Walker&)>& setup) {
  Node start;
  SeedReference(start.ledger);
  setup(start.ledger, start.walker);
  for (size_t i = 0; i <= issuer; ++i) {
    auto out = procedure.steps[i].run(start.ledger, start.walker);
    EXPECT_TRUE(out.has_value()) << procedure.name << " step " << i << ": "
                                 << (out ? "" : out.error().ToString());
  }
  start.next = issuer + 1;
  start.order = number(start.walker);
  Search s;
  std::deque<Node> queue = {start};
  s.keys.insert(Key(start));
  while (!queue.empty()) {
    Node n = std::move(queue.front());
    queue.pop_front();
    const std::string from = Key(n);
    if (DocumentedEnd(n)) s.ends.insert(from);
    auto visit = [&](Node next) {
      const std::string to = Key(next);
      if (to == from) return;
      s.edges[from].insert(to);
      if (s.keys.insert(to).second) queue.push_back(std::move(next));
    };
    for (auto& [role, fill] : OrderCommands(n)) {
      if (!n.ledger.Accepts(role, fill)) continue;
      Node next = n;
      EXPECT_TRUE(next.ledger.Run(role, fill).has_value());
      visit(std::move(next));
    }
    if (n.next < procedure.steps.size()) {  // the case's next step
      Node next = n;
      const ProcedureStep& step = procedure.steps[n.next];
      ++next.next;
      // A step that is the watched order's own return is already done when the order was executed.
      const bool done = step.returns == next.ledger.Order(n.order).type &&
                        next.ledger.Order(n.order).ever_executed;
      if (done || step.run(next.ledger, next.walker)) visit(std::move(next));
    }
  }
  return s;
}

// Keys from which no documented end can be reached.
std::vector<std::string> DeadEnds(const Search& s) {
  std::set<std::string> good = s.ends;
  for (bool grew = true; grew;) {
    grew = false;
    for (const std::string& k : s.keys) {
      if (good.contains(k)) continue;
      auto it = s.edges.find(k);
      if (it == s.edges.end()) continue;
      for (const std::string& to : it->second) {
        if (good.contains(to)) {
          good.insert(k);
          grew = true;
          break;
        }
      }
    }
  }
  std::vector<std::string> dead;
  for (const std::string& k : s.keys) {
    if (!good.contains(k)) dead.push_back(k);
  }
  return dead;
}

void ExpectEveryStateCanEnd(const Search& s, const std::string& what) {
  EXPECT_GT(s.keys.size(), 3u) << what;
  EXPECT_FALSE(s.ends.empty()) << what << ": no end reached";
  for (const std::string& dead : DeadEnds(s)) ADD_FAILURE() << what << " stuck: " << dead;
  // A state with no way out is a documented end.
  for (const std::string& k : s.keys) {
    if (!s.edges.contains(k)) {
      EXPECT_TRUE(s.ends.contains(k)) << what << " no command out of: " << k;
    }
  }
}

void LentMeterConnection(ForkLedger&, Walker& w) {
  w.c.ci = kCi;
  w.c.ownership = MeterOwnership::LENT;
}

// A connected subscriber of kCi (cut first for a reconnection).
std::function<void(ForkLedger&, Walker&)> OnSubscriber(CaseKind kind) {
  return [kind](ForkLedger& l, Walker& w) {
    auto run = ConnectedSubscriber(l, kCi);
    if (kind == CaseKind::RECONNECTION) CutService(l, kCi, run.subscriber);
    w.s.kind = kind;
    w.s.ci = kCi;
    w.s.subscriber = run.subscriber;
    w.s.meter = run.meter;
  };
}

TEST(OrderReachability, EveryOrderOfANewConnectionCanReachADocumentedEnd) {
  const Procedure p = NewConnection();
  const std::vector<std::tuple<std::string, size_t, std::function<std::string(const Walker&)>>>
      orders = {
          {"ORT", 3, [](const Walker& w) { return w.c.ort; }},
          {"COT", 5, [](const Walker& w) { return w.c.cot; }},
          {"OEM", 6, [](const Walker& w) { return w.c.oem; }},
          {"OIT", 9, [](const Walker& w) { return w.c.oit; }},
          {"FRM", 12, [](const Walker& w) { return w.c.frm; }},
          {"OEMD", 12, [](const Walker& w) { return w.c.oemd; }},
          {"OC", 13, [](const Walker& w) { return w.c.oc; }},
          {"CON", 14, [](const Walker& w) { return w.c.con; }},
      };
  for (const auto& [what, issuer, number] : orders) {
    ExpectEveryStateCanEnd(Explore(p, issuer, number, LentMeterConnection), "8.1 " + what);
  }
}

TEST(OrderReachability, TheReconnectionOitAndOcCanReachADocumentedEnd) {
  const Procedure p = Reconnection();
  auto setup = OnSubscriber(CaseKind::RECONNECTION);
  ExpectEveryStateCanEnd(Explore(
                             p, 1, [](const Walker& w) { return w.s.order; }, setup),
                         "8.2 OIT");
  ExpectEveryStateCanEnd(Explore(
                             p, 3, [](const Walker& w) { return w.s.oc; }, setup),
                         "8.2 OC");
}

TEST(OrderReachability, TheCutAndRemovalOrdersCanReachADocumentedEnd) {
  ExpectEveryStateCanEnd(
      Explore(
          Cut(), 3, [](const Walker& w) { return w.s.order; }, OnSubscriber(CaseKind::CUT)),
      "8.3 OCS");
  ExpectEveryStateCanEnd(
      Explore(
          Removal(), 1, [](const Walker& w) { return w.s.order; }, OnSubscriber(CaseKind::REMOVAL)),
      "8.4 OSR");
}

}  // namespace
}  // namespace bitacora::testing
