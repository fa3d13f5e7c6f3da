#include "app/privacy.h"

#include <string>
#include <vector>

namespace bitacora::app {

using R = schema::Role;

PersonalAccess PersonalAccessOf(schema::Role role) {
  switch (role) {
    case R::PLATFORM:
    case R::ODECO:
    case R::SUPERVISOR:
    case R::AUDITOR:
    case R::SYSTEM:
      return PersonalAccess::kFull;
    case R::CASHIER:
    case R::WAREHOUSE:
      return PersonalAccess::kName;
    case R::CPD:
      return PersonalAccess::kNumbers;
    case R::TECHNICIAN:
      return PersonalAccess::kOwnOrders;
  }
  return PersonalAccess::kNumbers;  // a role this build does not name sees the least
}

bool SeesEverything(const projections::ViewReader& views, const ActorRef& actor,
                    std::string_view ci) {
  const PersonalAccess access = PersonalAccessOf(actor.role);
  if (access == PersonalAccess::kFull) return true;
  if (access != PersonalAccess::kOwnOrders) return false;
  auto cases = views.ClientCases(ci);
  if (!cases) return false;
  for (const std::string& case_id : *cases) {
    auto kase = views.Case(case_id);
    if (!kase) continue;
    for (const auto& [type, number] : kase->state.orders) {
      auto order = views.Order(number);
      if (!order || order->technician != actor.id) continue;
      const domain::OrderStatus s = order->state.status;
      if (s == domain::OrderStatus::kHandedOver || s == domain::OrderStatus::kSentBack) return true;
    }
  }
  return false;
}

void RedactClient(schema::Role role, schema::ClientView::Builder client) {
  std::vector<const char*> withheld;
  if (PersonalAccessOf(role) != PersonalAccess::kName) {
    client.setFullName("");
    withheld.push_back("fullName");
  }
  client.setAddress("");
  client.setPhone("");
  withheld.push_back("address");
  withheld.push_back("phone");
  auto list = client.initRedacted(static_cast<unsigned>(withheld.size()));
  for (unsigned i = 0; i < withheld.size(); ++i) list.set(i, withheld[i]);
}

}  // namespace bitacora::app
