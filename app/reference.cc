#include "app/reference.h"

#include "app/field_limits.h"

#include <cstdio>

#include "app/answer_codec.h"
#include "app/field_limits.h"
#include "app/request_codec.h"
#include "core/crypto/sha256.h"
#include "core/domain/ids.h"
#include "core/handler/command_handler.h"
#include "events/api.capnp.h"
#include "events/commands.capnp.h"
#include "projections/report/calendar.h"
#include "projections/report/monthly_stats.h"

namespace bitacora::app {
namespace {

using schema::CaseKind;

std::string CaseKindName(CaseKind kind) {
  switch (kind) {
    case CaseKind::NEW_CONNECTION:
      return "Nueva conexión";
    case CaseKind::RELOCATION:
      return "Traslado";
    case CaseKind::METER_CHANGE:
      return "Cambio de medidor";
    case CaseKind::SERVICE_DROP_REPAIR:
      return "Cambio o reparación de acometida";
    case CaseKind::DERIVED_CONNECTION:
      return "Derivado";
    case CaseKind::RECONNECTION:
      return "Reconexión";
    case CaseKind::CUT:
      return "Corte a solicitud del socio";
    case CaseKind::REMOVAL:
      return "Retiro del medidor";
  }
  return "?";
}

std::string Bs(int64_t centavos) {
  char text[48];
  std::snprintf(text, sizeof text, "Bs %lld,%02lld", static_cast<long long>(centavos / 100),
                static_cast<long long>(centavos % 100));
  return text;
}

void SetTexts(capnp::List<capnp::Text>::Builder out, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) out.set(i, values[i]);
}

// Writes `state` into `out`, every list present (empty when nothing is recorded).
void ToSet(const domain::ReferenceState& state, schema::ReferenceSet::Builder out) {
  auto checklists = out.initChecklists(static_cast<unsigned>(state.checklists.size()));
  unsigned i = 0;
  for (const auto& [key, documents] : state.checklists) {
    auto c = checklists[i++];
    c.setCaseKind(key.first);
    c.setTariffCategory(key.second);
    SetTexts(c.initDocuments(static_cast<unsigned>(documents.size())), documents);
  }
  auto prices = out.initMaterialPrices(static_cast<unsigned>(state.prices.size()));
  i = 0;
  for (const auto& [code, price] : state.prices) {
    auto p = prices[i++];
    p.setCode(code);
    p.setDescription(price.description);
    p.setUnit(price.unit);
    p.setPriceCentavos(price.price_centavos);
  }
  auto tariffs = out.initTariffs(static_cast<unsigned>(state.tariffs.size()));
  i = 0;
  for (const auto& [category, tariff] : state.tariffs) {
    auto t = tariffs[i++];
    t.setCategory(category);
    t.setDescription(tariff.description);
    t.setFixedChargeCentavos(tariff.fixed_charge_centavos);
    t.setEnergyChargeCentavosPerKwh(tariff.energy_charge_centavos_per_kwh);
  }
  if (!state.technician_on_duty.empty()) {
    auto t = out.initTechnicianOnDuty();
    t.setName(state.technician_on_duty);
    t.setPhone(state.technician_phone);
  }
  auto holidays = out.initHolidays(static_cast<unsigned>(state.holidays.size()));
  i = 0;
  for (const std::string& date : state.holidays) holidays.set(i++, date);
}

domain::ReferenceState FromSet(schema::ReferenceSet::Reader in) {
  domain::ReferenceState state;
  for (auto c : in.getChecklists()) {
    auto& docs = state.checklists[{c.getCaseKind(), c.getTariffCategory()}];
    for (auto d : c.getDocuments()) docs.emplace_back(d.cStr());
  }
  for (auto p : in.getMaterialPrices()) {
    state.prices[p.getCode()] = {p.getDescription(), p.getUnit(), p.getPriceCentavos()};
  }
  for (auto t : in.getTariffs()) {
    state.tariffs[t.getCategory()] = {t.getDescription(), t.getFixedChargeCentavos(),
                                      t.getEnergyChargeCentavosPerKwh()};
  }
  if (in.hasTechnicianOnDuty()) {
    state.technician_on_duty = in.getTechnicianOnDuty().getName();
    state.technician_phone = in.getTechnicianOnDuty().getPhone();
  }
  for (auto d : in.getHolidays()) state.holidays.insert(d.cStr());
  return state;
}

// A new command whose id is "reference-<first 16 hex digits of the file's hash>-<n>".
OwnedCommand NewCommand(const std::string& prefix, size_t n) {
  auto message = std::make_unique<capnp::MallocMessageBuilder>();
  message->initRoot<schema::Command>().setCommandId(prefix + std::to_string(n));
  return message;
}

}  // namespace

Result<ReferenceView> ReadReference(const EventStore& store, std::string_view as_of) {
  int64_t until_ns = INT64_MAX;
  if (!as_of.empty()) {
    auto date = projections::ParseDate(as_of);
    if (!date) return Fail(date.error());
    auto next = *date;
    until_ns = projections::LocalMidnightNs(next) + 24 * 3600 * 1'000'000'000LL - 1;
  }
  ReferenceView view;
  view.as_of = std::string(as_of);
  auto folded = StoreSources(store).read_stream(
      std::string(domain::kReferenceStream),
      [&](const domain::EventMeta& meta, schema::Event::Reader event) {
        if (meta.occurred_at_ns > until_ns) return;
        domain::Evolve(view.state, meta, event);
        view.position = meta.position;
      });
  if (!folded) return Fail(folded.error());
  return view;
}

