// Control diario de Órdenes, ODECO's daily list and the CPD batch on a ledger with known times;
// CSV parsed back, XLSX unzipped and its sheet XML checked.
#include "projections/report/daily_control.h"

#include "app/daily_control_json.h"
#include "app/reports.h"
#include "tests/projection_fixture.h"
#include "tests/report_test_util.h"

namespace bitacora::testing {
namespace {

using C = schema::Command;
using projections::Verification;
constexpr int64_t kHour = 3600 * kSecond;

class ReportDailyControl : public ProjectionTest {
 protected:
  // Wednesday 2026-11-18 (La Paz; kStart is 07:06): ORT-1 returned executed at 11:06 and verified
  // and registered; ORT-2 returned not executed at 13:06; ORT-3 returned at 13:06 and sent back.
  void BuildDay() {
    a_ = RunNewConnection(ledger_, "1111111", Stage::kOrt);
    ledger_.Advance(4 * kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, RecordVisit(a_.ort, {{"CAB-6", 10}})));
    Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, a_.ort)));
    Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {a_.ort})));
    b_ = RunNewConnection(ledger_, "2222222", Stage::kOrt);
    Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::HAND_ORDER_TO_TECHNICIAN, b_.ort)));
    ledger_.Advance(2 * kHour);
    Ok(ledger_.Run(Role::TECHNICIAN, NotExecuted(b_.ort, "Domicilio cerrado, sin acceso")));
    c_ = RunNewConnection(ledger_, "3333333", Stage::kVisit);
    Ok(ledger_.Run(Role::PLATFORM, SendBack(c_.ort, "Falta el plano")));
  }
  ConnectionRun a_, b_, c_;
};

TEST_F(ReportDailyControl, ListsTheDaysReturnedOrdersWithTheirVerification) {
  BuildDay();
  ViewReader v = Views();
  auto report = projections::BuildDailyControl(v, "2026-11-18", ledger_.now());
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->stamp.position, ledger_.HeadPosition());
  EXPECT_EQ(report->stamp.hash, ledger_.store().GetHead().hash);
  ASSERT_EQ(report->rows.size(), 3u);
  const auto& r0 = report->rows[0];
  EXPECT_EQ(r0.number, a_.ort);
  EXPECT_EQ(r0.client_ci, "1111111");
  EXPECT_EQ(r0.client_name, "Juana Mamani");
  EXPECT_EQ(r0.technician, "actor-1");
  EXPECT_EQ(r0.returned_at_ns, kStart + 4 * kHour);
  EXPECT_TRUE(r0.executed);
  EXPECT_EQ(r0.verification, Verification::kVerified);
  EXPECT_EQ(r0.control_date, "2026-11-18");
  EXPECT_EQ(r0.destination, "Archivo");
  const auto& r1 = report->rows[1];
  EXPECT_EQ(r1.number, b_.ort);
  EXPECT_EQ(r1.technician, "tec-ramos");  // handed to
  EXPECT_FALSE(r1.executed);
  EXPECT_EQ(r1.not_executed_reason, "Domicilio cerrado, sin acceso");
  EXPECT_EQ(r1.verification, Verification::kPending);
  EXPECT_EQ(report->rows[2].number, c_.ort);
  EXPECT_EQ(report->rows[2].verification, Verification::kSentBack);
  EXPECT_TRUE(report->rows[2].control_date.empty());
  // The next day has nothing; a malformed date is refused.
  EXPECT_TRUE(projections::BuildDailyControl(v, "2026-11-19", ledger_.now())->rows.empty());
  EXPECT_EQ(projections::BuildDailyControl(v, "2026-11-31", 0).error().code, "date_malformed");
  EXPECT_EQ(projections::BuildDailyControl(v, "18/11/2026", 0).error().kind, ErrorKind::kInvalidArgument);
}

TEST_F(ReportDailyControl, CsvParsesBackToTheSameTable) {
  BuildDay();
  auto report = *projections::BuildDailyControl(Views(), "2026-11-18", ledger_.now());
  const projections::Table table = report.ToTable();
  const auto rows = ParseCsv(projections::ToCsv(table));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0], table.headings);
  EXPECT_EQ(rows[0][0], "Nº de orden");
  EXPECT_EQ(rows[0][6], "Devuelta el");
  EXPECT_EQ(rows[1], (std::vector<std::string>{a_.ort, "ORT", "1111111", "Juana Mamani", "", "actor-1",
                                               "2026-11-18 11:06", "Sí", "", "Verificada", "2026-11-18",
                                               "Archivo", "registrada en el control diario"}));
  EXPECT_EQ(rows[2][8], "Domicilio cerrado, sin acceso");  // the comma survived the quoting
  EXPECT_EQ(rows[2][7], "No");
  EXPECT_EQ(rows[3][9], "Devuelta con observaciones");
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_EQ(rows[i], table.rows[i - 1]);
  // The text rendering carries the stamp.
  const std::string text = projections::ToText(table);
  EXPECT_NE(text.find("posición " + std::to_string(ledger_.HeadPosition())), std::string::npos);
  EXPECT_NE(text.find(ToHex(ledger_.store().GetHead().hash)), std::string::npos);
}

