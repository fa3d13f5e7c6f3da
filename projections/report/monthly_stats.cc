#include "projections/report/monthly_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <unordered_map>

#include "core/domain/ids.h"

namespace bitacora::projections {
namespace {

constexpr double kHourNs = 3600.0 * 1e9;

// The first day of the month after `date`'s.
domain::LocalDate FirstOfNextMonth(const domain::LocalDate& date) {
  return date.month == 12 ? domain::LocalDate{date.year + 1, 1, 1}
                          : domain::LocalDate{date.year, date.month + 1, 1};
}

double NearestRank(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(v.size())));
  return v[std::max<size_t>(rank, 1) - 1];
}

struct Samples {
  std::vector<double> hours, days;
  CycleStats Stats() {
    CycleStats s;
    s.count = hours.size();
    s.median_hours = NearestRank(hours, 0.5);
    s.p90_hours = NearestRank(hours, 0.9);
    s.median_working_days = NearestRank(days, 0.5);
    s.p90_working_days = NearestRank(days, 0.9);
    return s;
  }
};

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string TypeCode(schema::OrderType t) { return std::string(domain::OrderTypeCode(t)); }

Status FindMissing(const ViewReader& v, NumberingSeries& series) {
  const auto dash = series.series.rfind('-');
  auto type = domain::OrderTypeFromCode(series.series.substr(0, dash));
  if (!type) return Ok();
  const int year = std::stoi(series.series.substr(dash + 1));
  for (uint64_t seq = 1; seq <= series.highest && series.missing.size() < 100; ++seq) {
    auto order = v.Order(domain::FormatOrderNumber(*type, year, seq));
    if (!order && order.error().kind == ErrorKind::kNotFound) {
      series.missing.push_back(seq);
    } else if (!order) {
      return Fail(order.error());
    }
  }
  return Ok();
}

}  // namespace

size_t BucketOf(double working_days) {
  const auto whole = static_cast<int64_t>(std::floor(working_days));
  if (whole <= 1) return 0;
  if (whole <= 5) return 1;
  if (whole <= 10) return 2;
  return 3;
}

std::string TariffCategoryName(schema::TariffCategory c) {
  using T = schema::TariffCategory;
  switch (c) {
    case T::RESIDENTIAL: return "Residencial";
    case T::GENERAL: return "General";
    case T::INDUSTRIAL_SMALL: return "Industrial Menor";
    case T::INDUSTRIAL_LARGE: return "Industrial Mayor";
    case T::PUBLIC_LIGHTING: return "Alumbrado Público";
  }
  return "?";
}

