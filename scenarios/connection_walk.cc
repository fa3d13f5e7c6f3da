// connection::Walk (connection.h): the happy path of 8.1, step by step up to a stage.
#include "scenarios/connection.h"

namespace bitacora::scenarios::connection {

Status Walk(Desk& desk, Connection& c, Stage stop, Stage from) {
  using Step = Result<CommandOutcome> (*)(Desk&, Connection&);
  struct Leg {
    Stage stage;
    Step step;
  };
  static constexpr Leg kLegs[] = {
      {Stage::kOpened, Open},
      {Stage::kDocuments, [](Desk& d, Connection& x) { return PresentDocuments(d, x); }},
      {Stage::kClient, RegisterClient},
      {Stage::kOrt, IssueRequirementsOrder},
      {Stage::kVisit, RecordVisit},
      {Stage::kQuote, IssueQuote},
      {Stage::kPaid, Pay},
      {Stage::kDelivered, DeliverMaterials},
      {Stage::kInstalled, ReportInstallation},
      {Stage::kInspectionOrdered, IssueInspectionOrder},
      {Stage::kInspected, [](Desk& d, Connection& x) { return RecordInspection(d, x, true); }},
      {Stage::kViable, [](Desk& d, Connection& x) { return DecideViability(d, x, true); }},
      {Stage::kMeter, RegisterMeter},
      {Stage::kConnectionOrder, IssueConnectionOrder},
      {Stage::kContract, PrepareContract},
      {Stage::kSigned, SignContract},
      {Stage::kHandedOver, HandOver},
      {Stage::kFolder, AssembleFolder},
      {Stage::kEnergized, Energize},
      {Stage::kCompleted, Complete},
  };
  for (const Leg& leg : kLegs) {
    if (static_cast<int>(leg.stage) > static_cast<int>(stop)) break;
    if (static_cast<int>(leg.stage) < static_cast<int>(from)) continue;
    if (leg.stage == Stage::kMeter && c.meter.empty()) continue;
    if (auto out = leg.step(desk, c); !out) return Fail(out.error());
  }
  return {};
}

}  // namespace bitacora::scenarios::connection