TEST_F(ReportDailyControl, XlsxHasTheSheetWithSpanishHeadingsAndTheRows) {
  BuildDay();
  auto report = *projections::BuildDailyControl(Views(), "2026-11-18", ledger_.now());
  const std::string path = views_dir_.Sub("control.xlsx");
  ASSERT_TRUE(projections::WriteXlsx({report.ToTable()}, path).has_value());
  const std::string sheet = UnzipMember(path, "xl/worksheets/sheet1.xml");
  const std::string strings = UnzipMember(path, "xl/sharedStrings.xml");
  ASSERT_FALSE(sheet.empty());
  ASSERT_FALSE(strings.empty());
  // Title, two notes, a blank row, headings and three orders: rows 1-3 and 5-8, columns A-M.
  EXPECT_NE(sheet.find("<dimension ref=\"A1:M8\"/>"), std::string::npos) << sheet.substr(0, 400);
  EXPECT_EQ(CountOf(sheet, "<row "), 7u);
  for (const std::string& s : {std::string("Control diario de Órdenes 2026-11-18"), std::string("Nº de orden"),
                               std::string("Verificación"), a_.ort, b_.ort, c_.ort,
                               std::string("Domicilio cerrado, sin acceso"), std::string("Devuelta con observaciones")}) {
    EXPECT_NE(strings.find(s), std::string::npos) << s;
  }
  const std::string workbook = UnzipMember(path, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"Control diario 2026-11-18\""), std::string::npos) << workbook;
}

TEST_F(ReportDailyControl, XlsxDatesAreDateCellsNotText) {
  BuildDay();
  auto report = *projections::BuildDailyControl(Views(), "2026-11-18", ledger_.now());
  const projections::Table table = report.ToTable();
  ASSERT_EQ(table.rows[0][6], "2026-11-18 11:06");  // "Devuelta el"
  const std::string path = views_dir_.Sub("dates.xlsx");
  ASSERT_TRUE(projections::WriteXlsx({table}, path).has_value());
  const std::string strings = UnzipMember(path, "xl/sharedStrings.xml");
  EXPECT_EQ(strings.find("2026-11-18 11:06"), std::string::npos) << "a date written as text";
  const std::string styles = UnzipMember(path, "xl/styles.xml");
  EXPECT_NE(styles.find("yyyy-mm-dd hh:mm"), std::string::npos);
  // 2026-11-18 11:06 is Excel serial 46344 + 11:06/24h.
  const std::string sheet = UnzipMember(path, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>46344.46"), std::string::npos) << sheet.substr(0, 1500);
}

TEST_F(ReportDailyControl, XlsxSheetNamesKeepTheDateWithinExcelsLimit) {
  projections::Table a, b, c, money;
  a.title = "Control diario de Órdenes 2026-11-18";
  a.sheet = "Control diario 2026-11-18";
  b.title = "Control diario de Órdenes 2026-11-19 y una cola muy larga";
  c.title = "x";
  c.sheet = "Control diario 2026-11-18";
  money.title = "Cobros";
  money.headings = {"Recibo", "Monto"};
  money.rows = {{"R-1", "505.85"}};
  money.kinds = {projections::ColumnKind::kText, projections::ColumnKind::kMoney};
  const std::string path = views_dir_.Sub("names.xlsx");
  ASSERT_TRUE(projections::WriteXlsx({a, b, c, money}, path).has_value());
  const std::string workbook = UnzipMember(path, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"Control diario 2026-11-18\""), std::string::npos) << workbook;
  EXPECT_NE(workbook.find("name=\"Control diario 2026-11-18 2\""), std::string::npos) << workbook;  // unique
  EXPECT_NE(workbook.find("name=\"Control diario de Órdenes 2026-\""), std::string::npos) << workbook;  // 31, cut
  EXPECT_NE(UnzipMember(path, "xl/styles.xml").find("#,##0.00"), std::string::npos);
  EXPECT_NE(UnzipMember(path, "xl/worksheets/sheet4.xml").find("<v>505.85</v>"), std::string::npos);
}

TEST_F(ReportDailyControl, CsvReportCarriesTitleStampAndNotesAboveTheRows) {
  BuildDay();
  auto report = *projections::BuildDailyControl(Views(), "2026-11-18", ledger_.now());
  const projections::Table table = report.ToTable();
  auto rendered = app::RenderReport({table}, "csv");
  ASSERT_TRUE(rendered.has_value()) << rendered.error().ToString();
  const auto rows = ParseCsv(rendered->body);
  ASSERT_GE(rows.size(), 5u);
  EXPECT_EQ(rows[0], std::vector<std::string>{"Control diario de Órdenes 2026-11-18"});
  EXPECT_NE(rows[1][0].find("posición " + std::to_string(ledger_.HeadPosition())), std::string::npos) << rows[1][0];
  EXPECT_NE(rows[1][0].find(ToHex(report.stamp.hash)), std::string::npos) << rows[1][0];
  EXPECT_EQ(rows[2], std::vector<std::string>{table.notes[1]});
  EXPECT_EQ(rows[3], std::vector<std::string>{""});
  EXPECT_EQ(rows[4], table.headings);
  EXPECT_EQ(rows.size(), 5u + table.rows.size());
}

