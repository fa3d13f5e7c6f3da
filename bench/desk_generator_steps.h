// The steps of DeskGenerator (included by bench/desk_generator.h): one case step per event of
// the simulation, and the desk's afternoon round of 8.5.
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
  CaseRun& r = runs_[i];
  const std::string id = r.case_id;
  switch (r.step) {
    case 0: {
      const std::string ci = r.ci;
      const auto category = r.category;
      r.case_id = Desk([&](C::Builder c) {
        auto p = c.initOpenCase();
        p.setKind(schema::CaseKind::NEW_CONNECTION);
        p.setClientCi(ci);
        p.setTariffCategory(category);
        p.setAddress("Calle " + std::to_string(Uniform(1, 400)) + ", Tupiza");
      }).case_id;
      r.step = 1;
      return Later(i, 5 * kMin, 20 * kMin);
    }
    case 1: {
      const bool complete = !Chance(0.05);
      Desk([&](C::Builder c) {
        auto p = c.initPresentDocuments();
        p.setCaseId(id);
        if (complete) {
          SetList(p.initDocuments(2), {"Fotocopia de CI", "Documento de propiedad"});
        } else {
          SetList(p.initDocuments(1), {"Fotocopia de CI"});
        }
      });
      if (complete) r.step = 2;
      return complete ? Later(i, 2 * kMin, 10 * kMin) : Later(i, 1 * kDay, 5 * kDay);
    }
    case 2: {
      const std::string ci = r.ci;
      Desk([&](C::Builder c) {
        auto p = c.initRegisterClient();
        p.setCaseId(id);
        p.setClientCi(ci);
        p.setFullName("Cliente " + ci);
        p.setAddress("Calle " + ci + ", Tupiza");
        p.setPhone("7" + ci);
      });
      r.step = 3;
      return Later(i, 2 * kMin, 10 * kMin);
    }
    case 3:
      r.ort = Desk([&](C::Builder c) { c.initIssueRequirementsOrder().setCaseId(id); }).issued_orders.at(0);
      ort_case_[r.ort] = id;
      r.technician = Technician();
      r.step = 4;
      return Later(i, 1 * kDay, 4 * kDay);
    case 4: {
      if (Chance(0.03)) {
        const std::string ort = r.ort;
        Do(Role::TECHNICIAN, r.technician, [&](C::Builder c) {
          auto p = c.initRecordOrderNotExecuted();
          p.setOrderNumber(ort);
          p.setReason("Domicilio cerrado");
        });
        Returned(r.ort);
        dead_orts_.insert(r.ort);
        r.step = 3;
        return Later(i, 1 * kHour, 2 * kDay);
      }
      r.materials = {{"CAB-6", Uniform(10, 60)}, {"CAJ-1", 1}, {"TER-1", 1}};
      r.quote_total = r.materials[0].second * prices_[0] + prices_[1] + prices_[2];
      const std::string ort = r.ort;
      const auto materials = r.materials;
      Do(Role::TECHNICIAN, r.technician, [&](C::Builder c) {
        auto p = c.initRecordVisit();
        p.setOrderNumber(ort);
        auto list = p.initMaterials(3);
        for (unsigned k = 0; k < 3; ++k) {
          list[k].setCode(materials[k].first);
          list[k].setQuantity(materials[k].second);
        }
        p.setPlanReference("Plano " + ort);
      });
      Returned(r.ort);
      ort_materials_[r.ort] = r.materials;
      r.step = 5;
      return Later(i, 1 * kHour, 3 * kDay);
    }
    case 5:
      Desk([&](C::Builder c) { c.initIssueQuote().setCaseId(id); });
      r.step = 6;
      return Later(i, 1 * kHour, 5 * kDay);
    case 6: {
      const int64_t total = r.quote_total;
      const std::string oem = Do(Role::CASHIER, "caja-1", [&](C::Builder c) {
                                auto p = c.initRecordPayment();
                                p.setCaseId(id);
                                p.setAmountCentavos(total);
                                p.setReceiptNumber("R-" + id);
                              }).issued_orders.at(0);
      r.oit = oem;  // the OEM, delivered next
      r.step = 7;
      return Later(i, 10 * kMin, 1 * kDay);
    }
    case 7: {
      const std::string oem = r.oit;
      const auto materials = r.materials;
      Do(Role::WAREHOUSE, "alm-1", [&](C::Builder c) {
        auto p = c.initRecordMaterialsDelivery();
        p.setOrderNumber(oem);
        auto list = p.initItems(3);
        for (unsigned k = 0; k < 3; ++k) {
          list[k].setCode(materials[k].first);
          list[k].setQuantity(materials[k].second);
        }
      });
      Returned(oem);
      r.step = 8;
      return Later(i, 2 * kDay, 10 * kDay);
    }
    case 8:
      Desk([&](C::Builder c) {
        auto p = c.initReportInstallation();
        p.setCaseId(id);
        p.setInstallerName("Electricista autorizado " + std::to_string(Uniform(1, 20)));
      });
      r.step = 9;
      return Later(i, 5 * kMin, 30 * kMin);
    case 9: {
      auto out = Desk([&](C::Builder c) { c.initIssueInspectionOrder().setCaseId(id); });
      r.oit = out.issued_orders.at(0);
      if (!out.subscriber_number.empty()) r.subscriber = out.subscriber_number;
      r.technician = Technician();
      r.step = 10;
      return Later(i, 1 * kDay, 3 * kDay);
    }
    case 10: {
      const bool ok = !Chance(0.10);
      const std::string oit = r.oit;
      Do(Role::TECHNICIAN, r.technician, [&](C::Builder c) {
        auto p = c.initRecordInspectionResult();
        p.setOrderNumber(oit);
        p.setSatisfactory(ok);
        if (!ok) SetList(p.initFindings(1), {"Puesta a tierra ausente"});
      });
      Returned(oit);
      r.step = ok ? 11 : 9;
      return Later(i, 1 * kHour, ok ? 1 * kDay : 7 * kDay);
    }
    case 11: {
      const bool viable = !Chance(0.03);
      Desk([&](C::Builder c) {
        auto p = c.initDecideViability();
        p.setCaseId(id);
        p.setViable(viable);
        if (!viable) SetList(p.initReasons(1), {"La red no llega a la dirección"});
      });
      if (!viable) {
        Do(Role::ODECO, "odeco-1", [&](C::Builder c) { c.initReceiveNonViableCase().setCaseId(id); });
        return;
      }
      r.step = 12;
      return Later(i, 10 * kMin, 1 * kDay);
    }
    case 12: {
      const double o = std::uniform_real_distribution<double>(0, 1)(rng_);
      r.ownership = o < 0.7 ? schema::MeterOwnership::BOUGHT
                    : o < 0.95 ? schema::MeterOwnership::LENT
                               : schema::MeterOwnership::GIZ;
      r.meter = options_.meter_prefix + std::to_string(++meters_);
      const std::string meter = r.meter;
      const auto ownership = r.ownership;
      auto out = Desk([&](C::Builder c) {
        auto p = c.initRegisterMeter();
        p.setCaseId(id);
        p.setMeterSerial(meter);
        p.setOwnership(ownership);
        p.setBrand("Elster");
      });
      r.oemd = out.issued_orders.size() == 2 ? out.issued_orders[1] : "";
      r.step = 13;
      return Later(i, 5 * kMin, 30 * kMin);
    }
    case 13:
      r.oc = Desk([&](C::Builder c) { c.initIssueConnectionOrder().setCaseId(id); }).issued_orders.at(0);
      r.step = 14;
      return Later(i, 5 * kMin, 30 * kMin);
    case 14:
      Desk([&](C::Builder c) { c.initPrepareContract().setCaseId(id); });
      r.step = 15;
      return Later(i, 1 * kHour, 3 * kDay);
    case 15:
      Desk([&](C::Builder c) { c.initRecordContractSigned().setCaseId(id); });
      r.step = 16;
      return Later(i, 5 * kMin, 30 * kMin);
    case 16: {
      r.technician = Technician();
      const std::string tech = r.technician;
      Desk([&](C::Builder c) {
        auto p = c.initHandOverDocuments();
        p.setCaseId(id);
        p.setTechnician(tech);
      });
      r.step = r.oemd.empty() ? 18 : 17;
      return Later(i, 5 * kMin, 1 * kDay);
    }
    case 17: {
      const std::string oemd = r.oemd;
      Do(Role::WAREHOUSE, "alm-1", [&](C::Builder c) { c.initRecordMeterDelivery().setOrderNumber(oemd); });
      Returned(oemd);
      r.step = 18;
      return Later(i, 5 * kMin, 1 * kDay);
    }
    case 18:
      Desk([&](C::Builder c) { c.initAssembleFolder().setCaseId(id); });
      r.step = 19;
      return Later(i, 1 * kDay, 5 * kDay);
    case 19: {
      const std::string oc = r.oc;
      const std::string meter = r.meter;
      Do(Role::TECHNICIAN, r.technician, [&](C::Builder c) {
        auto p = c.initRecordEnergization();
        p.setOrderNumber(oc);
        p.setMeterSerial(meter);
        p.setMeterReading(0);
      });
      Returned(oc);
      r.step = 20;
      return Later(i, 1 * kHour, 2 * kDay);
    }
    case 20: {
      Desk([&](C::Builder c) { c.initCompleteCase().setCaseId(id); });
      completed_cases_.insert(id);
      // Later in the subscriber's life: 15 % ask for a cut, 5 % for a removal.
      const double later = std::uniform_real_distribution<double>(0, 1)(rng_);
      if (later < 0.20) {
        CaseRun s;
        s.kind = later < 0.15 ? kCut : kRemoval;
        s.ci = r.ci;
        s.subscriber = r.subscriber;
        s.meter = r.meter;
        runs_.push_back(std::move(s));
        Later(runs_.size() - 1, 20 * kDay, 90 * kDay);
      }
      return;
    }
    default:
      return;
  }
}