Result<MonthlyStatistics> BuildMonthlyStatistics(const ViewReader& v, std::string_view month, int64_t now_ns,
                                                 const StatsOptions& options) {
  const auto first_day = ParseMonth(month);
  if (!first_day) return Fail(first_day.error());
  auto stamp = StampOf(v, now_ns);
  if (!stamp) return Fail(stamp.error());
  MonthlyStatistics st;
  st.month = std::string(month);
  st.stamp = *stamp;
  const WorkCalendar& cal = options.calendar;

  auto issued = v.Index(keys::kIssued, st.month + "/");
  if (!issued) return Fail(issued.error());
  for (const std::string& n : *issued) {
    auto order = v.Order(n);
    if (!order) return Fail(order.error());
    ++st.issued[order->state.type];
    if (order->state.status == domain::OrderStatus::kAnnulled) ++st.annulled[order->state.type];
  }

  // Returned in the month: the first return recorded in a day of the month.
  auto returned = v.Index(keys::kReturned, st.month + "-");
  if (!returned) return Fail(returned.error());
  std::set<std::string> numbers(returned->begin(), returned->end());
  std::unordered_map<std::string, schema::TariffCategory> categories;  // by case
  std::map<schema::OrderType, Samples> samples;
  Samples all;
  for (const std::string& n : numbers) {
    auto order = v.Order(n);
    if (!order) return Fail(order.error());
    const domain::OrderState& s = order->state;
    if (domain::FormatMonth(domain::ToLocalDate(order->first_returned_at_ns)) != st.month) continue;
    const bool executed = s.outcome == domain::FieldOutcome::kExecuted;
    auto count = [executed](Outcomes& o) { ++(executed ? o.executed : o.not_executed); };
    count(st.returned[s.type]);
    // Technicians only: an order handed to one or returned by one (the warehouse's OEM is not).
    if (!order->technician.empty()) count(st.by_technician[order->technician]);
    auto category = categories.find(s.case_id);
    if (category == categories.end()) {
      schema::TariffCategory c = schema::TariffCategory::RESIDENTIAL;
      if (auto kase = v.Case(s.case_id); kase) {
        c = kase->state.tariff_category;
      } else if (auto sub = v.Subscriber(s.subscriber_number); sub) {
        c = sub->state.tariff_category;
      }
      category = categories.emplace(s.case_id, c).first;
    }
    count(st.by_category[category->second]);
    const double hours = static_cast<double>(order->first_returned_at_ns - s.issued_at_ns) / kHourNs;
    const double days = cal.WorkingDaysBetween(s.issued_at_ns, order->first_returned_at_ns);
    samples[s.type].hours.push_back(hours);
    samples[s.type].days.push_back(days);
    all.hours.push_back(hours);
    all.days.push_back(days);
    if (auto d = options.deadline_working_days.find(s.type); d != options.deadline_working_days.end()) {
      ++(days <= d->second ? st.deadline[s.type].executed : st.deadline[s.type].not_executed);
    }
  }
  for (auto& [type, smp] : samples) st.cycle[type] = smp.Stats();
  st.cycle_all = all.Stats();

  // The backlog at the month's end (or now, for the month in course): the returnable orders
  // issued by then and not closed by then. Those are open now, or closed since that month began.
  const int64_t at = std::min(now_ns, LocalMidnightNs(FirstOfNextMonth(*first_day)));
  st.backlog_at_ns = at;
  auto open = v.Index(keys::kOpen, "");
  if (!open) return Fail(open.error());
  std::set<std::string> candidates(open->begin(), open->end());
  const std::string now_month = domain::FormatMonth(domain::ToLocalDate(now_ns));
  for (domain::LocalDate m = domain::ToLocalDate(at); domain::FormatMonth(m) <= now_month;
       m = FirstOfNextMonth(m)) {
    auto closed = v.Index(keys::kClosed, domain::FormatMonth(m) + "/");
    if (!closed) return Fail(closed.error());
    candidates.insert(closed->begin(), closed->end());
  }
  for (const std::string& n : candidates) {
    auto order = v.Order(n);
    if (!order) return Fail(order.error());
    if (!IsReturnable(order->state.type) || order->state.issued_at_ns > at) continue;
    if (order->closed_at_ns != 0 && order->closed_at_ns <= at) continue;
    st.backlog[order->state.type][BucketOf(cal.WorkingDaysBetween(order->state.issued_at_ns, at))]++;
  }

  auto sequences = v.Sequences();
  if (!sequences) return Fail(sequences.error());
  for (const auto& [series, value] : *sequences) {
    NumberingSeries ns{series, value.first, value.second, {}};
    if (ns.issued != ns.highest) {
      st.numbering_gap_free = false;
      if (Status s = FindMissing(v, ns); !s) return Fail(s.error());
    }
    st.numbering.push_back(std::move(ns));
  }
  return st;
}

