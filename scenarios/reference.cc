#include "scenarios/reference.h"

#include "scenarios/commands.h"

namespace bitacora::scenarios {

using schema::CaseKind;

Materials ResidentialMaterials(int64_t cable_m) {
  return {{"CAB-6", cable_m}, {"CAJ-1", 1}, {"TER-1", 1}};
}

int64_t PriceOf(const Materials& lines) {
  int64_t total = 0;
  for (const auto& [code, quantity] : lines) {
    for (const Material& m : kMaterials) {
      if (m.code == code) total += quantity * m.price_centavos;
    }
  }
  return total;
}

Status SeedReference(Desk& desk, const std::vector<schema::TariffCategory>& categories) {
  for (schema::TariffCategory category : categories) {
    for (CaseKind kind : {CaseKind::NEW_CONNECTION, CaseKind::RELOCATION, CaseKind::METER_CHANGE,
                          CaseKind::SERVICE_DROP_REPAIR, CaseKind::DERIVED_CONNECTION}) {
      auto out =
          desk.Run(schema::Role::SUPERVISOR, cmd::SetChecklist(kind, category, kConnectionDocs));
      if (!out) return Fail(out.error());
    }
    auto out = desk.Run(schema::Role::SUPERVISOR,
                        cmd::SetChecklist(CaseKind::RECONNECTION, category, kReconnectionDocs));
    if (!out) return Fail(out.error());
  }
  auto out = desk.Run(schema::Role::SUPERVISOR, cmd::SetMaterialPrices(kMaterials));
  if (!out) return Fail(out.error());
  return {};
}

}  // namespace bitacora::scenarios
