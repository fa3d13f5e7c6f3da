// Open cases nobody has touched for more than N working days (issue #15): the desk's list of cases
// to call the client about or to withdraw (withdrawCase).
#ifndef BITACORA_PROJECTIONS_REPORT_IDLE_CASES_H_
#define BITACORA_PROJECTIONS_REPORT_IDLE_CASES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "projections/report/calendar.h"
#include "projections/report/table.h"
#include "projections/views.h"

namespace bitacora::projections {

struct IdleCase {
  std::string case_id;
  schema::CaseKind kind = schema::CaseKind::NEW_CONNECTION;
  std::string client_ci;
  std::string subscriber;
  int64_t last_activity_ns = 0;  // recorded time of the latest event of the case or its orders
  double idle_working_days = 0;
};

struct IdleCases {
  ReportStamp stamp;
  int days = 0;
  std::vector<IdleCase> cases;  // most idle first
  Table ToTable() const;
};

// Every open case (not closed, not withdrawn) whose latest event — on the case or on any of its
// orders — is more than `days` working days (WorkCalendar: Monday to Friday minus `calendar`'s
// holidays) before `now_ns`. `days_text` is a whole number 0–3650; otherwise kInvalidArgument
// value_out_of_range. Reads every case record of the snapshot.
[[nodiscard]] Result<IdleCases> BuildIdleCases(const ViewReader& views, std::string_view days_text,
                                               int64_t now_ns, const WorkCalendar& calendar = {});

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_REPORT_IDLE_CASES_H_
