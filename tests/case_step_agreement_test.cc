// Where a case stands and what comes next (#15): the commands DescribeCaseStep lists are the ones
// Decide() does not refuse out of turn, at every step the scenarios reach.
#include <set>

#include "core/domain/case_steps.h"
#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using scenarios::cmd::IssueRemovalOrder;
using scenarios::cmd::RecordCutExecuted;
using scenarios::cmd::RecordRemovalExecuted;

// The refusals that mean "not now": the step, a closed case, an order not out any more.
bool OutOfTurn(const std::string& code) {
  static const std::set<std::string> kCodes = {
      "step_not_allowed",           "case_closed",           "documents_incomplete",
      "meter_not_registered",       "order_not_outstanding", "viability_not_decided",
      "inspection_not_satisfactory"};
  return kCodes.contains(code);
}

schema::Role FirstRole(C::Which which) {
  for (Role role : {Role::PLATFORM, Role::TECHNICIAN, Role::CASHIER, Role::WAREHOUSE, Role::ODECO,
                    Role::CPD, Role::SUPERVISOR}) {
    if (domain::RoleMayIssue(role, which)) return role;
  }
  return Role::SUPERVISOR;
}

std::string Live(const domain::World& w, OrderType type) {
  const domain::OrderState* o = w.LiveOrder(type);
  return o != nullptr ? o->number : "";
}

// A well-formed command of kind `which` for the case of `w`; nullptr when the case has no order
// such a field return could name (the command cannot even be written).
Fill CommandFor(C::Which which, const domain::World& w) {
  const std::string id = w.kase.id;
  auto by_order = [](const std::string& number, const Fill& fill) {
    return number.empty() ? Fill() : fill;
  };
  const std::string ort = Live(w, OrderType::ORT), oem = Live(w, OrderType::OEM),
                    oit = Live(w, OrderType::OIT), ocs = Live(w, OrderType::OCS),
                    osr = Live(w, OrderType::OSR);
  const domain::OrderState* cot = w.LiveOrder(OrderType::COT);
  const domain::OrderState* oc = w.LiveOrder(OrderType::OC);
  const scenarios::Materials materials = scenarios::ResidentialMaterials(30);
  if (which == C::PRESENT_DOCUMENTS) {
    return PresentDocuments(id, w.kase.kind == CaseKind::RECONNECTION ? scenarios::kReconnectionDocs
                                                                      : scenarios::kConnectionDocs);
  }
  if (which == C::REGISTER_CLIENT) return RegisterClient(id, w.kase.client_ci);
  if (which == C::RECORD_VISIT) return by_order(ort, RecordVisit(ort, materials));
  if (which == C::RECORD_PAYMENT)
    return RecordPayment(id, cot != nullptr ? cot->total_centavos : 50585);
  if (which == C::RECORD_MATERIALS_DELIVERY) return by_order(oem, RecordDelivery(oem, materials));
  if (which == C::REPORT_INSTALLATION) return ReportInstallation(id);
  if (which == C::RECORD_INSPECTION_RESULT) return by_order(oit, RecordInspection(oit, true));
  if (which == C::DECIDE_VIABILITY) {  // viable only after a satisfactory inspection
    const domain::OrderState* last = w.LiveOrder(OrderType::OIT);
    return DecideViability(id, last == nullptr || last->satisfactory);
  }
  if (which == C::REGISTER_METER) return RegisterMeter(id, "MED-7777", MeterOwnership::BOUGHT);
  if (which == C::HAND_OVER_DOCUMENTS) return HandOver(id);
  if (which == C::RECORD_ENERGIZATION) {
    return oc == nullptr ? Fill() : RecordEnergization(oc->number, oc->meter_serial);
  }
  if (which == C::RECORD_CUT_EXECUTED) return by_order(ocs, RecordCutExecuted(ocs, 999999));
  if (which == C::ISSUE_REMOVAL_ORDER) return IssueRemovalOrder(id, schema::RemovalMode::REMOVAL);
  if (which == C::RECORD_REMOVAL_EXECUTED) return by_order(osr, RecordRemovalExecuted(osr, 999999));
  return ByCase(which, id);  // the kinds whose only field is the case id
}

