#include "cli/demo/demo.h"

#include <capnp/message.h>

#include <algorithm>
#include <chrono>
#include <deque>
#include <random>
#include <set>
#include <vector>

#include "cli/demo/sim.h"
#include "app/command_codec.h"
#include "app/daily_checkpoints.h"
#include "app/json.h"
#include "core/domain/ids.h"
#include "core/handler/command_handler.h"
#include "core/store/event_store.h"

namespace bitacora::demo {
namespace {

using schema::Role;
// One client's story: steps run a few per day; a step returns false to end the story early.
struct Story {
  std::deque<std::function<bool(Sim&)>> steps;
};

struct Run {
  std::string ci, name, address, case_id, ort, oem, oit, oc, oemd, subscriber, meter;
  int64_t cable_m = 20;
};

std::string Orders(const CommandOutcome& out, const char* type) {
  for (const std::string& o : out.issued_orders) {
    if (o.rfind(type, 0) == 0) return o;
  }
  return "";
}

// 8.1: a new connection, with its branches.
Story NewConnection(Sim& sim, int i) {
  auto r = std::make_shared<Run>();
  r->ci = std::to_string(3'100'000 + i * 37) + (i % 9 == 0 ? "-1A" : "") + " PT";
  r->name = std::string(sim.Pick(kFirst)) + " " + sim.Pick(kLast) + " " + sim.Pick(kLast);
  r->address = std::string(sim.Pick(kStreets)) + " " + std::to_string(10 + i % 400) + ", Tupiza";
  std::mt19937_64 story_rng(static_cast<uint64_t>(i) * 7919);
  const double roll = std::uniform_real_distribution<double>(0, 1)(story_rng);
  const bool incomplete = roll < 0.10, non_viable = roll > 0.92, annul = roll > 0.86 && roll <= 0.89;
  const char* ownership = roll < 0.55 ? "bought" : (roll < 0.80 ? "lent" : "giz");
  Story st;
  auto step = [&st](std::function<bool(Sim&)> f) { st.steps.push_back(std::move(f)); };
  step([r](Sim& s) {
    auto o = s.Run(Role::PLATFORM, "openCase", "{\"kind\":\"newConnection\",\"clientCi\":" + Q(r->ci) +
                                                   ",\"tariffCategory\":\"residential\",\"address\":" + Q(r->address) + "}");
    if (o) r->case_id = o->case_id;
    return o.has_value();
  });
  if (incomplete) {
    step([r](Sim& s) {
      return s.Run(Role::PLATFORM, "presentDocuments", "{\"caseId\":" + Q(r->case_id) +
                                                           ",\"documents\":[\"Fotocopia de CI\"],\"referral\":\"guidance\"}").has_value();
    });
  }
  step([r](Sim& s) {
    return s.Run(Role::PLATFORM, "presentDocuments", "{\"caseId\":" + Q(r->case_id) + ",\"documents\":" + List(kConnectionDocs) + "}").has_value();
  });
  step([r](Sim& s) {
    return s.Run(Role::PLATFORM, "registerClient", "{\"caseId\":" + Q(r->case_id) + ",\"clientCi\":" + Q(r->ci) +
                                                       ",\"fullName\":" + Q(r->name) + ",\"address\":" + Q(r->address) +
                                                       ",\"phone\":\"7" + r->ci.substr(0, 7) + "\"}").has_value();
  });
  step([r](Sim& s) {
    auto o = s.Run(Role::PLATFORM, "issueRequirementsOrder", "{\"caseId\":" + Q(r->case_id) + "}");
    if (o) r->ort = Orders(*o, "ORT-");
    return o.has_value();
  });
  step([r](Sim& s) {
    r->cable_m = 15 + static_cast<int64_t>(r->address.size() % 30);
    return s.Run(Role::TECHNICIAN, "recordVisit", "{\"orderNumber\":" + Q(r->ort) +
                     ",\"materials\":[{\"code\":\"CAB-6\",\"quantity\":" + std::to_string(r->cable_m) +
                     "},{\"code\":\"CAJ-1\",\"quantity\":1},{\"code\":\"TER-1\",\"quantity\":1}],\"planReference\":\"Plano P-17\"}").has_value();
  });
  step([r](Sim& s) { return s.Run(Role::PLATFORM, "issueQuote", "{\"caseId\":" + Q(r->case_id) + "}").has_value(); });
  step([r](Sim& s) {
    auto o = s.Run(Role::CASHIER, "recordPayment", "{\"caseId\":" + Q(r->case_id) + ",\"amountCentavos\":90000,\"receiptNumber\":\"R-" + r->case_id.substr(9) + "\"}");
    if (o) r->oem = Orders(*o, "OEM-");
    return o.has_value();
  });
  step([r](Sim& s) {
    return s.Run(Role::WAREHOUSE, "recordMaterialsDelivery", "{\"orderNumber\":" + Q(r->oem) +
                     ",\"items\":[{\"code\":\"CAB-6\",\"quantity\":" + std::to_string(r->cable_m) + "},{\"code\":\"CAJ-1\",\"quantity\":1},{\"code\":\"TER-1\",\"quantity\":1}]}").has_value();
  });
  step([r](Sim& s) {
    return s.Run(Role::PLATFORM, "reportInstallation", "{\"caseId\":" + Q(r->case_id) + ",\"installerName\":\"Electricista autorizado Pedro Flores\"}").has_value();
  });
  auto inspection = [r](Sim& s) {
    auto o = s.Run(Role::PLATFORM, "issueInspectionOrder", "{\"caseId\":" + Q(r->case_id) + "}");
    if (o) {
      r->oit = Orders(*o, "OIT-");
      if (!o->subscriber_number.empty()) r->subscriber = o->subscriber_number;
    }
    return o.has_value();
  };
  step(inspection);
  if (annul) {
    step([r](Sim& s) {
      return s.Run(Role::PLATFORM, "annulOrder", "{\"orderNumber\":" + Q(r->oit) + ",\"reason\":\"Dirección mal consignada en la orden\"}").has_value();
    });
    step(inspection);
  }
  step([r, non_viable](Sim& s) {
    return s.Run(Role::TECHNICIAN, "recordInspectionResult", "{\"orderNumber\":" + Q(r->oit) + ",\"satisfactory\":" +
                     (non_viable ? "false,\"findings\":[\"La red no llega a la dirección\"]" : std::string("true")) + "}").has_value();
  });
  if (non_viable) {
    step([r](Sim& s) {
      return s.Run(Role::PLATFORM, "decideViability", "{\"caseId\":" + Q(r->case_id) + ",\"viable\":false,\"reasons\":[\"Sin red de baja tensión a menos de 40 m\"]}").has_value();
    });
    step([r](Sim& s) { return s.Run(Role::ODECO, "receiveNonViableCase", "{\"caseId\":" + Q(r->case_id) + "}").has_value(); });
    return st;
  }
  step([r](Sim& s) { return s.Run(Role::PLATFORM, "decideViability", "{\"caseId\":" + Q(r->case_id) + ",\"viable\":true}").has_value(); });
  step([r, ownership, i](Sim& s) {
    r->meter = std::string(ownership[0] == 'g' ? "GIZ-" : "MED-") + std::to_string(500000 + i);
    auto o = s.Run(Role::PLATFORM, "registerMeter", "{\"caseId\":" + Q(r->case_id) + ",\"meterSerial\":" + Q(r->meter) +
                                                        ",\"ownership\":" + Q(ownership) + ",\"brand\":\"Elster\"}");
    if (o) r->oemd = Orders(*o, "OEMD-");
    return o.has_value();
  });
  for (const char* name : {"issueConnectionOrder", "prepareContract", "recordContractSigned"}) {
    step([r, name](Sim& s) {
      auto o = s.Run(Role::PLATFORM, name, "{\"caseId\":" + Q(r->case_id) + "}");
      if (o && r->oc.empty()) r->oc = Orders(*o, "OC-");
      return o.has_value();
    });
  }
  step([r](Sim& s) { return s.Run(Role::PLATFORM, "handOverDocuments", "{\"caseId\":" + Q(r->case_id) + ",\"technician\":\"tec-ramos\"}").has_value(); });
  step([r](Sim& s) { return s.Run(Role::PLATFORM, "assembleFolder", "{\"caseId\":" + Q(r->case_id) + "}").has_value(); });
  step([r](Sim& s) {
    if (!r->oemd.empty() && !s.Run(Role::WAREHOUSE, "recordMeterDelivery", "{\"orderNumber\":" + Q(r->oemd) + "}")) return false;
    return s.Run(Role::TECHNICIAN, "recordEnergization", "{\"orderNumber\":" + Q(r->oc) + ",\"meterSerial\":" + Q(r->meter) + ",\"meterReading\":0}").has_value();
  });
  step([r](Sim& s) {
    if (!s.Run(Role::PLATFORM, "completeCase", "{\"caseId\":" + Q(r->case_id) + "}")) return false;
    s.subscribers.push_back(Subscriber{r->subscriber, r->ci, r->meter, false});
    return true;
  });
  return st;
}

// 8.3 a cut at the client's request, then (often) 8.2 the reconnection; or 8.4 a removal.
Story ServiceCase(Sim& s, size_t which, bool removal) {
  auto sub = std::make_shared<Subscriber>(s.subscribers[which]);
  auto case_id = std::make_shared<std::string>();
  auto order = std::make_shared<std::string>();
  Story st;
  auto step = [&st](std::function<bool(Sim&)> f) { st.steps.push_back(std::move(f)); };
  const bool cut = !sub->cut && !removal;
  const char* kind = removal ? "removal" : (cut ? "cut" : "reconnection");
  step([sub, case_id, kind](Sim& sim) {
    auto o = sim.Run(Role::PLATFORM, "openCase", "{\"kind\":" + Q(kind) + ",\"clientCi\":" + Q(sub->ci) +
                                                     ",\"tariffCategory\":\"residential\",\"subscriberNumber\":" + Q(sub->number) + "}");
    if (o) *case_id = o->case_id;
    return o.has_value();
  });
  if (removal) {
    step([case_id, order](Sim& sim) {
      auto o = sim.Run(Role::PLATFORM, "issueRemovalOrder", "{\"caseId\":" + Q(*case_id) + ",\"mode\":\"" +
                                                                (sim.Chance(0.5) ? "removal" : "suspension") + "\",\"signedByClient\":true}");
      if (o) *order = Orders(*o, "OSR-");
      return o.has_value();
    });
    step([order](Sim& sim) {
      return sim.Run(Role::TECHNICIAN, "recordRemovalExecuted", "{\"orderNumber\":" + Q(*order) + ",\"meterReading\":1834}").has_value();
    });
    return st;
  }
  if (cut) {
    step([case_id](Sim& sim) {
      return sim.Run(Role::PLATFORM, "recordCutConditionsExplained", "{\"caseId\":" + Q(*case_id) +
                                                                         ",\"conditions\":\"Corte temporal; la reconexión se pide en plataforma con la última factura.\"}").has_value();
    });
    step([case_id](Sim& sim) { return sim.Run(Role::PLATFORM, "recordClientConfirmation", "{\"caseId\":" + Q(*case_id) + "}").has_value(); });
    step([case_id, order](Sim& sim) {
      auto o = sim.Run(Role::PLATFORM, "issueCutOrder", "{\"caseId\":" + Q(*case_id) + ",\"signedByClient\":true}");
      if (o) *order = Orders(*o, "OCS-");
      return o.has_value();
    });
    step([order](Sim& sim) {
      return sim.Run(Role::PLATFORM, "handOrderToTechnician", "{\"orderNumber\":" + Q(*order) + ",\"technician\":\"tec-ramos\"}").has_value();
    });
    step([order, sub, which](Sim& sim) {
      if (!sim.Run(Role::TECHNICIAN, "recordCutExecuted", "{\"orderNumber\":" + Q(*order) + ",\"meterReading\":2210}")) return false;
      sim.subscribers[which].cut = true;
      return true;
    });
    return st;
  }
  step([case_id](Sim& sim) { return sim.Run(Role::PLATFORM, "issueInspectionOrder", "{\"caseId\":" + Q(*case_id) + "}").has_value(); });
  step([case_id](Sim& sim) {  // after the reconnection window
    sim.Wait(11 * kMinuteNs);
    return sim.Run(Role::PLATFORM, "processReconnectionInspection", "{\"caseId\":" + Q(*case_id) + "}").has_value();
  });
  for (const char* name : {"issueConnectionOrder", "prepareContract", "recordContractSigned"}) {
    step([case_id, order, name](Sim& sim) {
      auto o = sim.Run(Role::PLATFORM, name, "{\"caseId\":" + Q(*case_id) + "}");
      if (o && order->empty()) *order = Orders(*o, "OC-");
      return o.has_value();
    });
  }
  step([case_id](Sim& sim) { return sim.Run(Role::PLATFORM, "handOverDocuments", "{\"caseId\":" + Q(*case_id) + ",\"technician\":\"tec-ramos\"}").has_value(); });
  step([case_id](Sim& sim) { return sim.Run(Role::PLATFORM, "assembleFolder", "{\"caseId\":" + Q(*case_id) + "}").has_value(); });
  step([order, sub](Sim& sim) {
    return sim.Run(Role::TECHNICIAN, "recordEnergization", "{\"orderNumber\":" + Q(*order) + ",\"meterSerial\":" + Q(sub->meter) + ",\"meterReading\":2210}").has_value();
  });
  step([case_id, sub, which](Sim& sim) {
    if (!sim.Run(Role::PLATFORM, "completeCase", "{\"caseId\":" + Q(*case_id) + "}")) return false;
    sim.subscribers[which].cut = false;
    return true;
  });
  return st;
}

void SeedReference(Sim& s) {
  for (const char* kind : {"newConnection", "relocation", "meterChange", "serviceDropRepair", "derivedConnection"}) {
    (void)s.Run(Role::SUPERVISOR, "setRequirementChecklist", std::string("{\"caseKind\":\"") + kind +
                                                                 "\",\"tariffCategory\":\"residential\",\"documents\":" + List(kConnectionDocs) + "}");
  }
  (void)s.Run(Role::SUPERVISOR, "setRequirementChecklist",
              "{\"caseKind\":\"reconnection\",\"tariffCategory\":\"residential\",\"documents\":" + List(kReconnectionDocs) + "}");
  (void)s.Run(Role::SUPERVISOR, "setMaterialPrices",
              R"({"items":[{"code":"CAB-6","description":"Cable concéntrico 2x6 AWG","unit":"m","priceCentavos":1250},)"
              R"({"code":"CAJ-1","description":"Caja para medidor monofásico","unit":"pza","priceCentavos":8575},)"
              R"({"code":"TER-1","description":"Térmico 20 A","unit":"pza","priceCentavos":4510}]})");
  (void)s.Run(Role::SUPERVISOR, "setTariff",
              R"({"category":"residential","description":"Domiciliaria","fixedChargeCentavos":1000,"energyChargeCentavosPerKwh":85})");
  (void)s.Run(Role::SUPERVISOR, "setTechnicianOnDuty", R"({"name":"Jhonny Ramos","phone":"72891234"})");
}

}  // namespace

Result<DemoSummary> RunDemo(const DemoOptions& options) {
  DemoSummary summary;
  int64_t now = 0;
  StoreOptions store_options;
  store_options.path = options.path;
  store_options.sync = false;  // one fsync at close: a sample, not the desk's records
  store_options.clock = [&now] { return now; };
  auto store = EventStore::Open(std::move(store_options));
  if (!store) return Fail(store.error());
  if ((*store)->GetHead().position != 0) {
    return Fail(Code::kStoreNotEmpty, "the store in " + options.path + " already has events; give the demo an empty --data folder");
  }
  // The working days (Monday to Friday) before today, oldest first.
  const int64_t wall = std::chrono::duration_cast<std::chrono::nanoseconds>(
                           std::chrono::system_clock::now().time_since_epoch()).count();
  std::vector<int64_t> days;  // UTC ns of each day's 00:00 La Paz
  for (int64_t d = app::NextLaPazMidnight(wall) - 2 * kDayNs; static_cast<int>(days.size()) < options.days; d -= kDayNs) {
    const int64_t local_days = (d + domain::kLaPazOffsetNs) / kDayNs;
    const int64_t weekday = (local_days + 4) % 7;  // 1970-01-01 was a Thursday; 0 = Sunday
    if (weekday != 0 && weekday != 6) days.push_back(d);
  }
  std::reverse(days.begin(), days.end());
  if (days.empty()) return Fail(Code::kBadDays, "--days must be at least 1");
  now = days[0] + 8 * 60 * kMinuteNs;
  Sim sim(**store, now, options.seed, summary);
  SeedReference(sim);
  std::vector<Story> active;
  std::set<size_t> busy;  // subscribers with a service story under way
  std::vector<std::pair<Story, size_t>> services;
  int started = 0;
  std::mt19937_64 rng(options.seed + 1);
  for (size_t day = 0; day < days.size(); ++day) {
    now = days[day] + 8 * 60 * kMinuteNs + sim.Minutes(0, 30);
    const int quota = static_cast<int>((static_cast<int64_t>(options.clients) * static_cast<int64_t>(day + 1)) /
                                       static_cast<int64_t>(days.size())) - started;
    for (int k = 0; k < quota; ++k) active.push_back(NewConnection(sim, started++));
    for (int k = 0; k < 2 && !sim.subscribers.empty(); ++k) {
      size_t which = std::uniform_int_distribution<size_t>(0, sim.subscribers.size() - 1)(rng);
      for (size_t j = 0; j < sim.subscribers.size() && sim.Chance(0.5); ++j) {  // cut ones ask to reconnect
        if (sim.subscribers[j].cut && !busy.count(j)) {
          which = j;
          break;
        }
      }
      if (busy.count(which) || !sim.Chance(0.6)) continue;
      busy.insert(which);
      services.emplace_back(ServiceCase(sim, which, !sim.subscribers[which].cut && sim.Chance(0.2)), which);
    }
    auto advance = [&sim, &rng](Story& story) {
      const int steps = std::uniform_int_distribution<int>(1, 4)(rng);
      for (int k = 0; k < steps && !story.steps.empty(); ++k) {
        if (!story.steps.front()(sim)) {
          story.steps.clear();
          break;
        }
        story.steps.pop_front();
      }
      return story.steps.empty();
    };
    std::erase_if(active, advance);
    std::erase_if(services, [&](auto& entry) {
      if (!advance(entry.first)) return false;
      busy.erase(entry.second);
      return true;
    });
    const std::string date = domain::FormatDate(domain::ToLocalDate(days[day]));
    now = days[day] + 17 * 60 * kMinuteNs;
    sim.EndOfDay(date);
    const bool last = day + 1 == days.size();
    if (last || domain::FormatMonth(domain::ToLocalDate(days[day + 1])) != date.substr(0, 7)) {
      sim.MonthEnd(date.substr(0, 7));
    }
    if (summary.first_day.empty()) summary.first_day = date;
    summary.last_day = date;
    if (options.progress) options.progress(static_cast<int>(day + 1), static_cast<int>(days.size()));
  }
  summary.events = (*store)->GetHead().position;
  return summary;
}

}  // namespace bitacora::demo