TEST_F(ReportDailyControl, OdecoDailyListAndCpdBatch) {
  auto r = RunNewConnection(ledger_, "4444444", Stage::kInspected);
  Ok(ledger_.Run(Role::PLATFORM, ByOrder(C::VERIFY_RETURNED_ORDER, r.oit)));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::REGISTER_IN_DAILY_CONTROL, {r.oit})));
  Ok(ledger_.Run(Role::PLATFORM, OrderList(C::SEND_ORDERS_TO_ODECO, {r.oit})));
  {
    auto list = *projections::BuildOdecoDailyList(Views(), "2026-11-18", ledger_.now());
    ASSERT_EQ(list.rows.size(), 1u);
    EXPECT_EQ(list.rows[0].number, r.oit);
    EXPECT_TRUE(list.rows[0].odeco_processed_date.empty());
    EXPECT_EQ(list.rows[0].sent_to_odeco_at_ns, kStart);
  }
  ledger_.Advance(24 * kHour);
  Ok(ledger_.Run(Role::ODECO, OrderList(C::PROCESS_ORDERS_AT_ODECO, {r.oit})));
  Ok(ledger_.Run(Role::ODECO, OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, {r.oit}, "2026-11")));
  ViewReader v = Views();
  auto next_day = *projections::BuildOdecoDailyList(v, "2026-11-19", ledger_.now());
  ASSERT_EQ(next_day.rows.size(), 1u);
  EXPECT_EQ(next_day.rows[0].odeco_processed_date, "2026-11-19");
  EXPECT_NE(next_day.ToTable().notes[1].find("procesadas el 2026-11-19: 1"), std::string::npos);
  auto batch = *projections::BuildCpdMonthlyBatch(v, "2026-11", ledger_.now());
  ASSERT_EQ(batch.rows.size(), 1u);
  EXPECT_EQ(batch.rows[0].cpd_month, "2026-11");
  EXPECT_EQ(batch.stamp.position, ledger_.HeadPosition());
  EXPECT_TRUE(projections::BuildCpdMonthlyBatch(v, "2026-10", 0)->rows.empty());
  EXPECT_EQ(projections::BuildCpdMonthlyBatch(v, "2026-13", 0).error().code, "month_malformed");
  const auto csv = ParseCsv(projections::ToCsv(batch.ToTable()));
  ASSERT_EQ(csv.size(), 2u);
  EXPECT_EQ(csv[1][0], r.oit);
}

// The REST answer made a few lines at a time (app/daily_control_json.h) is byte for byte the
// whole report's JSON, whatever the piece size; the plan holds the rows in the report's order.
TEST_F(ReportDailyControl, TheJsonMadeInPiecesIsTheWholeReportsJson) {
  BuildDay();
  const int64_t now = ledger_.now();
  for (const char* date : {"2026-11-18", "2026-11-19"}) {
    auto report = projections::BuildDailyControl(Views(), date, now);
    ASSERT_TRUE(report.has_value());
    auto whole = app::RenderReport({report->ToTable()}, "json");
    ASSERT_TRUE(whole.has_value());
    auto plan = projections::PlanDailyControl(Views(), date, now);
    ASSERT_TRUE(plan.has_value());
    ASSERT_EQ(plan->numbers.size(), report->rows.size());
    for (size_t i = 0; i < report->rows.size(); ++i) EXPECT_EQ(plan->numbers[i], report->rows[i].number) << i;
    for (size_t lines : {0u, 1u, 2u, 256u}) {
      auto json = app::DailyControlJson::Start(service_->Current(), date, now);
      ASSERT_TRUE(json.has_value()) << json.error().ToString();
      std::string body;
      size_t pieces = 0;
      for (;;) {
        auto piece = json->Next(lines);
        ASSERT_TRUE(piece.has_value()) << piece.error().ToString();
        if (piece->empty()) break;
        body += *piece;
        ++pieces;
      }
      EXPECT_EQ(body, whole->body) << date << " " << lines;
      // The heading, a piece per `lines` lines (at least one), the end.
      const size_t per = lines == 0 ? 1 : lines;
      EXPECT_EQ(pieces, 2 + (report->rows.size() + per - 1) / per) << date << " " << lines;
      EXPECT_EQ(*json->Next(lines), "");  // and nothing more after the end
    }
  }
  // In the order of their returns, as the built report.
  auto plan = projections::PlanDailyControl(Views(), "2026-11-18", now);
  EXPECT_EQ(plan->numbers, (std::vector<std::string>{a_.ort, b_.ort, c_.ort}));
  auto bad = app::DailyControlJson::Start(service_->Current(), "2026-11-31", now);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "date_malformed");
}

}  // namespace
}  // namespace bitacora::testing