// 8.3 cut (then, for 60 %, 8.2 reconnection) and 8.4 removal on a connected subscriber.
inline void DeskGenerator::StepService(size_t i) {
  CaseRun& r = runs_[i];
  const std::string id = r.case_id;
  switch (r.step) {
    case 0: {
      const Kind kind = r.kind;
      const std::string ci = r.ci;
      const std::string sub = r.subscriber;
      r.case_id = Desk([&](C::Builder c) {
        auto p = c.initOpenCase();
        p.setKind(kind == kCut ? schema::CaseKind::CUT
                  : kind == kRemoval ? schema::CaseKind::REMOVAL
                                     : schema::CaseKind::RECONNECTION);
        p.setClientCi(ci);
        p.setSubscriberNumber(sub);
      }).case_id;
      r.step = kind == kCut ? 1 : kind == kRemoval ? 10 : 20;
      return Later(i, 2 * kMin, 10 * kMin);
    }
    // 8.3
    case 1:
      Desk([&](C::Builder c) {
        auto p = c.initRecordCutConditionsExplained();
        p.setCaseId(id);
        p.setConditions("Corte temporal; la reconexión se pide en plataforma.");
      });
      r.step = 2;
      return Later(i, 2 * kMin, 10 * kMin);
    case 2:
      Desk([&](C::Builder c) { c.initRecordClientConfirmation().setCaseId(id); });
      r.step = 3;
      return Later(i, 2 * kMin, 10 * kMin);
    case 3: {
      r.ocs = Desk([&](C::Builder c) {
                auto p = c.initIssueCutOrder();
                p.setCaseId(id);
                p.setSignedByClient(true);
              }).issued_orders.at(0);
      r.technician = Technician();
      const std::string ocs = r.ocs;
      const std::string tech = r.technician;
      Desk([&](C::Builder c) {
        auto p = c.initHandOrderToTechnician();
        p.setOrderNumber(ocs);
        p.setTechnician(tech);
      });
      r.step = 4;
      return Later(i, 1 * kDay, 3 * kDay);
    }
    case 4: {
      const std::string ocs = r.ocs;
      Do(Role::TECHNICIAN, r.technician, [&](C::Builder c) { c.initRecordCutExecuted().setOrderNumber(ocs); });
      Returned(ocs);
      if (Chance(0.6)) {
        CaseRun s;
        s.kind = kReconnection;
        s.ci = r.ci;
        s.subscriber = r.subscriber;
        s.meter = r.meter;
        runs_.push_back(std::move(s));
        Later(runs_.size() - 1, 7 * kDay, 60 * kDay);
      }
      return;
    }
    // 8.4
    case 10: {
      const auto mode = Chance(0.5) ? schema::RemovalMode::SUSPENSION : schema::RemovalMode::REMOVAL;
      r.osr = Desk([&](C::Builder c) {
                auto p = c.initIssueRemovalOrder();
                p.setCaseId(id);
                p.setMode(mode);
                p.setSignedByClient(true);
              }).issued_orders.at(0);
      r.step = 11;
      return Later(i, 1 * kDay, 4 * kDay);
    }
    case 11: {
      const std::string osr = r.osr;
      Do(Role::TECHNICIAN, Technician(), [&](C::Builder c) { c.initRecordRemovalExecuted().setOrderNumber(osr); });
      Returned(osr);
      return;
    }
    // 8.2 with folder: OIT, the window, OC, contract, signature, hand-over, folder, energization.
    case 20:
      Desk([&](C::Builder c) { c.initIssueInspectionOrder().setCaseId(id); });
      r.step = 21;
      return Later(i, 11 * kMin, 2 * kHour);
    case 21:
      Desk([&](C::Builder c) { c.initProcessReconnectionInspection().setCaseId(id); });
      r.oc = Desk([&](C::Builder c) { c.initIssueConnectionOrder().setCaseId(id); }).issued_orders.at(0);
      Desk([&](C::Builder c) { c.initPrepareContract().setCaseId(id); });
      Desk([&](C::Builder c) { c.initRecordContractSigned().setCaseId(id); });
      r.technician = Technician();
      {
        const std::string tech = r.technician;
        Desk([&](C::Builder c) {
          auto p = c.initHandOverDocuments();
          p.setCaseId(id);
          p.setTechnician(tech);
        });
      }
      Desk([&](C::Builder c) { c.initAssembleFolder().setCaseId(id); });
      r.step = 22;
      return Later(i, 1 * kDay, 3 * kDay);
    case 22: {
      const std::string oc = r.oc;
      const std::string meter = r.meter;
      Do(Role::TECHNICIAN, r.technician, [&](C::Builder c) {
        auto p = c.initRecordEnergization();
        p.setOrderNumber(oc);
        p.setMeterSerial(meter);
      });
      Returned(oc);
      Desk([&](C::Builder c) { c.initCompleteCase().setCaseId(id); });
      return;
    }
    default:
      return;
  }
}

