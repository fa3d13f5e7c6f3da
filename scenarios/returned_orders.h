// 8.5, the returned orders: what the desk does with an order that comes back from the field,
// and the papers' way to ODECO and, once a month, to CPD. Each function runs one command as the
// role the procedure names and returns the desk's answer unchanged.
#ifndef BITACORA_SCENARIOS_RETURNED_ORDERS_H_
#define BITACORA_SCENARIOS_RETURNED_ORDERS_H_

#include <string>
#include <vector>

#include "scenarios/desk.h"

namespace bitacora::scenarios::returned {

// The desk (platform).
Result<CommandOutcome> Verify(Desk& desk, const std::string& order);
Result<CommandOutcome> SendBack(Desk& desk, const std::string& order,
                                const std::string& reason = "Falta la firma del técnico");
Result<CommandOutcome> RegisterInDailyControl(Desk& desk, const std::vector<std::string>& orders);
Result<CommandOutcome> SendToOdeco(Desk& desk, const std::vector<std::string>& orders);
Result<CommandOutcome> Archive(Desk& desk, const std::string& order);  // a processed ORT
Result<CommandOutcome> Annul(Desk& desk, const std::string& order, const std::string& reason);
// ODECO.
Result<CommandOutcome> ProcessAtOdeco(Desk& desk, const std::vector<std::string>& orders);
Result<CommandOutcome> SendMonthlyBatchToCpd(Desk& desk, const std::string& month,
                                             const std::vector<std::string>& orders);
// CPD.
Result<CommandOutcome> ReceiveCpdBatch(Desk& desk, const std::string& month,
                                       const std::vector<std::string>& orders);

// Whether `order` is of a kind that comes back from the field to be verified (ORT, OEM, OIT,
// OC, OEMD, OCS, OSR); the ORT is archived, the others go to ODECO.
bool IsReturnable(const std::string& order);
inline bool IsOrt(const std::string& order) { return order.starts_with("ORT-"); }

}  // namespace bitacora::scenarios::returned

#endif  // BITACORA_SCENARIOS_RETURNED_ORDERS_H_
