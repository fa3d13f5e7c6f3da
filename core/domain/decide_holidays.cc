// The holidays (feriados): reference data the supervisor keeps, which every working-day figure
// of the reports skips (the manual counts deadlines in días hábiles).
#include <chrono>
#include <set>

#include "core/domain/decide_internal.h"

namespace bitacora::domain::deciders {
namespace {

// True when `text` is "YYYY-MM-DD" and names a date that exists.
bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto number = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t i = at; i < at + n; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return date.ok();
}

}  // namespace

Result<Decision> SetHolidays(const World&, C::Reader c, const Context& ctx) {
  std::set<std::string> dates;
  for (auto date : c.getSetHolidays().getDates()) {
    const std::string text = date.cStr();
    if (!IsDate(text)) {
      return Fail(Code::kDateMalformed,
                  "El feriado \"" + text + "\" no es una fecha AAAA-MM-DD que exista.");
    }
    dates.insert(text);
  }
  Decision d;
  auto e = d.Emit(std::string(kReferenceStream), ctx.occurred_at_ns).initHolidaysSet();
  auto out = e.initDates(static_cast<unsigned>(dates.size()));
  unsigned i = 0;
  for (const std::string& date : dates) out.set(i++, date);
  return d;
}

}  // namespace bitacora::domain::deciders
