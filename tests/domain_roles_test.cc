// The whole role × command matrix of docs/domain.md §2, table-driven: every command kind against
// every role, decided in memory; and every command refused to the auditor through the handler with
// nothing appended.
#include <capnp/dynamic.h>

#include <map>
#include <set>

#include "tests/desk_fixture.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using R = schema::Role;

const std::set<R> kPlatform = {R::PLATFORM, R::SUPERVISOR};

// The roles table written out from docs/domain.md §2, independently of core/domain/roles.cc.
const std::map<std::string, std::set<R>>& Expected() {
  static const auto* table = new std::map<std::string, std::set<R>>{
      {"setRequirementChecklist", {R::SUPERVISOR}},
      {"setMaterialPrices", {R::SUPERVISOR}},
      {"setTariff", {R::SUPERVISOR}},
      {"setTechnicianOnDuty", {R::SUPERVISOR}},
      {"setHolidays", {R::SUPERVISOR}},
      {"openCase", kPlatform},
      {"presentDocuments", kPlatform},
      {"registerClient", kPlatform},
      {"issueRequirementsOrder", kPlatform},
      {"recordVisit", {R::TECHNICIAN}},
      {"issueQuote", kPlatform},
      {"recordPayment", {R::CASHIER}},
      {"recordMaterialsDelivery", {R::WAREHOUSE}},
      {"reportInstallation", kPlatform},
      {"issueInspectionOrder", kPlatform},
      {"recordInspectionResult", {R::TECHNICIAN}},
      {"processReconnectionInspection", kPlatform},
      {"decideViability", kPlatform},
      {"registerMeter", kPlatform},
      {"issueConnectionOrder", kPlatform},
      {"prepareContract", kPlatform},
      {"recordContractSigned", kPlatform},
      {"handOverDocuments", kPlatform},
      {"recordMeterDelivery", {R::WAREHOUSE}},
      {"assembleFolder", kPlatform},
      {"recordEnergization", {R::TECHNICIAN}},
      {"completeCase", kPlatform},
      {"recordCutConditionsExplained", kPlatform},
      {"recordClientConfirmation", kPlatform},
      {"issueCutOrder", kPlatform},
      {"recordCutExecuted", {R::TECHNICIAN}},
      {"issueRemovalOrder", kPlatform},
      {"recordRemovalExecuted", {R::TECHNICIAN}},
      {"handOrderToTechnician", kPlatform},
      {"recordOrderNotExecuted", {R::TECHNICIAN}},
      {"verifyReturnedOrder", kPlatform},
      {"sendBackOrder", kPlatform},
      {"registerInDailyControl", kPlatform},
      {"archiveOrder", kPlatform},
      {"sendOrdersToOdeco", kPlatform},
      {"processOrdersAtOdeco", {R::ODECO}},
      {"sendMonthlyBatchToCpd", {R::ODECO}},
      {"receiveCpdBatch", {R::CPD}},
      {"annulOrder", kPlatform},
      {"receiveNonViableCase", {R::ODECO}},
      {"recordCorrection", {R::SUPERVISOR}},
      {"issueToken", {R::SUPERVISOR}},
      {"revokeToken", {R::SUPERVISOR}},
      {"recordNote", {R::SUPERVISOR}},
      {"withdrawCase", kPlatform},
      {"refundPayment", {R::CASHIER}},
      {"createUser", {R::SUPERVISOR}},
      {"changeUserRole", {R::SUPERVISOR}},
      {"resetUserPassword", {R::SUPERVISOR}},
      {"disableUser", {R::SUPERVISOR}},
      {"recordSignIn", {R::SYSTEM}},
  };
  return *table;
}

constexpr R kRoles[] = {R::PLATFORM, R::TECHNICIAN, R::CASHIER, R::WAREHOUSE, R::ODECO,
                        R::CPD,      R::SUPERVISOR, R::AUDITOR, R::SYSTEM};

// A command of kind `name` with default fields.
Fill EmptyCommand(const std::string& name) {
  return [name](C::Builder c) { capnp::toDynamic(c).init(name); };
}

TEST(RoleMatrix, TableCoversEveryCommandInTheSchema) {
  const auto union_fields = capnp::Schema::from<C>().getUnionFields();
  EXPECT_EQ(union_fields.size(), Expected().size());
  EXPECT_EQ(domain::AllCommandKinds().size(), Expected().size());
  for (auto field : union_fields) {
    EXPECT_TRUE(Expected().contains(field.getProto().getName().cStr())) << field.getProto().getName().cStr();
  }
}

TEST(RoleMatrix, EachRoleMayIssueExactlyItsCommands) {
  int allowed = 0;
  int refused = 0;
  for (C::Which which : domain::AllCommandKinds()) {
    const std::string name(domain::CommandName(which));
    ASSERT_TRUE(Expected().contains(name)) << name;
    for (R role : kRoles) {
      const bool expected = Expected().at(name).contains(role);
      MemoryLedger ledger;
      auto result = ledger.Run(role, EmptyCommand(name));
      const bool denied = !result && result.error().code == "not_allowed_for_role";
      EXPECT_EQ(!denied, expected) << name << " by role " << static_cast<int>(role)
                                   << (result ? "" : ": " + result.error().ToString());
      // decide() applies the same table on its own, whatever the world.
      capnp::MallocMessageBuilder message;
      auto command = message.initRoot<C>();
      EmptyCommand(name)(command);
      auto decided = domain::Decide(domain::World{}, role, command.asReader(), domain::Context{});
      EXPECT_EQ(!decided && decided.error().code == "not_allowed_for_role", !expected) << name;
      if (denied) {
        EXPECT_EQ(result.error().kind, ErrorKind::kPermissionDenied);
        EXPECT_EQ(ledger.HeadPosition(), 0u);
        ++refused;
      } else {
        ++allowed;
      }
    }
  }
  EXPECT_EQ(allowed + refused, static_cast<int>(Expected().size() * std::size(kRoles)));
  EXPECT_GT(refused, allowed);
}

TEST(RoleMatrix, SupervisorMayDoEverythingPlatformMay) {
  for (C::Which which : domain::AllCommandKinds()) {
    if (domain::RoleMayIssue(R::PLATFORM, which)) {
      EXPECT_TRUE(domain::RoleMayIssue(R::SUPERVISOR, which)) << domain::CommandName(which);
    }
  }
}

TEST(RoleMatrix, AuditorNeverWritesThroughTheHandler) {
  StoreLedger ledger;
  SeedReference(ledger);
  const uint64_t head = ledger.HeadPosition();
  for (C::Which which : domain::AllCommandKinds()) {
    auto result = ledger.Run(R::AUDITOR, EmptyCommand(std::string(domain::CommandName(which))));
    ASSERT_FALSE(result) << domain::CommandName(which);
    EXPECT_EQ(result.error().code, "not_allowed_for_role");
    EXPECT_NE(result.error().message.find("auditor"), std::string::npos);
  }
  EXPECT_EQ(ledger.HeadPosition(), head);
}

}  // namespace
}  // namespace bitacora::testing
