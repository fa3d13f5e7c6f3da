// Typed builders of the desk's commands: each returns the Fill that writes one command of the
// procedures (docs/procedures.md) with the given fields. The defaults are the desk's usual texts
// (a client in Av. Chichas, the technician Ramos, the authorized electrician Flores).
#ifndef BITACORA_SCENARIOS_COMMANDS_H_
#define BITACORA_SCENARIOS_COMMANDS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "scenarios/desk.h"
#include "scenarios/reference.h"

namespace bitacora::scenarios::cmd {

using schema::CaseKind;
using schema::MeterOwnership;
using schema::TariffCategory;
using Which = schema::Command::Which;

inline constexpr char kAddress[] = "Av. Chichas 123, Tupiza";

// Reference data (supervisor).
Fill SetChecklist(CaseKind kind, TariffCategory category, const std::vector<std::string>& docs);
Fill SetMaterialPrices(const std::vector<Material>& materials);
Fill SetTariff(TariffCategory category, const std::string& description, int64_t fixed_centavos,
               int64_t energy_centavos_per_kwh);
Fill SetTechnicianOnDuty(const std::string& name, const std::string& phone);
// The whole list of holidays ("YYYY-MM-DD"), replacing the one in force.
Fill SetHolidays(const std::vector<std::string>& dates);

// Opening a case and the client (platform).
Fill OpenCase(CaseKind kind, const std::string& ci, const std::string& subscriber = "",
              const std::string& address = kAddress,
              TariffCategory category = TariffCategory::RESIDENTIAL);
Fill PresentDocuments(const std::string& case_id, const std::vector<std::string>& docs,
                      schema::Referral referral = schema::Referral::GUIDANCE);
Fill RegisterClient(const std::string& case_id, const std::string& ci,
                    const std::string& name = "Juana Mamani", const std::string& address = kAddress,
                    const std::string& phone = "70012345");

// A command whose only field is the case id. `which` is one of ISSUE_REQUIREMENTS_ORDER,
// ISSUE_QUOTE, ISSUE_INSPECTION_ORDER, PROCESS_RECONNECTION_INSPECTION, ISSUE_CONNECTION_ORDER,
// PREPARE_CONTRACT, RECORD_CONTRACT_SIGNED, ASSEMBLE_FOLDER, COMPLETE_CASE,
// RECORD_CLIENT_CONFIRMATION, RECEIVE_NON_VIABLE_CASE; also RECORD_CUT_CONDITIONS_EXPLAINED
// (kCutConditions) and ISSUE_CUT_ORDER (signed by the client). Any other kind leaves the command
// empty, which every desk refuses.
Fill ByCase(Which which, const std::string& case_id);
// A command whose only field is the order number: VERIFY_RETURNED_ORDER, ARCHIVE_ORDER,
// RECORD_CUT_EXECUTED, RECORD_REMOVAL_EXECUTED, HAND_ORDER_TO_TECHNICIAN (to `technician`); any
// other kind leaves the command empty.
Fill ByOrder(Which which, const std::string& order,
             const std::string& technician = kFieldTechnician);
// A list of order numbers: VERIFY_RETURNED_ORDER, REGISTER_IN_DAILY_CONTROL, SEND_ORDERS_TO_ODECO,
// PROCESS_ORDERS_AT_ODECO, SEND_MONTHLY_BATCH_TO_CPD and RECEIVE_CPD_BATCH (of `month`,
// "YYYY-MM"); any other kind leaves the command empty.
Fill OrderList(Which which, const std::vector<std::string>& orders, const std::string& month = "");

// 8.1 in the field and at the desk.
Fill RecordVisit(const std::string& ort, const Materials& materials,
                 const std::string& plan = "Plano P-17", const std::string& notes = "Poste a 25 m");
Fill RecordPayment(const std::string& case_id, int64_t centavos,
                   const std::string& receipt = "R-1");
Fill RecordDelivery(const std::string& oem, const Materials& items);
Fill ReportInstallation(const std::string& case_id, const std::string& installer = kInstaller);
Fill RecordInspection(const std::string& oit, bool satisfactory,
                      const std::string& finding = "Puesta a tierra ausente");
Fill DecideViability(const std::string& case_id, bool viable,
                     const std::string& reason = "La red no llega a la dirección");
Fill RegisterMeter(const std::string& case_id, const std::string& serial, MeterOwnership ownership,
                   const std::string& brand = "Elster");
// 8.1 step 13: the contract signed, and the FRM with it when `frm_signed` (lent or GIZ meter).
Fill SignContract(const std::string& case_id, bool frm_signed);
Fill HandOver(const std::string& case_id, const std::string& technician = kFieldTechnician);
Fill RecordMeterDelivery(const std::string& oemd);
Fill RecordEnergization(const std::string& oc, const std::string& serial, int64_t reading = 0);

// 8.2–8.4 with their readings.
Fill CutConditions(const std::string& case_id, const std::string& conditions = kCutConditions);
Fill RecordCutExecuted(const std::string& ocs, int64_t reading);
Fill IssueRemovalOrder(const std::string& case_id, schema::RemovalMode mode);
Fill RecordRemovalExecuted(const std::string& osr, int64_t reading);

// Orders that go wrong (8.5).
Fill AnnulOrder(const std::string& order, const std::string& reason);
Fill SendBack(const std::string& order, const std::string& reason);
Fill NotExecuted(const std::string& order, const std::string& reason);

}  // namespace bitacora::scenarios::cmd

#endif  // BITACORA_SCENARIOS_COMMANDS_H_
