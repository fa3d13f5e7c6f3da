// Opening a case and the first steps of 8.1 / 8.2: documents, client registration, the ORT.
#include <algorithm>
#include <cctype>

#include "core/domain/ci.h"
#include "core/domain/decide_internal.h"

namespace bitacora::domain {
namespace {

using K = schema::CaseKind;
using S = schema::SubscriberStatus;

bool NeedsSubscriber(K kind) { return kind != K::NEW_CONNECTION && kind != K::DERIVED_CONNECTION; }

std::string Normalized(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (!std::isspace(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string StatusText(S status) { return std::string("estado ") + SubscriberStatusLetter(status); }

Status CheckSubscriberForKind(const World& w, K kind, const std::string& ci) {
  const SubscriberState& sub = w.subscriber;
  if (!sub.exists) return Fail(Code::kSubscriberNotFound, "No existe el abonado indicado.");
  if (sub.client_ci != ci) {
    return Fail(Code::kSubscriberNotOfClient, "El abonado " + sub.number + " no pertenece al cliente con CI " + ci + ".");
  }
  const bool service_kind = kind == K::CUT || kind == K::RECONNECTION;
  if (service_kind && !sub.open_service_case.empty()) {
    return Fail(Code::kServiceCaseAlreadyOpen, "El abonado " + sub.number +
                      " ya tiene un trámite de corte o reconexión abierto (" +
                      sub.open_service_case + ").");
  }
  switch (kind) {
    case K::RECONNECTION:
      if (sub.status != S::SUSPENDED) {
        return Fail(Code::kSubscriberNotCut, "Solo se reconecta un abonado con el servicio cortado "
                      "(estado S); el abonado " +
                          sub.number + " está en " + StatusText(sub.status) + ".");
      }
      return Ok();
    case K::CUT:
      if (sub.status != S::NORMAL) {
        return Fail(Code::kSubscriberNotActive, "Solo se corta un servicio en estado N; el abonado " + sub.number +
                          " está en " + StatusText(sub.status) + ".");
      }
      return Ok();
    case K::NEW_CONNECTION:  // these two name no subscriber: OpenCase checks none for them
    case K::DERIVED_CONNECTION:
    case K::RELOCATION:
    case K::METER_CHANGE:
    case K::SERVICE_DROP_REPAIR:
    case K::REMOVAL:
      break;
  }
  if (sub.status != S::NORMAL && sub.status != S::SUSPENDED) {
    return Fail(Code::kSubscriberNotActive, "El abonado " + sub.number + " está en " +
                                               StatusText(sub.status) +
                                               "; este trámite necesita un servicio N o S.");
  }
  return Ok();
}

}  // namespace

std::string DocumentsIncompleteMessage(const std::vector<std::string>& missing,
                                       schema::Referral referral) {
  return "Faltan documentos: " + JoinSpanish(missing) + ". " +
         (referral == schema::Referral::LEGAL_ADVICE
              ? "Derivar al cliente al área de Asesoría Legal."
              : "Orientar al cliente para obtenerlos.") +
         " El trámite espera en el paso 1.";
}

namespace deciders {

Result<Decision> OpenCase(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getOpenCase();
  auto ci = ParseCi(p.getClientCi().cStr());
  if (!ci) return Fail(ci.error());
  const K kind = p.getKind();
  std::string address = p.getAddress().cStr();
  schema::TariffCategory category = p.getTariffCategory();
  if (NeedsSubscriber(kind)) {
    if (p.getSubscriberNumber().size() == 0) {
      return Fail(Code::kSubscriberRequired, "Este trámite necesita el número de abonado.");
    }
    if (Status s = CheckSubscriberForKind(w, kind, ci->Identity()); !s) return Fail(s.error());
    if (address.empty()) address = w.subscriber.address;
    category = w.subscriber.tariff_category;
  } else if (address.empty()) {
    return Fail(Code::kFieldRequired, "Falta la dirección del servicio.");
  }
  Decision d;
  const int year = ToLocalDate(ctx.now_ns).year;
  const std::string counter = CaseCounter(year);
  auto seq = d.Claim(counter, w.counters.contains(counter) ? w.counters.at(counter) : 0);
  if (!seq) return Fail(seq.error());
  d.case_id = FormatCaseId(year, *seq);
  auto e = d.Emit(CaseStream(d.case_id), ctx.occurred_at_ns).initCaseOpened();
  e.setCaseId(d.case_id);
  e.setKind(kind);
  e.setClientCi(ci->Identity());
  e.setTariffCategory(category);
  e.setAddress(address);
  e.setSubscriberNumber(NeedsSubscriber(kind) ? w.subscriber.number : "");
  e.setClientHasFolder(w.client.exists && !w.client.folder_cases.empty());
  if (kind == K::CUT || kind == K::RECONNECTION) {
    auto opened =
        d.Emit(SubscriberStream(w.subscriber.number), ctx.occurred_at_ns).initServiceCaseOpened();
    opened.setCaseId(d.case_id);
    opened.setKind(kind);
  }
  return d;
}

Result<Decision> PresentDocuments(const World& w, C::Reader c, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kPresentDocuments); !s) return Fail(s.error());
  auto p = c.getPresentDocuments();
  auto it = w.reference.checklists.find({w.kase.kind, w.kase.tariff_category});
  if (it == w.reference.checklists.end()) {
    return Fail(Code::kChecklistNotDefined, "No hay una lista de requisitos registrada para este "
                  "tipo de trámite y categoría; pida al supervisor que la registre.");
  }
  const std::vector<std::string> presented = ToStrings(p.getDocuments());
  std::vector<std::string> missing;
  for (const std::string& required : it->second) {
    const bool found = std::any_of(presented.begin(), presented.end(), [&](const std::string& doc) {
      return Normalized(doc) == Normalized(required);
    });
    if (!found) missing.push_back(required);
  }
  Decision d;
  const std::string stream = CaseStream(w.kase.id);
  if (missing.empty()) {
    FillTexts(
        [&](unsigned n) {
          return d.Emit(stream, ctx.occurred_at_ns).initDocumentsAccepted().initDocuments(n);
        },
        presented);
    return d;
  }
  auto e = d.Emit(stream, ctx.occurred_at_ns).initDocumentsFoundIncomplete();
  FillTexts([&](unsigned n) { return e.initPresented(n); }, presented);
  FillTexts([&](unsigned n) { return e.initMissing(n); }, missing);
  e.setReferral(p.getReferral());
  d.notice_code = std::string(Describe(Code::kDocumentsIncomplete).code);
  d.notice_message = DocumentsIncompleteMessage(missing, p.getReferral());
  return d;
}

Result<Decision> RegisterClient(const World& w, C::Reader c, const Context& ctx) {
  auto p = c.getRegisterClient();
  auto ci = ParseCi(p.getClientCi().cStr());
  if (!ci) return Fail(ci.error());
  if (w.kase.exists) {
    if (Status s = ExpectStep(w, CaseStep::kRegisterClient); !s) return Fail(s.error());
    if (w.kase.client_ci != ci->Identity()) {
      return Fail(Code::kClientMismatch, "El CI " + ci->Identity() +
                                           " no es el del cliente del trámite (" +
                                           w.kase.client_ci + ").");
    }
  }
  Decision d;
  const std::string stream = ClientStream(ci->Identity());
  if (!w.client.exists) {
    if (p.getFullName().size() == 0 || p.getAddress().size() == 0) {
      return Fail(Code::kClientDataIncomplete, "Para registrar un cliente nuevo se necesitan su nombre "
                    "completo y su dirección.");
    }
    auto e = d.Emit(stream, ctx.occurred_at_ns).initClientRegistered();
    e.setCi(ci->Identity());
    e.setCiDepartment(ci->department);
    e.setFullName(p.getFullName());
    e.setAddress(p.getAddress());
    e.setPhone(p.getPhone());
    e.setCaseId(w.kase.id);
  } else {
    auto e = d.Emit(stream, ctx.occurred_at_ns).initClientDataUpdated();
    e.setCiDepartment(ci->department);
    e.setFullName(p.getFullName().size() > 0 ? std::string(p.getFullName().cStr())
                                             : w.client.full_name);
    e.setAddress(p.getAddress().size() > 0 ? std::string(p.getAddress().cStr()) : w.client.address);
    e.setPhone(p.getPhone().size() > 0 ? std::string(p.getPhone().cStr()) : w.client.phone);
    e.setCaseId(w.kase.id);
  }
  if (w.kase.exists) {
    d.Emit(CaseStream(w.kase.id), ctx.occurred_at_ns)
        .initCaseClientRecorded()
        .setClientCi(ci->Identity());
  }
  return d;
}

Result<Decision> IssueRequirementsOrder(const World& w, C::Reader, const Context& ctx) {
  if (Status s = ExpectStep(w, CaseStep::kIssueRequirementsOrder); !s) return Fail(s.error());
  Decision d;
  auto number = IssueOrder(d, w, ctx, schema::OrderType::ORT, [&](schema::OrderIssued::Builder o) {
    FillTexts([&](unsigned n) { return o.initAttachedDocuments(n); }, w.kase.documents);
  });
  if (!number) return Fail(number.error());
  return d;
}

}  // namespace deciders
}  // namespace bitacora::domain
