#include "projections/report/daily_control.h"

#include <algorithm>
#include <iterator>
#include <utility>

#include "core/domain/ids.h"
#include "projections/report/calendar.h"

namespace bitacora::projections {
namespace {

// What every report here starts from: the period checked, the stamp taken, and the orders under one or
// two index buckets of the period, without repeats, in number order.
struct Selection {
  ReportStamp stamp;
  std::vector<std::string> numbers;
};

Result<Selection> Select(const ViewReader& v, const Result<domain::LocalDate>& period, int64_t now_ns,
                         std::string_view period_text, std::string_view index_a, std::string_view index_b = {}) {
  if (!period) return Fail(period.error());
  auto stamp = StampOf(v, now_ns);
  if (!stamp) return Fail(stamp.error());
  // Sorted vectors merged, not a std::set: a node per order would be a small allocation each,
  // over a hundred thousand on a busy day, scattered among the cache's blocks read meanwhile.
  const std::string bucket = std::string(period_text) + "/";
  std::vector<std::string> numbers;
  for (std::string_view index : {index_a, index_b}) {
    if (index.empty()) continue;
    auto ids = v.Index(index, bucket);
    if (!ids) return Fail(ids.error());
    std::sort(ids->begin(), ids->end());
    if (numbers.empty()) {
      numbers = std::move(*ids);
      continue;
    }
    std::vector<std::string> merged;
    merged.reserve(numbers.size() + ids->size());
    std::set_union(std::make_move_iterator(numbers.begin()), std::make_move_iterator(numbers.end()),
                   std::make_move_iterator(ids->begin()), std::make_move_iterator(ids->end()),
                   std::back_inserter(merged));
    numbers = std::move(merged);
  }
  numbers.erase(std::unique(numbers.begin(), numbers.end()), numbers.end());
  return Selection{std::move(*stamp), std::move(numbers)};
}

Result<std::vector<OrderLine>> Lines(const ViewReader& v, const std::vector<std::string>& numbers) {
  std::vector<OrderLine> lines;
  lines.reserve(numbers.size());
  for (const std::string& n : numbers) {
    auto line = LineOf(v, n);
    if (!line) return Fail(line.error());
    lines.push_back(std::move(*line));
  }
  return lines;
}

std::vector<std::string> BaseColumns(const OrderLine& l) {
  return {l.number, std::string(domain::OrderTypeCode(l.type)), l.client_ci, l.client_name, l.subscriber,
          l.technician};
}

std::vector<ColumnKind> BaseKinds() { return std::vector<ColumnKind>(6, ColumnKind::kText); }

std::vector<std::string> BaseHeadings() {
  return {"Nº de orden", "Tipo", "CI del cliente", "Cliente", "Abonado", "Técnico"};
}

// The daily control's table without rows, for `orders` orders.
Table DailyControlHeading(const std::string& date, const ReportStamp& stamp, size_t orders) {
  Table t;
  t.title = "Control diario de Órdenes " + date;
  t.sheet = "Control diario " + date;  // Excel's 31 characters, with the date
  t.notes = {stamp.Describe(), "Órdenes devueltas o registradas el " + date + ": " + std::to_string(orders)};
  t.headings = BaseHeadings();
  for (const char* h : {"Devuelta el", "Ejecutada", "Motivo de no ejecución", "Verificación",
                        "Registrada en control", "Destino", "Estado"}) {
    t.headings.emplace_back(h);
  }
  t.kinds = BaseKinds();
  for (ColumnKind k : {ColumnKind::kDateTime, ColumnKind::kText, ColumnKind::kText, ColumnKind::kText,
                       ColumnKind::kDate, ColumnKind::kText, ColumnKind::kText}) {
    t.kinds.push_back(k);
  }
  return t;
}

}  // namespace

std::string VerificationName(Verification v) {
  switch (v) {
    case Verification::kVerified: return "Verificada";
    case Verification::kSentBack: return "Devuelta con observaciones";
    case Verification::kPending: return "Pendiente";
  }
  return "";
}

Result<OrderLine> LineOf(const ViewReader& v, std::string_view number) {
  auto order = v.Order(number);
  if (!order) return Fail(order.error());
  const domain::OrderState& s = order->state;
  OrderLine l;
  l.number = s.number;
  l.type = s.type;
  l.client_ci = s.client_ci;
  if (!s.client_ci.empty()) {
    auto client = v.Client(s.client_ci);
    if (client) {
      l.client_name = client->state.full_name;
    } else if (client.error().kind != ErrorKind::kNotFound) {
      return Fail(client.error());
    }
  }
  l.subscriber = s.subscriber_number;
  l.technician = order->technician;
  l.returned_at_ns = order->returned_at_ns;
  l.executed = s.outcome == domain::FieldOutcome::kExecuted;
  l.not_executed_reason = s.not_executed_reason;
  l.verification = order->verification;
  l.control_date = s.control_date;
  l.destination = s.type == schema::OrderType::ORT ? "Archivo" : "ODECO";
  l.status = domain::OrderStatusName(s.status);
  l.sent_to_odeco_at_ns = s.type == schema::OrderType::ORT ? 0 : order->destination_at_ns;
  l.odeco_processed_date = s.odeco_processed_date;
  l.cpd_month = s.cpd_month;
  return l;
}

Result<DailyControl> BuildDailyControl(const ViewReader& v, std::string_view date, int64_t now_ns) {
  auto selected = Select(v, ParseDate(date), now_ns, date, keys::kReturned, keys::kControl);
  if (!selected) return Fail(selected.error());
  auto rows = Lines(v, selected->numbers);
  if (!rows) return Fail(rows.error());
  // Numbers are unique and already in order: by time returned, then number (PlanDailyControl's order).
  std::stable_sort(rows->begin(), rows->end(),
                   [](const OrderLine& a, const OrderLine& b) { return a.returned_at_ns < b.returned_at_ns; });
  return DailyControl{std::string(date), std::move(selected->stamp), std::move(*rows)};
}

Result<DailyControlPlan> PlanDailyControl(const ViewReader& v, std::string_view date, int64_t now_ns) {
  auto selected = Select(v, ParseDate(date), now_ns, date, keys::kReturned, keys::kControl);
  if (!selected) return Fail(selected.error());
  std::vector<std::pair<int64_t, std::string>> keyed;
  keyed.reserve(selected->numbers.size());
  for (std::string& n : selected->numbers) {
    auto order = v.Order(n);
    if (!order) return Fail(order.error());
    keyed.emplace_back(order->returned_at_ns, std::move(n));
  }
  std::sort(keyed.begin(), keyed.end());  // numbers are unique: BuildDailyControl's order
  DailyControlPlan plan{std::string(date), std::move(selected->stamp), {}};
  plan.numbers.reserve(keyed.size());
  for (auto& [at, n] : keyed) plan.numbers.push_back(std::move(n));
  return plan;
}

Table DailyControlPlan::Heading() const { return DailyControlHeading(date, stamp, numbers.size()); }

std::vector<std::string> DailyControlRow(const OrderLine& l) {
  auto r = BaseColumns(l);
  r.push_back(FormatLocalDateTime(l.returned_at_ns));
  r.push_back(l.returned_at_ns == 0 ? "" : (l.executed ? "Sí" : "No"));
  r.push_back(l.not_executed_reason);
  r.push_back(VerificationName(l.verification));
  r.push_back(l.control_date);
  r.push_back(l.destination);
  r.push_back(l.status);
  return r;
}

Table DailyControl::ToTable() const {
  Table t = DailyControlHeading(date, stamp, rows.size());
  t.rows.reserve(rows.size());
  for (const OrderLine& l : rows) t.rows.push_back(DailyControlRow(l));
  return t;
}

Result<OdecoDailyList> BuildOdecoDailyList(const ViewReader& v, std::string_view date, int64_t now_ns) {
  auto selected = Select(v, ParseDate(date), now_ns, date, keys::kToOdeco, keys::kOdecoDone);
  if (!selected) return Fail(selected.error());
  auto rows = Lines(v, selected->numbers);
  if (!rows) return Fail(rows.error());
  return OdecoDailyList{std::string(date), std::move(selected->stamp), std::move(*rows)};
}

Table OdecoDailyList::ToTable() const {
  Table t;
  t.title = "ODECO: órdenes del día " + date;
  t.sheet = "ODECO " + date;
  const auto processed = std::count_if(rows.begin(), rows.end(),
                                       [&](const OrderLine& l) { return l.odeco_processed_date == date; });
  t.notes = {stamp.Describe(), "Órdenes: " + std::to_string(rows.size()) + "; procesadas el " + date + ": " +
                                   std::to_string(processed)};
  t.headings = BaseHeadings();
  for (const char* h : {"Devuelta el", "Ejecutada", "Enviada a ODECO el", "Procesada por ODECO", "Estado"}) {
    t.headings.emplace_back(h);
  }
  t.kinds = BaseKinds();
  for (ColumnKind k : {ColumnKind::kDateTime, ColumnKind::kText, ColumnKind::kDateTime, ColumnKind::kDate,
                       ColumnKind::kText}) {
    t.kinds.push_back(k);
  }
  for (const OrderLine& l : rows) {
    auto r = BaseColumns(l);
    r.push_back(FormatLocalDateTime(l.returned_at_ns));
    r.push_back(l.returned_at_ns == 0 ? "" : (l.executed ? "Sí" : "No"));
    r.push_back(FormatLocalDateTime(l.sent_to_odeco_at_ns));
    r.push_back(l.odeco_processed_date);
    r.push_back(l.status);
    t.rows.push_back(std::move(r));
  }
  return t;
}

Result<CpdMonthlyBatch> BuildCpdMonthlyBatch(const ViewReader& v, std::string_view month, int64_t now_ns) {
  auto selected = Select(v, ParseMonth(month), now_ns, month, keys::kCpdBatch);
  if (!selected) return Fail(selected.error());
  auto rows = Lines(v, selected->numbers);
  if (!rows) return Fail(rows.error());
  return CpdMonthlyBatch{std::string(month), std::move(selected->stamp), std::move(*rows)};
}

Table CpdMonthlyBatch::ToTable() const {
  Table t;
  t.title = "Lote mensual a CPD " + month;
  t.sheet = "Lote CPD " + month;
  t.notes = {stamp.Describe(), "Órdenes en el lote: " + std::to_string(rows.size())};
  t.headings = BaseHeadings();
  for (const char* h : {"Ejecutada", "Procesada por ODECO", "Lote", "Estado"}) t.headings.emplace_back(h);
  t.kinds = BaseKinds();
  for (ColumnKind k : {ColumnKind::kText, ColumnKind::kDate, ColumnKind::kText, ColumnKind::kText}) t.kinds.push_back(k);
  for (const OrderLine& l : rows) {
    auto r = BaseColumns(l);
    r.push_back(l.returned_at_ns == 0 ? "" : (l.executed ? "Sí" : "No"));
    r.push_back(l.odeco_processed_date);
    r.push_back(l.cpd_month);
    r.push_back(l.status);
    t.rows.push_back(std::move(r));
  }
  return t;
}

}  // namespace bitacora::projections
