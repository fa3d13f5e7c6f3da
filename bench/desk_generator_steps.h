// The steps of DeskGenerator (included by bench/desk_generator.h): one case step per event of
// the simulation, each a step of scenarios/, and the desk's afternoon round of 8.5.
#ifndef BITACORA_BENCH_DESK_GENERATOR_STEPS_H_
#define BITACORA_BENCH_DESK_GENERATOR_STEPS_H_

namespace bitacora::bench {

inline void DeskGenerator::Step(size_t i) {
  if (runs_[i].kind == kConnection) {
    StepConnection(i);
  } else {
    StepService(i);
  }
}

// 8.1 new connection, step by step; a step that fails in the field goes back a step.
inline void DeskGenerator::StepConnection(size_t i) {
  namespace conn = scenarios::connection;
  CaseRun& r = runs_[i];
  scenarios::Connection& c = r.connection;
  switch (r.step) {
    case 0:
      c.address = "Calle " + std::to_string(Uniform(1, 400)) + ", Tupiza";
      c.client_address = "Calle " + c.ci + ", Tupiza";
      Done(conn::Open(desk_, c));
      c.receipt = "R-" + c.case_id;
      r.step = 1;
      return Later(i, 5 * kMin, 20 * kMin);
    case 1: {
      const bool complete = !Chance(0.05);
      Done(conn::PresentDocuments(desk_, c, complete));
      if (complete) r.step = 2;
      return complete ? Later(i, 2 * kMin, 10 * kMin) : Later(i, 1 * kDay, 5 * kDay);
    }
    case 2:
      Done(conn::RegisterClient(desk_, c));
      r.step = 3;
      return Later(i, 2 * kMin, 10 * kMin);
    case 3:
      Done(conn::IssueRequirementsOrder(desk_, c));
      ort_case_[c.ort] = c.case_id;
      c.technician = Technician();
      r.step = 4;
      return Later(i, 1 * kDay, 4 * kDay);
    case 4:
      if (Chance(0.03)) {
        Done(conn::VisitNotDone(desk_, c, "Domicilio cerrado"));
        Returned(c.ort);
        dead_orts_.insert(c.ort);
        r.step = 3;
        return Later(i, 1 * kHour, 2 * kDay);
      }
      c.materials = scenarios::ResidentialMaterials(Uniform(10, 60));
      c.payment_centavos = scenarios::PriceOf(c.materials);
      c.plan = "Plano " + c.ort;
      Done(conn::RecordVisit(desk_, c));
      Returned(c.ort);
      ort_materials_[c.ort] = c.materials;
      r.step = 5;
      return Later(i, 1 * kHour, 3 * kDay);
    case 5:
      Done(conn::IssueQuote(desk_, c));
      r.step = 6;
      return Later(i, 1 * kHour, 5 * kDay);
    case 6:
      Done(conn::Pay(desk_, c));
      r.step = 7;
      return Later(i, 10 * kMin, 1 * kDay);
    case 7:
      Done(conn::DeliverMaterials(desk_, c));
      Returned(c.oem);
      r.step = 8;
      return Later(i, 2 * kDay, 10 * kDay);
    case 8:
      c.installer = "Electricista autorizado " + std::to_string(Uniform(1, 20));
      Done(conn::ReportInstallation(desk_, c));
      r.step = 9;
      return Later(i, 5 * kMin, 30 * kMin);
    case 9:
      Done(conn::IssueInspectionOrder(desk_, c));
      c.technician = Technician();
      r.step = 10;
      return Later(i, 1 * kDay, 3 * kDay);
    case 10: {
      const bool ok = !Chance(0.10);
      Done(conn::RecordInspection(desk_, c, ok));
      Returned(c.oit);
      r.step = ok ? 11 : 9;
      return Later(i, 1 * kHour, ok ? 1 * kDay : 7 * kDay);
    }
    case 11: {
      const bool viable = !Chance(0.03);
      Done(conn::DecideViability(desk_, c, viable));
      if (!viable) {
        Done(conn::SendNonViableToOdeco(desk_, c));
        return;
      }
      r.step = 12;
      return Later(i, 10 * kMin, 1 * kDay);
    }
    case 12: {
      const double o = std::uniform_real_distribution<double>(0, 1)(rng_);
      c.ownership = o < 0.7    ? schema::MeterOwnership::BOUGHT
                    : o < 0.95 ? schema::MeterOwnership::LENT
                               : schema::MeterOwnership::GIZ;
      c.meter = options_.meter_prefix + std::to_string(++meters_);
      Done(conn::RegisterMeter(desk_, c));
      r.step = 13;
      return Later(i, 5 * kMin, 30 * kMin);
    }
    case 13:
      Done(conn::IssueConnectionOrder(desk_, c));
      r.step = 14;
      return Later(i, 5 * kMin, 30 * kMin);
    case 14:
      Done(conn::PrepareContract(desk_, c));
      r.step = 15;
      return Later(i, 1 * kHour, 3 * kDay);
    case 15:
      Done(conn::SignContract(desk_, c));
      r.step = 16;
      return Later(i, 5 * kMin, 30 * kMin);
    case 16:
      c.technician = Technician();
      c.handed_to = c.technician;
      Done(conn::HandOver(desk_, c));
      r.step = c.oemd.empty() ? 18 : 17;
      return Later(i, 5 * kMin, 1 * kDay);
    case 17:
      Done(conn::DeliverMeter(desk_, c));
      Returned(c.oemd);
      c.oemd.clear();  // delivered: the energization does not deliver it again
      r.step = 18;
      return Later(i, 5 * kMin, 1 * kDay);
    case 18:
      Done(conn::AssembleFolder(desk_, c));
      r.step = 19;
      return Later(i, 1 * kDay, 5 * kDay);
    case 19:
      Done(conn::Energize(desk_, c));
      Returned(c.oc);
      r.step = 20;
      return Later(i, 1 * kHour, 2 * kDay);
    case 20: {
      Done(conn::Complete(desk_, c));
      completed_cases_.insert(c.case_id);
      // Later in the subscriber's life: 15 % ask for a cut, 5 % for a removal.
      const double later = std::uniform_real_distribution<double>(0, 1)(rng_);
      if (later < 0.20)
        LaterService(later < 0.15 ? kCut : kRemoval, c.ci, c.subscriber, c.meter, 20, 90);
      return;
    }
    default:
      return;
  }
}

// 8.3 cut (then, for 60 %, 8.2 reconnection) and 8.4 removal on a connected subscriber.
inline void DeskGenerator::StepService(size_t i) {
  namespace svc = scenarios::service;
  CaseRun& r = runs_[i];
  scenarios::Service& s = r.service;
  switch (r.step) {
    case 0:
      s.kind = r.kind == kCut       ? schema::CaseKind::CUT
               : r.kind == kRemoval ? schema::CaseKind::REMOVAL
                                    : schema::CaseKind::RECONNECTION;
      s.address = "";
      Done(svc::Open(desk_, s));
      r.step = r.kind == kCut ? 1 : r.kind == kRemoval ? 10 : 20;
      return Later(i, 2 * kMin, 10 * kMin);
    // 8.3
    case 1:
      Done(svc::ExplainCutConditions(desk_, s));
      r.step = 2;
      return Later(i, 2 * kMin, 10 * kMin);
    case 2:
      Done(svc::RecordClientConfirmation(desk_, s));
      r.step = 3;
      return Later(i, 2 * kMin, 10 * kMin);
    case 3:
      Done(svc::IssueCutOrder(desk_, s));
      s.technician = Technician();
      s.handed_to = s.technician;
      Done(svc::HandOrderToTechnician(desk_, s));
      r.step = 4;
      return Later(i, 1 * kDay, 3 * kDay);
    case 4:
      Done(svc::ExecuteCut(desk_, s));
      Returned(s.order);
      if (Chance(0.6)) LaterService(kReconnection, s.ci, s.subscriber, s.meter, 7, 60);
      return;
    // 8.4
    case 10:
      s.mode = Chance(0.5) ? schema::RemovalMode::SUSPENSION : schema::RemovalMode::REMOVAL;
      Done(svc::IssueRemovalOrder(desk_, s));
      r.step = 11;
      return Later(i, 1 * kDay, 4 * kDay);
    case 11:
      s.technician = Technician();
      Done(svc::ExecuteRemoval(desk_, s));
      Returned(s.order);
      return;
    // 8.2 with folder: OIT, the window, OC, contract, signature, hand-over, folder, energization.
    case 20:
      Done(svc::IssueInspectionOrder(desk_, s));
      r.step = 21;
      return Later(i, 11 * kMin, 2 * kHour);
    case 21:
      s.technician = Technician();
      s.handed_to = s.technician;
      for (auto step :
           {svc::ProcessReconnectionInspection, svc::IssueConnectionOrder, svc::PrepareContract,
            svc::SignContract, svc::HandOver, svc::AssembleFolder}) {
        Done(step(desk_, s));
      }
      r.step = 22;
      return Later(i, 1 * kDay, 3 * kDay);
    case 22:
      Done(svc::Energize(desk_, s));
      Returned(s.oc);
      Done(svc::Complete(desk_, s));
      return;
    default:
      return;
  }
}

// The desk's afternoon: verify (or send back) what came in, register it in the daily control,
// archive processed ORTs, send the rest to ODECO; ODECO processes yesterday's; at a new month,
// the batch of the month before goes to CPD.
inline void DeskGenerator::DeskRound() {
  namespace returned = scenarios::returned;
  const int64_t today = options_.live ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count()
                                      : now_;
  const std::string month = domain::FormatMonth(domain::ToLocalDate(today));
  if (!month_.empty() && (month != month_ || options_.live)) {
    auto& batch = processed_by_month_[month_];
    for (size_t k = 0; k < batch.size(); k += 500) {
      std::vector<std::string> part(
          batch.begin() + static_cast<long>(k),
          batch.begin() + static_cast<long>(std::min(batch.size(), k + 500)));
      Done(returned::SendMonthlyBatchToCpd(desk_, month_, part));
      Done(returned::ReceiveCpdBatch(desk_, month_, part));
    }
    processed_by_month_.erase(month_);
  }
  month_ = month;
  // ORTs sent back yesterday come back corrected.
  for (const std::string& ort : sent_back_) {
    Done(desk_.Run(ActorRef{"tec-1", Role::TECHNICIAN},
                   scenarios::cmd::RecordVisit(ort, ort_materials_[ort], "Plano corregido")));
    returned_.push_back(ort);
  }
  sent_back_.clear();
  std::vector<std::string> verified;
  for (const std::string& n : returned_) {
    if (n.starts_with("ORT") && !dead_orts_.contains(n) && Chance(0.05)) {
      Done(returned::SendBack(desk_, n));
      sent_back_.push_back(n);
      continue;
    }
    Done(returned::Verify(desk_, n));
    verified.push_back(n);
  }
  returned_.clear();
  std::vector<std::string> to_odeco;
  if (!verified.empty()) {
    Done(returned::RegisterInDailyControl(desk_, verified));
    for (const std::string& n : verified) {
      if (!n.starts_with("ORT")) to_odeco.push_back(n);
    }
  }
  // ORTs are archived once their case is complete (the ORT processed).
  for (const std::string& n : verified) {
    if (n.starts_with("ORT") && !dead_orts_.contains(n)) pending_archive_.insert(n);
  }
  for (auto it = pending_archive_.begin(); it != pending_archive_.end();) {
    if (!completed_cases_.contains(ort_case_[*it])) {
      ++it;
      continue;
    }
    Done(returned::Archive(desk_, *it));
    it = pending_archive_.erase(it);
  }
  if (!at_odeco_.empty()) {
    Done(returned::ProcessAtOdeco(desk_, at_odeco_));
    auto& done = processed_by_month_[month];
    done.insert(done.end(), at_odeco_.begin(), at_odeco_.end());
    at_odeco_.clear();
  }
  if (!to_odeco.empty()) {
    Done(returned::SendToOdeco(desk_, to_odeco));
    at_odeco_ = std::move(to_odeco);
  }
}

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_DESK_GENERATOR_STEPS_H_
