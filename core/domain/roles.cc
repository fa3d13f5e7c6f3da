// The roles table (docs/domain.md §2, "Who acts"): which role may issue which command.
#include <array>
#include <cstdint>

#include "core/domain/decide.h"

namespace bitacora::domain {
namespace {

using C = schema::Command;
using R = schema::Role;

constexpr uint32_t Bit(R role) { return 1u << static_cast<unsigned>(role); }
constexpr uint32_t kPlatform = Bit(R::PLATFORM) | Bit(R::SUPERVISOR);  // supervisor ⊇ platform
constexpr uint32_t kSupervisor = Bit(R::SUPERVISOR);
constexpr uint32_t kTechnician = Bit(R::TECHNICIAN);
constexpr uint32_t kCashier = Bit(R::CASHIER);
constexpr uint32_t kWarehouse = Bit(R::WAREHOUSE);
constexpr uint32_t kOdeco = Bit(R::ODECO);
constexpr uint32_t kCpd = Bit(R::CPD);

struct Row {
  C::Which which;
  std::string_view name;
  uint32_t roles;
};

constexpr std::array kTable = {
    Row{C::SET_REQUIREMENT_CHECKLIST, "setRequirementChecklist", kSupervisor},
    Row{C::SET_MATERIAL_PRICES, "setMaterialPrices", kSupervisor},
    Row{C::SET_TARIFF, "setTariff", kSupervisor},
    Row{C::SET_TECHNICIAN_ON_DUTY, "setTechnicianOnDuty", kSupervisor},
    Row{C::SET_HOLIDAYS, "setHolidays", kSupervisor},
    Row{C::OPEN_CASE, "openCase", kPlatform},
    Row{C::PRESENT_DOCUMENTS, "presentDocuments", kPlatform},
    Row{C::REGISTER_CLIENT, "registerClient", kPlatform},
    Row{C::ISSUE_REQUIREMENTS_ORDER, "issueRequirementsOrder", kPlatform},
    Row{C::RECORD_VISIT, "recordVisit", kTechnician},
    Row{C::ISSUE_QUOTE, "issueQuote", kPlatform},
    Row{C::RECORD_PAYMENT, "recordPayment", kCashier},
    Row{C::RECORD_MATERIALS_DELIVERY, "recordMaterialsDelivery", kWarehouse},
    Row{C::REPORT_INSTALLATION, "reportInstallation", kPlatform},
    Row{C::ISSUE_INSPECTION_ORDER, "issueInspectionOrder", kPlatform},
    Row{C::RECORD_INSPECTION_RESULT, "recordInspectionResult", kTechnician},
    Row{C::PROCESS_RECONNECTION_INSPECTION, "processReconnectionInspection", kPlatform},
    Row{C::DECIDE_VIABILITY, "decideViability", kPlatform},
    Row{C::REGISTER_METER, "registerMeter", kPlatform},
    Row{C::ISSUE_CONNECTION_ORDER, "issueConnectionOrder", kPlatform},
    Row{C::PREPARE_CONTRACT, "prepareContract", kPlatform},
    Row{C::RECORD_CONTRACT_SIGNED, "recordContractSigned", kPlatform},
    Row{C::HAND_OVER_DOCUMENTS, "handOverDocuments", kPlatform},
    Row{C::RECORD_METER_DELIVERY, "recordMeterDelivery", kWarehouse},
    Row{C::ASSEMBLE_FOLDER, "assembleFolder", kPlatform},
    Row{C::RECORD_ENERGIZATION, "recordEnergization", kTechnician},
    Row{C::COMPLETE_CASE, "completeCase", kPlatform},
    Row{C::RECORD_CUT_CONDITIONS_EXPLAINED, "recordCutConditionsExplained", kPlatform},
    Row{C::RECORD_CLIENT_CONFIRMATION, "recordClientConfirmation", kPlatform},
    Row{C::ISSUE_CUT_ORDER, "issueCutOrder", kPlatform},
    Row{C::RECORD_CUT_EXECUTED, "recordCutExecuted", kTechnician},
    Row{C::ISSUE_REMOVAL_ORDER, "issueRemovalOrder", kPlatform},
    Row{C::RECORD_REMOVAL_EXECUTED, "recordRemovalExecuted", kTechnician},
    Row{C::HAND_ORDER_TO_TECHNICIAN, "handOrderToTechnician", kPlatform},
    Row{C::RECORD_ORDER_NOT_EXECUTED, "recordOrderNotExecuted", kTechnician},
    Row{C::VERIFY_RETURNED_ORDER, "verifyReturnedOrder", kPlatform},
    Row{C::SEND_BACK_ORDER, "sendBackOrder", kPlatform},
    Row{C::REGISTER_IN_DAILY_CONTROL, "registerInDailyControl", kPlatform},
    Row{C::ARCHIVE_ORDER, "archiveOrder", kPlatform},
    Row{C::SEND_ORDERS_TO_ODECO, "sendOrdersToOdeco", kPlatform},
    Row{C::PROCESS_ORDERS_AT_ODECO, "processOrdersAtOdeco", kOdeco},
    Row{C::SEND_MONTHLY_BATCH_TO_CPD, "sendMonthlyBatchToCpd", kOdeco},
    Row{C::RECEIVE_CPD_BATCH, "receiveCpdBatch", kCpd},
    Row{C::ANNUL_ORDER, "annulOrder", kPlatform},
    Row{C::RECEIVE_NON_VIABLE_CASE, "receiveNonViableCase", kOdeco},
    Row{C::RECORD_CORRECTION, "recordCorrection", kSupervisor},
    Row{C::ISSUE_TOKEN, "issueToken", kSupervisor},
    Row{C::REVOKE_TOKEN, "revokeToken", kSupervisor},
    Row{C::RECORD_NOTE, "recordNote", kSupervisor},
    Row{C::WITHDRAW_CASE, "withdrawCase", kPlatform},
    Row{C::REFUND_PAYMENT, "refundPayment", kCashier},
    Row{C::CREATE_USER, "createUser", kSupervisor},
    Row{C::CHANGE_USER_ROLE, "changeUserRole", kSupervisor},
    Row{C::RESET_USER_PASSWORD, "resetUserPassword", kSupervisor},
    Row{C::DISABLE_USER, "disableUser", kSupervisor},
    Row{C::RECORD_SIGN_IN, "recordSignIn", Bit(R::SYSTEM)},
};

constexpr std::array<C::Which, kTable.size()> Kinds() {
  std::array<C::Which, kTable.size()> out{};
  for (size_t i = 0; i < kTable.size(); ++i) out[i] = kTable[i].which;
  return out;
}
constexpr auto kKinds = Kinds();

const Row* Find(C::Which which) {
  for (const Row& row : kTable) {
    if (row.which == which) return &row;
  }
  return nullptr;
}

}  // namespace

bool RoleMayIssue(schema::Role role, schema::Command::Which which) {
  const Row* row = Find(which);
  return row != nullptr && (row->roles & Bit(role)) != 0;
}

std::span<const schema::Command::Which> AllCommandKinds() { return kKinds; }

std::string_view CommandName(schema::Command::Which which) {
  const Row* row = Find(which);
  return row != nullptr ? row->name : std::string_view("unknown");
}

}  // namespace bitacora::domain
