// The CLI's procedure-command flags are derived from the schema: a command built from flags
// equals the one built in code, for texts, enums, integers, bools, lists of text and of structs.
#include <capnp/message.h>
#include <capnp/pretty-print.h>
#include <gtest/gtest.h>

#include "cli/commands/command_flags.h"
#include "tests/result_testing.h"

namespace bitacora::testing {
namespace {

// Parses `args` as the subcommand of `name` and builds the command.
Result<std::string> FromFlags(const std::string& name, std::vector<std::string> args) {
  auto kind = app::FindCommandKind(name);
  EXPECT_TRUE(kind.has_value()) << name;
  CLI::App app;
  CLI::App* sub = app.add_subcommand(kind->verb);
  CommandFlagValues values;
  AddCommandFlags(*sub, *kind, values);
  args.insert(args.begin(), kind->verb);
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments reversed
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return Fail(ErrorKind::kInvalidArgument, "parse", e.what());
  }
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  if (Status s = FillCommand(values, command); !s) return Fail(s.error());
  return std::string(capnp::prettyPrint(command.asReader()).flatten().cStr());
}

std::string InCode(const std::function<void(schema::Command::Builder)>& fill) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  fill(command);
  return capnp::prettyPrint(command.asReader()).flatten().cStr();
}

TEST(CliFlagsTest, OpenCaseFromFlagsEqualsCode) {
  auto flags = FromFlags("openCase", {"--kind", "new-connection", "--client-ci", "1234567 LP", "--tariff-category",
                                      "residential", "--address", "Av. Chichas 123", "--command-id", "c-1",
                                      "--occurred-at-ns", "1795000000000000000"});
  ASSERT_TRUE(flags.has_value()) << flags.error().ToString();
  EXPECT_EQ(*flags, InCode([](schema::Command::Builder c) {
              c.setCommandId("c-1");
              c.setOccurredAtNs(1795000000000000000);
              auto p = c.initOpenCase();
              p.setKind(schema::CaseKind::NEW_CONNECTION);
              p.setClientCi("1234567 LP");
              p.setTariffCategory(schema::TariffCategory::RESIDENTIAL);
              p.setAddress("Av. Chichas 123");
            }));
}

TEST(CliFlagsTest, ListsOfStructsBoolsAndTexts) {
  auto visit = FromFlags("recordVisit", {"--order-number", "ORT-2026-000001", "--materials", "code=CAB-6,quantity=30",
                                         "--materials", R"({"code":"CAJ-1","quantity":1})", "--command-id", "c-2"});
  ASSERT_TRUE(visit.has_value()) << visit.error().ToString();
  EXPECT_EQ(*visit, InCode([](schema::Command::Builder c) {
              c.setCommandId("c-2");
              auto p = c.initRecordVisit();
              p.setOrderNumber("ORT-2026-000001");
              auto m = p.initMaterials(2);
              m[0].setCode("CAB-6");
              m[0].setQuantity(30);
              m[1].setCode("CAJ-1");
              m[1].setQuantity(1);
            }));
  auto viability = FromFlags("decideViability", {"--case-id", "TRA-2026-000001", "--viable=false", "--reasons",
                                                 "La red no llega", "--reasons", "Sin poste", "--command-id", "c-3"});
  ASSERT_TRUE(viability.has_value()) << viability.error().ToString();
  EXPECT_EQ(*viability, InCode([](schema::Command::Builder c) {
              c.setCommandId("c-3");
              auto p = c.initDecideViability();
              p.setCaseId("TRA-2026-000001");
              p.setViable(false);
              auto r = p.initReasons(2);
              r.set(0, "La red no llega");
              r.set(1, "Sin poste");
            }));
  auto inspected = FromFlags("recordInspectionResult", {"--order-number", "OIT-2026-000001", "--satisfactory",
                                                        "--command-id", "c-4"});
  ASSERT_TRUE(inspected.has_value());
  EXPECT_EQ(*inspected, InCode([](schema::Command::Builder c) {
              c.setCommandId("c-4");
              auto p = c.initRecordInspectionResult();
              p.setOrderNumber("OIT-2026-000001");
              p.setSatisfactory(true);
            }));
}

TEST(CliFlagsTest, EveryCommandHasAFlagPerField) {
  for (const app::CommandKind& kind : app::CommandKinds()) {
    CLI::App app;
    CLI::App* sub = app.add_subcommand(kind.verb);
    CommandFlagValues values;
    AddCommandFlags(*sub, kind, values);
    for (auto field : kind.params.getFields()) {
      const std::string flag = "--" + app::KebabCase(field.getProto().getName().cStr());
      EXPECT_NO_THROW(sub->get_option(flag)) << kind.verb << " " << flag;
    }
    EXPECT_NO_THROW(sub->get_option("--command-id"));
  }
  // 46 desk commands, withdrawCase, issueToken, revokeToken, recordNote, refundPayment, and the
  // four user commands, recordSignIn
  EXPECT_EQ(app::CommandKinds().size(), 56u);
}

TEST(CliFlagsTest, BadValuesAreInvalidArguments) {
  auto bad_enum = FromFlags("openCase", {"--kind", "sideways"});
  ASSERT_FALSE(bad_enum.has_value());
  EXPECT_EQ(bad_enum.error().kind, ErrorKind::kInvalidArgument);
  auto bad_int = FromFlags("recordPayment", {"--amount-centavos", "12x"});
  ASSERT_FALSE(bad_int.has_value());
  EXPECT_EQ(bad_int.error().code, "bad_value");
  auto bad_pair = FromFlags("recordVisit", {"--materials", "code=CAB-6,weight=3"});
  ASSERT_FALSE(bad_pair.has_value());
  EXPECT_EQ(bad_pair.error().code, "unknown_field");
  auto negative = FromFlags("recordCorrection", {"--corrected-position", "-1"});
  ASSERT_FALSE(negative.has_value());
}

TEST(CliFlagsTest, MissingCommandIdBecomesFreshOne) {
  auto a = FromFlags("completeCase", {"--case-id", "TRA-2026-000001"});
  auto b = FromFlags("completeCase", {"--case-id", "TRA-2026-000001"});
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_NE(*a, *b);  // different random ids
  EXPECT_NE(a->find("cli-"), std::string::npos);
}

}  // namespace
}  // namespace bitacora::testing
