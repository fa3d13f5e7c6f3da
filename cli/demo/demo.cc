#include "cli/demo/demo.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <random>
#include <set>
#include <vector>

#include "app/daily_checkpoints.h"
#include "cli/demo/sim.h"
#include "core/domain/ids.h"
#include "core/store/event_store.h"
#include "scenarios/connection.h"
#include "scenarios/reference.h"
#include "scenarios/returned_orders.h"
#include "scenarios/service.h"

namespace bitacora::demo {
namespace {

using schema::CaseKind;
using schema::MeterOwnership;
using schema::RemovalMode;
using schema::Role;
// One client's story: steps run a few per day; a step returns false to end the story early.
struct Story {
  std::deque<std::function<bool(Sim&)>> steps;
};

// Runs `step` on the story's case; the story goes on while it succeeds.
template <class Case, class Step>
std::function<bool(Sim&)> Do(std::shared_ptr<Case> c, Step step) {
  return [c, step](Sim& s) { return step(s, *c).has_value(); };
}

// 8.1: a new connection, with its branches.
Story NewConnection(Sim& sim, int i) {
  namespace conn = scenarios::connection;
  auto r = std::make_shared<scenarios::Connection>();
  r->ci = std::to_string(3'100'000 + i * 37) + (i % 9 == 0 ? "-1A" : "") + " PT";
  r->name = std::string(sim.Pick(kFirst)) + " " + sim.Pick(kLast) + " " + sim.Pick(kLast);
  r->address = std::string(sim.Pick(kStreets)) + " " + std::to_string(10 + i % 400) + ", Tupiza";
  r->phone = "7" + r->ci.substr(0, 7);
  r->materials = scenarios::ResidentialMaterials(15 + static_cast<int64_t>(r->address.size() % 30));
  r->payment_centavos = scenarios::PriceOf(r->materials);  // the quote, exactly (8.1 step 6)
  std::mt19937_64 story_rng(static_cast<uint64_t>(i) * 7919);
  const double roll = std::uniform_real_distribution<double>(0, 1)(story_rng);
  const bool incomplete = roll<0.10, non_viable = roll> 0.92, annul = roll > 0.86 && roll <= 0.89;
  r->ownership = roll < 0.55 ? MeterOwnership::BOUGHT
                             : (roll < 0.80 ? MeterOwnership::LENT : MeterOwnership::GIZ);
  r->meter = std::string(r->ownership == MeterOwnership::GIZ ? "GIZ-" : "MED-") +
             std::to_string(500000 + i);
  Story st;
  auto step = [&st, r](auto f) { st.steps.push_back(Do(r, f)); };
  if (i % 23 == 7) {  // the clerk slips on the CI, then types it right
    st.steps.push_back([r](Sim& s) { return s.MakeMistake(scenarios::mistakes::CiWithLetter(*r)); });
  }
  step([](Sim& s, scenarios::Connection& c) {
    auto o = conn::Open(s, c);
    if (o) c.receipt = "R-" + c.case_id.substr(9);
    return o;
  });
  if (incomplete)
    step([](Sim& s, scenarios::Connection& c) { return conn::PresentDocuments(s, c, false); });
  step([](Sim& s, scenarios::Connection& c) { return conn::PresentDocuments(s, c); });
  for (auto f : {conn::RegisterClient, conn::IssueRequirementsOrder, conn::RecordVisit, conn::IssueQuote}) {
    step(f);
  }
  if (i % 31 == 11) {  // the cashier takes a boliviano short, then the right amount
    st.steps.push_back([r](Sim& s) { return s.MakeMistake(scenarios::mistakes::ShortPayment(*r)); });
  }
  for (auto f : {conn::Pay, conn::DeliverMaterials, conn::ReportInstallation, conn::IssueInspectionOrder}) {
    step(f);
  }
  if (annul) {
    step([](Sim& s, scenarios::Connection& c) {
      return scenarios::returned::Annul(s, c.oit, "Dirección mal consignada en la orden");
    });
    step(conn::IssueInspectionOrder);
  }
  step([non_viable](Sim& s, scenarios::Connection& c) {
    return conn::RecordInspection(s, c, !non_viable, "La red no llega a la dirección");
  });
  if (non_viable) {
    step([](Sim& s, scenarios::Connection& c) {
      return conn::DecideViability(s, c, false, "Sin red de baja tensión a menos de 40 m");
    });
    step(conn::SendNonViableToOdeco);
    return st;
  }
  step([](Sim& s, scenarios::Connection& c) { return conn::DecideViability(s, c, true); });
  for (auto f : {conn::RegisterMeter, conn::IssueConnectionOrder, conn::PrepareContract,
                 conn::SignContract, conn::HandOver, conn::AssembleFolder, conn::Energize}) {
    step(f);
  }
  step([](Sim& s, scenarios::Connection& c) {
    auto o = conn::Complete(s, c);
    if (o) s.subscribers.push_back(Subscriber{c.subscriber, c.ci, c.meter, false});
    return o;
  });
  return st;
}

// 8.3 a cut at the client's request, then (often) 8.2 the reconnection; or 8.4 a removal.
Story ServiceCase(Sim& s, size_t which, bool removal) {
  namespace svc = scenarios::service;
  const Subscriber& sub = s.subscribers[which];
  const bool cut = !sub.cut && !removal;
  auto c = std::make_shared<scenarios::Service>();
  c->kind = removal ? CaseKind::REMOVAL : (cut ? CaseKind::CUT : CaseKind::RECONNECTION);
  c->ci = sub.ci;
  c->subscriber = sub.number;
  c->meter = sub.meter;
  c->address = "";
  c->meter_reading = removal ? 1834 : 2210;
  Story st;
  auto step = [&st, c](auto f) { st.steps.push_back(Do(c, f)); };
  step(svc::Open);
  if (removal) {
    step([](Sim& sim, scenarios::Service& x) {
      x.mode = sim.Chance(0.5) ? RemovalMode::REMOVAL : RemovalMode::SUSPENSION;
      return svc::IssueRemovalOrder(sim, x);
    });
    step(svc::ExecuteRemoval);
    return st;
  }
  if (cut) {
    for (auto f : {svc::ExplainCutConditions, svc::RecordClientConfirmation, svc::IssueCutOrder,
                   svc::HandOrderToTechnician}) {
      step(f);
    }
    step([which](Sim& sim, scenarios::Service& x) {
      auto o = svc::ExecuteCut(sim, x);
      if (o) sim.subscribers[which].cut = true;
      return o;
    });
    return st;
  }
  step(svc::IssueInspectionOrder);
  step([](Sim& sim, scenarios::Service& x) {  // after the reconnection window
    sim.Wait(11 * kMinuteNs);
    return svc::ProcessReconnectionInspection(sim, x);
  });
  for (auto f : {svc::IssueConnectionOrder, svc::PrepareContract, svc::SignContract, svc::HandOver,
                 svc::AssembleFolder, svc::Energize}) {
    step(f);
  }
  step([which](Sim& sim, scenarios::Service& x) {
    auto o = svc::Complete(sim, x);
    if (o) sim.subscribers[which].cut = false;
    return o;
  });
  return st;
}

void SeedReference(Sim& s) {
  (void)scenarios::SeedReference(s);
  (void)s.Run(Role::SUPERVISOR, scenarios::cmd::SetTariff(schema::TariffCategory::RESIDENTIAL,
                                                          "Domiciliaria", 1000, 85));
  (void)s.Run(Role::SUPERVISOR, scenarios::cmd::SetTechnicianOnDuty("Jhonny Ramos", "72891234"));
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
    return Fail(Code::kStoreNotEmpty,
                "the store in " + options.path +
                    " already has events; give the demo an empty --data folder");
  }
  // The working days (Monday to Friday) before today, oldest first.
  std::vector<int64_t> days;  // UTC ns of each day's 00:00 La Paz
  for (int64_t d = app::NextLaPazMidnight(options.today_ns) - 2 * kDayNs;
       static_cast<int>(days.size()) < options.days; d -= kDayNs) {
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
    const int quota =
        static_cast<int>((static_cast<int64_t>(options.clients) * static_cast<int64_t>(day + 1)) /
                         static_cast<int64_t>(days.size())) -
        started;
    for (int k = 0; k < quota; ++k) active.push_back(NewConnection(sim, started++));
    for (int k = 0; k < 2 && !sim.subscribers.empty(); ++k) {
      size_t which = std::uniform_int_distribution<size_t>(0, sim.subscribers.size() - 1)(rng);
      for (size_t j = 0; j < sim.subscribers.size() && sim.Chance(0.5);
           ++j) {  // cut ones ask to reconnect
        if (sim.subscribers[j].cut && !busy.count(j)) {
          which = j;
          break;
        }
      }
      if (busy.count(which) || !sim.Chance(0.6)) continue;
      busy.insert(which);
      services.emplace_back(ServiceCase(sim, which, !sim.subscribers[which].cut && sim.Chance(0.2)),
                            which);
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
    if (options.progress)
      options.progress(static_cast<int>(day + 1), static_cast<int>(days.size()));
  }
  summary.events = (*store)->GetHead().position;
  return summary;
}

}  // namespace bitacora::demo
