// Issue #16, exports: a client named like a spreadsheet formula comes out of every CSV the reports
// write as text (OWASP: a leading single quote), and escape sequences or line breaks in names are
// shown escaped in the table format and the CLI's human output, so they cannot forge rows.
#include "app/reports.h"
#include "cli/commands/human.h"
#include "core/json/control_escapes.h"
#include "projections/report/daily_control.h"
#include "tests/projection_fixture.h"
#include "tests/report_test_util.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
constexpr int64_t kHour = 3600 * kSecond;
const std::string kFormula = "=HYPERLINK(\"http://x\")";
const std::string kEscapes = "Ana\x1b[2J\nORT-FALSA,1,2";

class ReportExportSafety : public ProjectionTest {
 protected:
  // Two orders returned on 2026-11-18, whose clients are then renamed to hostile names.
  void BuildDay() {
    auto a = RunNewConnection(ledger_, "1111111", Stage::kOrt);
    ledger_.Advance(4 * kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(a.ort, {{"CAB-6", 10}})));
    auto b = RunNewConnection(ledger_, "2222222", Stage::kOrt);
    ledger_.Advance(kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(b.ort, {{"CAB-6", 10}})));
    Rename("1111111", kFormula);
    Rename("2222222", kEscapes);
  }
  void Rename(const std::string& ci, const std::string& name) {
    ledger_.Seed(domain::ClientStream(ci), [&](schema::Event::Builder e) {
      auto p = e.initClientRegistered();
      p.setCi(ci);
      p.setFullName(name);
      p.setAddress("Calle 1");
    });
  }
  std::vector<projections::Table> Tables() {
    auto tables = app::BuildReport(Views(), app::ReportKind::kDailyControl, "2026-11-18", ledger_.now(), {});
    EXPECT_TRUE(tables.has_value()) << tables.error().ToString();
    return tables ? *tables : std::vector<projections::Table>{};
  }
};

TEST_F(ReportExportSafety, AFormulaNameComesOutOfTheCsvAsText) {
  BuildDay();
  auto csv = app::RenderReport(Tables(), "csv");
  ASSERT_TRUE(csv.has_value());
  const auto rows = ParseCsv(csv->body);
  bool found = false;
  for (const auto& row : rows) {
    for (const auto& cell : row) {
      EXPECT_NE(cell.rfind("=", 0), 0u) << cell;  // no cell starts a formula
      found = found || cell == "'" + kFormula;
    }
  }
  EXPECT_TRUE(found) << csv->body;
}

TEST_F(ReportExportSafety, EscapeSequencesAreShownEscapedInTheTableFormat) {
  BuildDay();
  auto text = app::RenderReport(Tables(), "table");
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(text->body.find('\x1b'), std::string::npos);
  EXPECT_NE(text->body.find("Ana\\x1b[2J\\x0aORT-FALSA,1,2"), std::string::npos) << text->body;
  // One line per row: the heading, two orders, the title and the notes; no forged line.
  EXPECT_EQ(text->body.find("\nORT-FALSA"), std::string::npos);
}

TEST(CsvInjection, EveryFormulaPrefixIsNeutralisedAndNumbersAreKept) {
  projections::Table t;
  t.headings = {"a"};
  for (const std::string cell : {"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx", "-12", "-3.5", "Ana", "-"}) {
    t.rows.push_back({cell});
  }
  const auto rows = ParseCsv(projections::ToCsv(t));
  ASSERT_EQ(rows.size(), 11u);
  const std::vector<std::string> expected = {"'=1+1", "'+1+1", "'-1+1", "'@SUM(A1)", "'\tx", "'\rx",
                                             "-12", "-3.5", "Ana", "'-"};
  for (size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(rows[i + 1][0], expected[i]) << i;
}

TEST(ControlEscapes, ControlCharactersAreShownAndTextIsKept) {
  EXPECT_EQ(EscapeControls("a\x1b[2Jb\nc\td\x7f"), "a\\x1b[2Jb\\x0ac\\x09d\\x7f");
  EXPECT_EQ(EscapeControls("Muñoz \xc2\x9b" "31m"), "Muñoz \\u009b31m");
  EXPECT_EQ(EscapeControls("Peñaranda Ávila"), "Peñaranda Ávila");
  EXPECT_TRUE(HasControls("x\r"));
  EXPECT_FALSE(HasControls("Ñandú"));
}

TEST(HumanOutput, TheCliShowsEscapesInNames) {
  const std::string text = HumanText(R"({"fullName":"Ana\u001b[2J\nfalsa: 1"})");
  EXPECT_EQ(text, "fullName: Ana\\x1b[2J\\x0afalsa: 1\n");
}

}  // namespace
}  // namespace bitacora::testing