// A MemoryLedger that, after every command of a case, checks the case's step against Decide().
class CheckingLedger : public MemoryLedger {
 public:
  Result<CommandOutcome> Handle(const ActorRef& actor, const Fill& fill) override {
    auto out = MemoryLedger::Handle(actor, fill);
    if (out && !out->case_id.empty()) Check(out->case_id);
    return out;
  }

  std::set<std::string> steps_seen;
  int checks = 0;

 private:
  void Check(const std::string& case_id) {
    auto world = domain::LoadCaseWorld(Sources(), case_id, now());
    ASSERT_TRUE(world.has_value()) << world.error().ToString();
    const domain::CaseStepInfo info = domain::DescribeCaseStep(*world);
    steps_seen.insert(info.id);
    EXPECT_FALSE(info.label.empty());
    EXPECT_EQ(info.closed, info.commands.empty()) << info.id;
    EXPECT_EQ(info.manual.empty(), info.closed) << info.id;
    std::set<C::Which> listed;
    for (const auto& c : info.commands) {
      listed.insert(c.command);
      EXPECT_EQ(c.role, FirstRole(c.command));
    }
    if (!info.closed) {
      EXPECT_EQ(info.role, info.commands.front().role);
    }
    for (C::Which which : domain::StepGatedCommands()) {
      const Fill fill = CommandFor(which, *world);
      if (!fill) {
        EXPECT_FALSE(listed.contains(which)) << info.id << " lists " << domain::CommandName(which);
        continue;
      }
      capnp::MallocMessageBuilder message;
      auto command = message.initRoot<C>();
      fill(command);
      command.setCommandId("probe");
      domain::Context ctx;
      ctx.now_ns = now();
      auto loaded = domain::LoadWorld(Sources(), command.asReader(), now());
      Result<domain::Decision> decided =
          loaded ? domain::Decide(*loaded, FirstRole(which), command.asReader(), ctx)
                 : Result<domain::Decision>(Fail(loaded.error()));
      ++checks;
      const std::string name(domain::CommandName(which));
      if (listed.contains(which)) {
        EXPECT_TRUE(decided || !OutOfTurn(decided.error().code))
            << case_id << " at " << info.id << ": " << name << " listed but refused "
            << decided.error().ToString();
      } else {
        EXPECT_TRUE(!decided && OutOfTurn(decided.error().code))
            << case_id << " at " << info.id << ": " << name << " not listed but "
            << (decided ? std::string("accepted") : decided.error().ToString());
      }
    }
  }
};

TEST(CaseSteps, TheCommandsListedAreTheOnesDecideAcceptsAtEveryStepOfTheProcedures) {
  CheckingLedger l;
  SeedReference(l);
  // 8.1 with a bought meter, and with a lent one (FRM, OEMD).
  const ConnectionRun bought = ConnectedSubscriber(l, "1234567");
  ConnectedSubscriber(l, "2345678", MeterOwnership::LENT, "MED-0002");
  // Documents incomplete first; an unsatisfactory inspection inspected again; not viable.
  ConnectionRun c = RunNewConnection(l, "3456789", Stage::kOpened);
  Ok(scenarios::connection::PresentDocuments(l, c, /*complete=*/false));
  ASSERT_TRUE(scenarios::connection::Walk(l, c, Stage::kInspectionOrdered, Stage::kDocuments));
  Ok(scenarios::connection::RecordInspection(l, c, /*satisfactory=*/false));
  Ok(scenarios::connection::IssueInspectionOrder(l, c));
  Ok(scenarios::connection::RecordInspection(l, c, /*satisfactory=*/true));
  Ok(scenarios::connection::DecideViability(l, c, /*viable=*/false));
  // A meter change on the connected subscriber.
  RunConnection(l, CaseKind::METER_CHANGE, "1234567", bought.subscriber, Stage::kCompleted,
                MeterOwnership::BOUGHT, "MED-0003");
  // 8.3 cut, 8.2 reconnection, 8.4 removal on the same subscriber.
  CutService(l, "1234567", bought.subscriber);
  scenarios::Service rec;
  rec.kind = CaseKind::RECONNECTION;
  rec.ci = "1234567";
  rec.subscriber = bought.subscriber;
  rec.meter = "MED-0003";
  Ok(scenarios::service::Open(l, rec));
  Ok(scenarios::service::IssueInspectionOrder(l, rec));
  l.Advance(11 * kMinute);
  ASSERT_TRUE(scenarios::service::FinishReconnection(l, rec));
  scenarios::Service removal;
  removal.kind = CaseKind::REMOVAL;
  removal.ci = "1234567";
  removal.subscriber = bought.subscriber;
  removal.meter = "MED-0003";
  ASSERT_TRUE(scenarios::service::Removal(l, removal));

  const std::set<std::string> expected = {"presentDocuments",
                                          "registerClient",
                                          "issueRequirementsOrder",
                                          "recordVisit",
                                          "issueQuote",
                                          "recordPayment",
                                          "deliverMaterials",
                                          "reportInstallation",
                                          "issueInspectionOrder",
                                          "recordInspectionResult",
                                          "processReconnectionInspection",
                                          "decideViability",
                                          "registerMeter",
                                          "issueConnectionOrder",
                                          "prepareContract",
                                          "signContract",
                                          "handOverDocuments",
                                          "assembleFolder",
                                          "recordEnergization",
                                          "completeCase",
                                          "explainCutConditions",
                                          "confirmRequest",
                                          "issueCutOrder",
                                          "recordCutExecuted",
                                          "issueRemovalOrder",
                                          "recordRemovalExecuted",
                                          "closed"};
  EXPECT_EQ(l.steps_seen, expected);
  EXPECT_GT(l.checks, 500);
}

