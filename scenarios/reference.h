// The desk's reference data as the scenarios use it: the documents each procedure asks for, the
// materials and their prices, and the texts the desk writes most often.
#ifndef BITACORA_SCENARIOS_REFERENCE_H_
#define BITACORA_SCENARIOS_REFERENCE_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenarios/desk.h"

namespace bitacora::scenarios {

// The requirement checklists (8.1 and every kind on a connection; 8.2 reconnection).
inline const std::vector<std::string> kConnectionDocs = {
    "Fotocopia de CI", "Documento de propiedad", "Croquis de ubicación"};
inline const std::vector<std::string> kReconnectionDocs = {"Fotocopia de CI",
                                                           "Última factura pagada"};

struct Material {
  std::string code, description, unit;
  int64_t price_centavos = 0;
};
// The three materials of a residential connection, priced (Bs 12.50 the metre of cable).
inline const std::vector<Material> kMaterials = {
    {"CAB-6", "Cable concéntrico 2x6 AWG", "m", 1250},
    {"CAJ-1", "Caja para medidor monofásico", "pza", 8575},
    {"TER-1", "Térmico 20 A", "pza", 4510},
};

// Lines of materials (code, quantity): a visit's list, a delivery.
using Materials = std::vector<std::pair<std::string, int64_t>>;

// A residential connection with `cable_m` metres of cable, a box and a breaker.
Materials ResidentialMaterials(int64_t cable_m);
// What `lines` cost at kMaterials' prices (codes not in kMaterials cost nothing).
int64_t PriceOf(const Materials& lines);

inline constexpr char kCutConditions[] =
    "Corte temporal; la reconexión se pide en plataforma con la última factura.";
inline constexpr char kInstaller[] = "Electricista autorizado Pedro Flores";
inline constexpr char kFieldTechnician[] = "tec-ramos";

// Seeds what the procedures read, as the supervisor: for each of `categories`, the checklists of
// every kind on a connection (kConnectionDocs) and of reconnection (kReconnectionDocs); then the
// prices of kMaterials. Stops at the first error and returns it.
[[nodiscard]] Status SeedReference(Desk& desk,
                                   const std::vector<schema::TariffCategory>& categories = {
                                       schema::TariffCategory::RESIDENTIAL});

}  // namespace bitacora::scenarios

#endif  // BITACORA_SCENARIOS_REFERENCE_H_