// The desk's afternoon: verify (or send back) what came in, register it in the daily control,
// archive processed ORTs, send the rest to ODECO; ODECO processes yesterday's; at a new month,
// the batch of the month before goes to CPD.
inline void DeskGenerator::DeskRound() {
  const int64_t today = options_.live ? std::chrono::duration_cast<std::chrono::nanoseconds>(
                                          std::chrono::system_clock::now().time_since_epoch()).count()
                                    : now_;
  const std::string month = domain::FormatMonth(domain::ToLocalDate(today));
  if (!month_.empty() && (month != month_ || options_.live)) {
    auto& batch = processed_by_month_[month_];
    for (size_t k = 0; k < batch.size(); k += 500) {
      std::vector<std::string> part(batch.begin() + static_cast<long>(k),
                                    batch.begin() + static_cast<long>(std::min(batch.size(), k + 500)));
      const std::string m = month_;
      Do(Role::ODECO, "odeco-1", [&](C::Builder c) {
        auto p = c.initSendMonthlyBatchToCpd();
        p.setBatchMonth(m);
        SetList(p.initOrderNumbers(static_cast<unsigned>(part.size())), part);
      });
      Do(Role::CPD, "cpd-1", [&](C::Builder c) {
        auto p = c.initReceiveCpdBatch();
        p.setBatchMonth(m);
        SetList(p.initOrderNumbers(static_cast<unsigned>(part.size())), part);
      });
    }
    processed_by_month_.erase(month_);
  }
  month_ = month;
  // ORTs sent back yesterday come back corrected.
  for (const std::string& ort : sent_back_) {
    const auto& materials = ort_materials_[ort];
    Do(Role::TECHNICIAN, "tec-1", [&](C::Builder c) {
      auto p = c.initRecordVisit();
      p.setOrderNumber(ort);
      auto list = p.initMaterials(static_cast<unsigned>(materials.size()));
      for (unsigned k = 0; k < materials.size(); ++k) {
        list[k].setCode(materials[k].first);
        list[k].setQuantity(materials[k].second);
      }
      p.setPlanReference("Plano corregido");
    });
    returned_.push_back(ort);
  }
  sent_back_.clear();
  std::vector<std::string> verified;
  for (const std::string& n : returned_) {
    if (n.starts_with("ORT") && !dead_orts_.contains(n) && Chance(0.05)) {
      Desk([&](C::Builder c) {
        auto p = c.initSendBackOrder();
        p.setOrderNumber(n);
        SetList(p.initReasons(1), {"Falta la firma del técnico"});
      });
      sent_back_.push_back(n);
      continue;
    }
    Desk([&](C::Builder c) { c.initVerifyReturnedOrder().setOrderNumber(n); });
    verified.push_back(n);
  }
  returned_.clear();
  std::vector<std::string> to_odeco;
  if (!verified.empty()) {
    Desk([&](C::Builder c) {
      SetList(c.initRegisterInDailyControl().initOrderNumbers(static_cast<unsigned>(verified.size())), verified);
    });
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
    const std::string n = *it;
    Desk([&](C::Builder c) { c.initArchiveOrder().setOrderNumber(n); });
    it = pending_archive_.erase(it);
  }
  if (!at_odeco_.empty()) {
    Do(Role::ODECO, "odeco-1", [&](C::Builder c) {
      SetList(c.initProcessOrdersAtOdeco().initOrderNumbers(static_cast<unsigned>(at_odeco_.size())), at_odeco_);
    });
    auto& done = processed_by_month_[month];
    done.insert(done.end(), at_odeco_.begin(), at_odeco_.end());
    at_odeco_.clear();
  }
  if (!to_odeco.empty()) {
    Desk([&](C::Builder c) {
      SetList(c.initSendOrdersToOdeco().initOrderNumbers(static_cast<unsigned>(to_odeco.size())), to_odeco);
    });
    at_odeco_ = std::move(to_odeco);
  }
}

}  // namespace bitacora::bench

#endif  // BITACORA_BENCH_DESK_GENERATOR_STEPS_H_
