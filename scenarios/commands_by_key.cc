// The builders keyed by the command's kind: ByCase, ByOrder and OrderList (commands.h).
#include "scenarios/commands.h"

namespace bitacora::scenarios::cmd {

using C = schema::Command;

Fill ByCase(Which which, const std::string& id) {
  return [=](C::Builder c) {
    switch (which) {
      case C::ISSUE_REQUIREMENTS_ORDER:
        c.initIssueRequirementsOrder().setCaseId(id);
        break;
      case C::ISSUE_QUOTE:
        c.initIssueQuote().setCaseId(id);
        break;
      case C::ISSUE_INSPECTION_ORDER:
        c.initIssueInspectionOrder().setCaseId(id);
        break;
      case C::PROCESS_RECONNECTION_INSPECTION:
        c.initProcessReconnectionInspection().setCaseId(id);
        break;
      case C::ISSUE_CONNECTION_ORDER:
        c.initIssueConnectionOrder().setCaseId(id);
        break;
      case C::PREPARE_CONTRACT:
        c.initPrepareContract().setCaseId(id);
        break;
      case C::RECORD_CONTRACT_SIGNED:
        c.initRecordContractSigned().setCaseId(id);
        break;
      case C::ASSEMBLE_FOLDER:
        c.initAssembleFolder().setCaseId(id);
        break;
      case C::COMPLETE_CASE:
        c.initCompleteCase().setCaseId(id);
        break;
      case C::RECORD_CLIENT_CONFIRMATION:
        c.initRecordClientConfirmation().setCaseId(id);
        break;
      case C::RECEIVE_NON_VIABLE_CASE:
        c.initReceiveNonViableCase().setCaseId(id);
        break;
      case C::RECORD_CUT_CONDITIONS_EXPLAINED:
        CutConditions(id)(c);
        break;
      case C::ISSUE_CUT_ORDER: {
        auto p = c.initIssueCutOrder();
        p.setCaseId(id);
        p.setSignedByClient(true);
        break;
      }
      default:  // not a command keyed by the case alone: left empty (contract in commands.h)
        break;
    }
  };
}

Fill ByOrder(Which which, const std::string& order, const std::string& technician) {
  return [=](C::Builder c) {
    switch (which) {
      case C::VERIFY_RETURNED_ORDER:
        c.initVerifyReturnedOrder().setOrderNumber(order);
        break;
      case C::ARCHIVE_ORDER:
        c.initArchiveOrder().setOrderNumber(order);
        break;
      case C::RECORD_CUT_EXECUTED:
        c.initRecordCutExecuted().setOrderNumber(order);
        break;
      case C::RECORD_REMOVAL_EXECUTED:
        c.initRecordRemovalExecuted().setOrderNumber(order);
        break;
      case C::HAND_ORDER_TO_TECHNICIAN: {
        auto p = c.initHandOrderToTechnician();
        p.setOrderNumber(order);
        p.setTechnician(technician);
        break;
      }
      default:  // left empty (contract in commands.h)
        break;
    }
  };
}

Fill OrderList(Which which, const std::vector<std::string>& orders, const std::string& month) {
  return [=](C::Builder c) {
    capnp::List<capnp::Text>::Builder list;
    const auto n = static_cast<unsigned>(orders.size());
    switch (which) {
      case C::VERIFY_RETURNED_ORDER:
        list = c.initVerifyReturnedOrder().initOrderNumbers(n);
        break;
      case C::REGISTER_IN_DAILY_CONTROL:
        list = c.initRegisterInDailyControl().initOrderNumbers(n);
        break;
      case C::SEND_ORDERS_TO_ODECO:
        list = c.initSendOrdersToOdeco().initOrderNumbers(n);
        break;
      case C::PROCESS_ORDERS_AT_ODECO:
        list = c.initProcessOrdersAtOdeco().initOrderNumbers(n);
        break;
      case C::SEND_MONTHLY_BATCH_TO_CPD: {
        auto p = c.initSendMonthlyBatchToCpd();
        p.setBatchMonth(month);
        list = p.initOrderNumbers(n);
        break;
      }
      case C::RECEIVE_CPD_BATCH: {
        auto p = c.initReceiveCpdBatch();
        p.setBatchMonth(month);
        list = p.initOrderNumbers(n);
        break;
      }
      default:  // left empty (contract in commands.h)
        return;
    }
    for (unsigned i = 0; i < n; ++i) list.set(i, orders[i]);
  };
}

}  // namespace bitacora::scenarios::cmd
