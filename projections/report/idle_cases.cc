#include "projections/report/idle_cases.h"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "core/domain/ids.h"
#include "projections/view_db.h"

namespace bitacora::projections {
namespace {

const char* KindName(schema::CaseKind kind) {
  switch (kind) {
    case schema::CaseKind::NEW_CONNECTION: return "Nueva conexión";
    case schema::CaseKind::RELOCATION: return "Traslado";
    case schema::CaseKind::METER_CHANGE: return "Cambio de medidor";
    case schema::CaseKind::SERVICE_DROP_REPAIR: return "Acometida";
    case schema::CaseKind::DERIVED_CONNECTION: return "Derivado";
    case schema::CaseKind::RECONNECTION: return "Reconexión";
    case schema::CaseKind::CUT: return "Corte";
    case schema::CaseKind::REMOVAL: return "Suspensión o retiro";
  }
  return "?";
}

}  // namespace

Result<IdleCases> BuildIdleCases(const ViewReader& views, std::string_view days_text, int64_t now_ns,
                                 const WorkCalendar& calendar) {
  int days = -1;
  auto [end, ec] = std::from_chars(days_text.data(), days_text.data() + days_text.size(), days);
  if (ec != std::errc() || end != days_text.data() + days_text.size() || days < 0 || days > 3650) {
    return Fail(Code::kValueOutOfRange, "Los días hábiles de inactividad deben ser un número entero entre 0 y 3650; se recibió '" +
                                            std::string(days_text) + "'.");
  }
  IdleCases out;
  out.days = days;
  auto stamp = StampOf(views, now_ns);
  if (!stamp) return Fail(stamp.error());
  out.stamp = *stamp;
  const std::string prefix = std::string(domain::CaseStream(""));  // "case-"
  auto streams = views.Index(keys::kRecord, prefix);
  if (!streams) return Fail(streams.error());
  for (const std::string& stream : *streams) {
    auto record = views.Case(std::string_view(stream).substr(prefix.size()));
    if (!record) return Fail(record.error());
    const domain::CaseState& s = record->state;
    if (!s.exists || s.closed) continue;
    int64_t last = record->meta.updated_at_ns;
    for (const auto& [type, number] : s.orders) {
      auto order = views.Order(number);
      if (order) last = std::max(last, order->meta.updated_at_ns);
    }
    const double idle = calendar.WorkingDaysBetween(last, now_ns);
    if (idle <= days) continue;
    out.cases.push_back(IdleCase{s.id, s.kind, s.client_ci, s.subscriber_number, last, idle});
  }
  std::stable_sort(out.cases.begin(), out.cases.end(), [](const IdleCase& a, const IdleCase& b) {
    return a.last_activity_ns < b.last_activity_ns;
  });
  return out;
}

Table IdleCases::ToTable() const {
  Table t;
  t.title = "Trámites abiertos sin movimiento";
  t.notes = {stamp.Describe(), "Trámites abiertos sin movimiento por más de " + std::to_string(days) +
                                   " días hábiles: " + std::to_string(cases.size())};
  t.headings = {"Trámite", "Tipo", "CI del cliente", "Abonado", "Último movimiento", "Días hábiles sin movimiento"};
  t.numeric = {false, false, false, false, false, true};
  for (const IdleCase& c : cases) {
    char idle[32];
    std::snprintf(idle, sizeof idle, "%.1f", c.idle_working_days);
    t.rows.push_back({c.case_id, KindName(c.kind), c.client_ci, c.subscriber,
                      FormatLocalDateTime(c.last_activity_ns), idle});
  }
  return t;
}

}  // namespace bitacora::projections