std::vector<Table> MonthlyStatistics::ToTables() const {
  std::vector<Table> out;
  const std::string stamp_line = stamp.Describe();
  {
    Table t;
    t.title = "Estadística mensual " + month + ": por tipo";
    t.sheet = month + " por tipo";
    t.notes = {stamp_line};
    t.headings = {"Tipo", "Emitidas", "Anuladas", "Devueltas", "Ejecutadas", "No ejecutadas", "Dentro de plazo",
                  "Fuera de plazo"};
    t.numeric = {false, true, true, true, true, true, true, true};
    std::set<schema::OrderType> types;
    for (const auto& [k, unused] : issued) types.insert(k);
    for (const auto& [k, unused] : returned) types.insert(k);
    for (schema::OrderType type : types) {
      const auto at = [](const auto& m, schema::OrderType k) { auto it = m.find(k); return it == m.end() ? decltype(it->second){} : it->second; };
      const Outcomes r = at(returned, type);
      const bool has_deadline = deadline.contains(type);
      const Outcomes d = at(deadline, type);
      t.rows.push_back({TypeCode(type), std::to_string(at(issued, type)), std::to_string(at(annulled, type)),
                        std::to_string(r.executed + r.not_executed), std::to_string(r.executed),
                        std::to_string(r.not_executed), has_deadline ? std::to_string(d.executed) : "",
                        has_deadline ? std::to_string(d.not_executed) : ""});
    }
    out.push_back(std::move(t));
  }
  {
    Table t;
    t.title = "Estadística mensual " + month + ": por categoría";
    t.sheet = month + " por categoría";
    t.notes = {stamp_line, "Órdenes devueltas en el mes, por categoría tarifaria del trámite"};
    t.headings = {"Categoría", "Devueltas", "Ejecutadas", "No ejecutadas"};
    t.numeric = {false, true, true, true};
    for (const auto& [c, o] : by_category) {
      t.rows.push_back({TariffCategoryName(c), std::to_string(o.executed + o.not_executed),
                        std::to_string(o.executed), std::to_string(o.not_executed)});
    }
    out.push_back(std::move(t));
  }
  {
    Table t;
    t.title = "Estadística mensual " + month + ": por técnico";
    t.sheet = month + " por técnico";
    t.notes = {stamp_line, "Órdenes devueltas en el mes, por técnico (las entregadas a un técnico o devueltas por uno; no las del almacén)"};
    t.headings = {"Técnico", "Devueltas", "Ejecutadas", "No ejecutadas"};
    t.numeric = {false, true, true, true};
    for (const auto& [name, o] : by_technician) {
      t.rows.push_back({name, std::to_string(o.executed + o.not_executed), std::to_string(o.executed),
                        std::to_string(o.not_executed)});
    }
    out.push_back(std::move(t));
  }
  {
    Table t;
    t.title = "Estadística mensual " + month + ": tiempos";
    t.sheet = month + " tiempos";
    t.notes = {stamp_line, "Desde la emisión hasta la primera devolución; días hábiles de La Paz (UTC−4)"};
    t.headings = {"Tipo", "Órdenes", "Mediana (horas)", "P90 (horas)", "Mediana (días hábiles)",
                  "P90 (días hábiles)"};
    t.numeric = {false, true, true, true, true, true};
    auto row = [&](const std::string& name, const CycleStats& c) {
      t.rows.push_back({name, std::to_string(c.count), Fixed(c.median_hours, 2), Fixed(c.p90_hours, 2),
                        Fixed(c.median_working_days, 2), Fixed(c.p90_working_days, 2)});
    };
    for (const auto& [type, c] : cycle) row(TypeCode(type), c);
    row("Todas", cycle_all);
    out.push_back(std::move(t));
  }
  {
    Table t;
    t.title = "Estadística mensual " + month + ": pendientes";
    t.sheet = month + " pendientes";
    t.notes = {stamp_line, "Órdenes emitidas y no devueltas, por días hábiles desde la emisión, al " +
                               FormatLocalDateTime(backlog_at_ns)};
    t.headings = {"Tipo"};
    for (const char* b : kBucketNames) t.headings.push_back(std::string(b) + " días");
    t.headings.emplace_back("Total");
    t.numeric = {false, true, true, true, true, true};
    for (const auto& [type, b] : backlog) {
      t.rows.push_back({TypeCode(type), std::to_string(b[0]), std::to_string(b[1]), std::to_string(b[2]),
                        std::to_string(b[3]), std::to_string(b[0] + b[1] + b[2] + b[3])});
    }
    out.push_back(std::move(t));
  }
  {
    Table t;
    t.title = "Estadística mensual " + month + ": numeración";
    t.sheet = month + " numeración";
    t.notes = {stamp_line, numbering_gap_free ? "Sin saltos en la numeración de órdenes."
                                              : "HAY SALTOS en la numeración de órdenes: ver la columna Faltantes."};
    t.headings = {"Serie", "Emitidas", "Número más alto", "Faltantes"};
    t.numeric = {false, true, true, false};
    for (const auto& s : numbering) {
      std::string missing;
      for (uint64_t m : s.missing) missing += (missing.empty() ? "" : " ") + std::to_string(m);
      t.rows.push_back({s.series, std::to_string(s.issued), std::to_string(s.highest), missing});
    }
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace bitacora::projections
