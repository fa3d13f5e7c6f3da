#include "scenarios/returned_orders.h"

#include "scenarios/commands.h"

namespace bitacora::scenarios::returned {

using C = schema::Command;
using schema::Role;

Result<CommandOutcome> Verify(Desk& desk, const std::string& order) {
  return desk.Run(Role::PLATFORM, cmd::ByOrder(C::VERIFY_RETURNED_ORDER, order));
}

Result<CommandOutcome> SendBack(Desk& desk, const std::string& order, const std::string& reason) {
  return desk.Run(Role::PLATFORM, cmd::SendBack(order, reason));
}

Result<CommandOutcome> RegisterInDailyControl(Desk& desk, const std::vector<std::string>& orders) {
  return desk.Run(Role::PLATFORM, cmd::OrderList(C::REGISTER_IN_DAILY_CONTROL, orders));
}

Result<CommandOutcome> SendToOdeco(Desk& desk, const std::vector<std::string>& orders) {
  return desk.Run(Role::PLATFORM, cmd::OrderList(C::SEND_ORDERS_TO_ODECO, orders));
}

Result<CommandOutcome> Archive(Desk& desk, const std::string& order) {
  return desk.Run(Role::PLATFORM, cmd::ByOrder(C::ARCHIVE_ORDER, order));
}

Result<CommandOutcome> Annul(Desk& desk, const std::string& order, const std::string& reason) {
  return desk.Run(Role::PLATFORM, cmd::AnnulOrder(order, reason));
}

Result<CommandOutcome> ProcessAtOdeco(Desk& desk, const std::vector<std::string>& orders) {
  return desk.Run(Role::ODECO, cmd::OrderList(C::PROCESS_ORDERS_AT_ODECO, orders));
}

Result<CommandOutcome> SendMonthlyBatchToCpd(Desk& desk, const std::string& month,
                                             const std::vector<std::string>& orders) {
  return desk.Run(Role::ODECO, cmd::OrderList(C::SEND_MONTHLY_BATCH_TO_CPD, orders, month));
}

Result<CommandOutcome> ReceiveCpdBatch(Desk& desk, const std::string& month,
                                       const std::vector<std::string>& orders) {
  return desk.Run(Role::CPD, cmd::OrderList(C::RECEIVE_CPD_BATCH, orders, month));
}

bool IsReturnable(const std::string& order) {
  for (const char* type : {"ORT-", "OEM-", "OIT-", "OC-", "OEMD-", "OCS-", "OSR-"}) {
    if (order.starts_with(type)) return true;
  }
  return false;
}

}  // namespace bitacora::scenarios::returned