Result<std::set<std::string>> CurrentHolidays(const EventStore& store) {
  auto view = ReadReference(store, "");
  if (!view) return Fail(view.error());
  return view->state.holidays;
}

std::string ReferenceJson(const ReferenceView& view) {
  OwnedAnswer answer(capnp::Schema::from<schema::ReferenceAnswer>());
  auto a = answer.root().as<schema::ReferenceAnswer>();
  a.setAsOf(view.as_of);
  a.setPosition(view.position);
  ToSet(view.state, a.initReference());
  return answer.Json();
}

Result<ReferenceView> ReferenceFromJson(std::string_view json) {
  auto answer = OwnedAnswer::FromJson(capnp::Schema::from<schema::ReferenceAnswer>(), json);
  if (!answer) return Fail(answer.error());
  auto a = answer->reader().as<schema::ReferenceAnswer>();
  return ReferenceView{FromSet(a.getReference()), a.getPosition(), a.getAsOf()};
}

std::string ReferenceText(const ReferenceView& view) {
  const domain::ReferenceState& s = view.state;
  std::string out = "Datos de referencia" +
                    (view.as_of.empty() ? std::string(" vigentes") : " al " + view.as_of) +
                    " (evento #" + std::to_string(view.position) + ")\n";
  out += "\nRequisitos por trámite y categoría:\n";
  if (s.checklists.empty())
    out += "  (ninguno registrado: cargue un juego con `bitacora reference load`)\n";
  for (const auto& [key, documents] : s.checklists) {
    out += "  " + CaseKindName(key.first) + " — " + projections::TariffCategoryName(key.second) +
           ":\n";
    for (const std::string& d : documents) out += "    - " + d + "\n";
  }
  out += "\nPrecios de materiales:\n";
  if (s.prices.empty()) out += "  (ninguno registrado)\n";
  for (const auto& [code, p] : s.prices) {
    out +=
        "  " + code + "  " + p.description + "  " + Bs(p.price_centavos) + " por " + p.unit + "\n";
  }
  out += "\nTarifas:\n";
  if (s.tariffs.empty()) out += "  (ninguna registrada)\n";
  for (const auto& [category, t] : s.tariffs) {
    out += "  " + projections::TariffCategoryName(category) + ": " + t.description +
           ", cargo fijo " + Bs(t.fixed_charge_centavos) + ", energía " +
           Bs(t.energy_charge_centavos_per_kwh) + " por kWh\n";
  }
  out +=
      "\nTécnico de turno: " +
      (s.technician_on_duty.empty() ? std::string("(no designado)")
                                    : s.technician_on_duty + ", teléfono " + s.technician_phone) +
      "\n";
  out += "\nFeriados:";
  if (s.holidays.empty()) out += " (ninguno registrado)";
  for (const std::string& d : s.holidays) out += " " + d;
  return out + "\n";
}

Result<std::vector<OwnedCommand>> ReferenceCommands(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<schema::ReferenceSet>();
  if (Status decoded = DecodeRequest(json, request); !decoded) return Fail(decoded.error());
  auto set = request.asReader();
  const std::string prefix = "reference-" + ToHex(Sha256({json})).substr(0, 16) + "-";
  std::vector<OwnedCommand> out;
  for (auto c : set.getChecklists()) {
    out.push_back(NewCommand(prefix, out.size()));
    auto p = out.back()->getRoot<schema::Command>().initSetRequirementChecklist();
    p.setCaseKind(c.getCaseKind());
    p.setTariffCategory(c.getTariffCategory());
    p.setDocuments(c.getDocuments());
  }
  if (set.getMaterialPrices().size() > 0) {
    out.push_back(NewCommand(prefix, out.size()));
    auto items = out.back()->getRoot<schema::Command>().initSetMaterialPrices().initItems(
        set.getMaterialPrices().size());
    for (unsigned i = 0; i < items.size(); ++i) {
      auto in = set.getMaterialPrices()[i];
      items[i].setCode(in.getCode());
      items[i].setDescription(in.getDescription());
      items[i].setUnit(in.getUnit());
      items[i].setPriceCentavos(in.getPriceCentavos());
    }
  }
  for (auto t : set.getTariffs()) {
    out.push_back(NewCommand(prefix, out.size()));
    auto p = out.back()->getRoot<schema::Command>().initSetTariff();
    p.setCategory(t.getCategory());
    p.setDescription(t.getDescription());
    p.setFixedChargeCentavos(t.getFixedChargeCentavos());
    p.setEnergyChargeCentavosPerKwh(t.getEnergyChargeCentavosPerKwh());
  }
  if (set.hasTechnicianOnDuty()) {
    out.push_back(NewCommand(prefix, out.size()));
    auto p = out.back()->getRoot<schema::Command>().initSetTechnicianOnDuty();
    p.setName(set.getTechnicianOnDuty().getName());
    p.setPhone(set.getTechnicianOnDuty().getPhone());
  }
  out.push_back(NewCommand(prefix, out.size()));
  out.back()->getRoot<schema::Command>().initSetHolidays().setDates(set.getHolidays());
  // The same bounds as a command sent as JSON (app/field_limits.h): a file is no way around them.
  for (const OwnedCommand& command : out) {
    auto reader = command->getRoot<schema::Command>().asReader();
    if (Status bounded = CheckTextFields(capnp::toDynamic(reader)); !bounded) return Fail(bounded.error());
  }
  return out;
}

}  // namespace bitacora::app