TEST(CaseSteps, AClosedCaseShowsNoCommandsAndAnOpenOneNamesItsStepInTheManual) {
  MemoryLedger l;
  SeedReference(l);
  ConnectionRun c = RunNewConnection(l, "4567890", Stage::kOrt);
  auto at_visit = domain::LoadCaseWorld(l.Sources(), c.case_id, l.now());
  ASSERT_TRUE(at_visit.has_value());
  const domain::CaseStepInfo visit = domain::DescribeCaseStep(*at_visit);
  EXPECT_EQ(visit.id, "recordVisit");
  EXPECT_EQ(visit.manual, "8.1 paso 4");
  EXPECT_EQ(visit.role, Role::TECHNICIAN);
  ASSERT_EQ(visit.commands.size(), 1u);
  EXPECT_EQ(visit.commands[0].command, C::RECORD_VISIT);
  ASSERT_TRUE(scenarios::connection::Walk(l, c, Stage::kCompleted, Stage::kVisit));
  auto done = domain::LoadCaseWorld(l.Sources(), c.case_id, l.now());
  ASSERT_TRUE(done.has_value());
  const domain::CaseStepInfo closed = domain::DescribeCaseStep(*done);
  EXPECT_TRUE(closed.closed);
  EXPECT_EQ(closed.id, "closed");
  EXPECT_TRUE(closed.commands.empty());
  EXPECT_EQ(closed.manual, "");
  auto missing = domain::LoadCaseWorld(l.Sources(), "TRA-2026-999999", l.now());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, "case_not_found");
}

// Found by the agreement test: the OIT of a reconnection is processed at the desk (8.2 step 6)
// and never returned, so the field cannot return it later, not even once the case is closed.
TEST(CaseSteps, AReconnectionInspectionProcessedAtTheDeskDoesNotComeBackFromTheField) {
  MemoryLedger l;
  SeedReference(l);
  const ConnectionRun connected = ConnectedSubscriber(l, "1234567");
  CutService(l, "1234567", connected.subscriber);
  scenarios::Service rec;
  rec.kind = CaseKind::RECONNECTION;
  rec.ci = "1234567";
  rec.subscriber = connected.subscriber;
  rec.meter = "MED-0001";
  Ok(scenarios::service::Open(l, rec));
  Ok(scenarios::service::IssueInspectionOrder(l, rec));
  l.Advance(11 * kMinute);
  Ok(scenarios::service::ProcessReconnectionInspection(l, rec));
  EXPECT_REFUSED(l, Role::TECHNICIAN, RecordInspection(rec.order, true), "order_not_outstanding");
}

}  // namespace
}  // namespace bitacora::testing
