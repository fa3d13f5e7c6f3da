#include "core/domain/world.h"

#include "core/domain/ci.h"
#include "core/domain/ids.h"

namespace bitacora::domain {
namespace {

using C = schema::Command;

// The keys a command names directly.
struct Keys {
  std::string case_id;
  std::vector<std::string> orders;
  std::string ci;
  std::string subscriber;
  std::string meter;
  uint64_t corrected_position = 0;
  std::string token_hash;   // issueToken / revokeToken
  std::string note_stream;  // recordNote
  std::string username;     // createUser, changeUserRole, resetUserPassword, disableUser
  std::string sign_in;      // recordSignIn: loaded only when it is a username
  // The orders are a list (daily control, ODECO, CPD batch): even a list of one does not put the
  // command in that order's case. A command naming one order acts in the context of its case.
  bool order_list = false;
};

template <class List>
std::vector<std::string> Strings(List list) {
  std::vector<std::string> out;
  for (auto t : list) out.emplace_back(t.cStr());
  return out;
}

Keys KeysOf(C::Reader c) {
  Keys k;
  auto one = [&k](capnp::Text::Reader number) { k.orders.emplace_back(number.cStr()); };
  auto kase = [&k](capnp::Text::Reader id) { k.case_id = id.cStr(); };
  switch (c.which()) {
    case C::SET_REQUIREMENT_CHECKLIST:
    case C::SET_MATERIAL_PRICES:
    case C::SET_TARIFF:
    case C::SET_TECHNICIAN_ON_DUTY:
    case C::SET_HOLIDAYS:
      break;
    case C::OPEN_CASE:
      k.ci = c.getOpenCase().getClientCi().cStr();
      k.subscriber = c.getOpenCase().getSubscriberNumber().cStr();
      break;
    case C::PRESENT_DOCUMENTS:
      kase(c.getPresentDocuments().getCaseId());
      break;
    case C::REGISTER_CLIENT:
      kase(c.getRegisterClient().getCaseId());
      k.ci = c.getRegisterClient().getClientCi().cStr();
      break;
    case C::ISSUE_REQUIREMENTS_ORDER:
      kase(c.getIssueRequirementsOrder().getCaseId());
      break;
    case C::RECORD_VISIT:
      one(c.getRecordVisit().getOrderNumber());
      break;
    case C::ISSUE_QUOTE:
      kase(c.getIssueQuote().getCaseId());
      break;
    case C::RECORD_PAYMENT:
      kase(c.getRecordPayment().getCaseId());
      break;
    case C::RECORD_MATERIALS_DELIVERY:
      one(c.getRecordMaterialsDelivery().getOrderNumber());
      break;
    case C::REPORT_INSTALLATION:
      kase(c.getReportInstallation().getCaseId());
      break;
    case C::ISSUE_INSPECTION_ORDER:
      kase(c.getIssueInspectionOrder().getCaseId());
      break;
    case C::RECORD_INSPECTION_RESULT:
      one(c.getRecordInspectionResult().getOrderNumber());
      break;
    case C::PROCESS_RECONNECTION_INSPECTION:
      kase(c.getProcessReconnectionInspection().getCaseId());
      break;
    case C::DECIDE_VIABILITY:
      kase(c.getDecideViability().getCaseId());
      break;
    case C::REGISTER_METER:
      kase(c.getRegisterMeter().getCaseId());
      k.meter = c.getRegisterMeter().getMeterSerial().cStr();
      break;
    case C::ISSUE_CONNECTION_ORDER:
      kase(c.getIssueConnectionOrder().getCaseId());
      break;
    case C::PREPARE_CONTRACT:
      kase(c.getPrepareContract().getCaseId());
      break;
    case C::RECORD_CONTRACT_SIGNED:
      kase(c.getRecordContractSigned().getCaseId());
      break;
    case C::HAND_OVER_DOCUMENTS:
      kase(c.getHandOverDocuments().getCaseId());
      break;
    case C::RECORD_METER_DELIVERY:
      one(c.getRecordMeterDelivery().getOrderNumber());
      break;
    case C::ASSEMBLE_FOLDER:
      kase(c.getAssembleFolder().getCaseId());
      break;
    case C::RECORD_ENERGIZATION:
      one(c.getRecordEnergization().getOrderNumber());
      k.meter = c.getRecordEnergization().getMeterSerial().cStr();
      break;
    case C::COMPLETE_CASE:
      kase(c.getCompleteCase().getCaseId());
      break;
    case C::RECORD_CUT_CONDITIONS_EXPLAINED:
      kase(c.getRecordCutConditionsExplained().getCaseId());
      break;
    case C::RECORD_CLIENT_CONFIRMATION:
      kase(c.getRecordClientConfirmation().getCaseId());
      break;
    case C::ISSUE_CUT_ORDER:
      kase(c.getIssueCutOrder().getCaseId());
      break;
    case C::RECORD_CUT_EXECUTED:
      one(c.getRecordCutExecuted().getOrderNumber());
      break;
    case C::ISSUE_REMOVAL_ORDER:
      kase(c.getIssueRemovalOrder().getCaseId());
      break;
    case C::RECORD_REMOVAL_EXECUTED:
      one(c.getRecordRemovalExecuted().getOrderNumber());
      break;
    case C::HAND_ORDER_TO_TECHNICIAN:  // one order (and its case), or every order of a case
      if (c.getHandOrderToTechnician().getOrderNumber().size() > 0) {
        one(c.getHandOrderToTechnician().getOrderNumber());
      }
      kase(c.getHandOrderToTechnician().getCaseId());
      break;
    case C::RECORD_ORDER_NOT_EXECUTED:
      one(c.getRecordOrderNotExecuted().getOrderNumber());
      break;
    case C::VERIFY_RETURNED_ORDER:  // one order, or a list (8.5 step 2 on a busy day)
      if (c.getVerifyReturnedOrder().getOrderNumber().size() > 0) {
        one(c.getVerifyReturnedOrder().getOrderNumber());
      }
      for (auto number : c.getVerifyReturnedOrder().getOrderNumbers()) one(number);
      k.order_list = c.getVerifyReturnedOrder().getOrderNumbers().size() > 0;
      break;
    case C::SEND_BACK_ORDER:
      one(c.getSendBackOrder().getOrderNumber());
      break;
    case C::ARCHIVE_ORDER:
      one(c.getArchiveOrder().getOrderNumber());
      break;
    case C::ANNUL_ORDER:
      one(c.getAnnulOrder().getOrderNumber());
      break;
    case C::REGISTER_IN_DAILY_CONTROL:
      k.orders = Strings(c.getRegisterInDailyControl().getOrderNumbers());
      k.order_list = true;
      break;
    case C::SEND_ORDERS_TO_ODECO:
      k.orders = Strings(c.getSendOrdersToOdeco().getOrderNumbers());
      k.order_list = true;
      break;
    case C::PROCESS_ORDERS_AT_ODECO:
      k.orders = Strings(c.getProcessOrdersAtOdeco().getOrderNumbers());
      k.order_list = true;
      break;
    case C::SEND_MONTHLY_BATCH_TO_CPD:
      k.orders = Strings(c.getSendMonthlyBatchToCpd().getOrderNumbers());
      k.order_list = true;
      break;
    case C::RECEIVE_CPD_BATCH:
      k.orders = Strings(c.getReceiveCpdBatch().getOrderNumbers());
      k.order_list = true;
      break;
    case C::RECEIVE_NON_VIABLE_CASE:
      kase(c.getReceiveNonViableCase().getCaseId());
      break;
    case C::WITHDRAW_CASE:
      kase(c.getWithdrawCase().getCaseId());
      break;
    case C::REFUND_PAYMENT:
      kase(c.getRefundPayment().getCaseId());
      break;
    case C::RECORD_CORRECTION:
      k.corrected_position = c.getRecordCorrection().getCorrectedPosition();
      break;
    case C::ISSUE_TOKEN:
      k.token_hash = c.getIssueToken().getTokenHash().cStr();
      break;
    case C::REVOKE_TOKEN:
      k.token_hash = c.getRevokeToken().getTokenHash().cStr();
      break;
    case C::RECORD_NOTE:
      k.note_stream = c.getRecordNote().getStream().cStr();
      break;
    case C::CREATE_USER:
      k.username = c.getCreateUser().getUsername().cStr();
      break;
    case C::CHANGE_USER_ROLE:
      k.username = c.getChangeUserRole().getUsername().cStr();
      break;
    case C::RESET_USER_PASSWORD:
      k.username = c.getResetUserPassword().getUsername().cStr();
      break;
    case C::DISABLE_USER:
      k.username = c.getDisableUser().getUsername().cStr();
      break;
    case C::RECORD_SIGN_IN:
      k.sign_in = c.getRecordSignIn().getUsername().cStr();
      break;
  }
  return k;
}

}  // namespace

const OrderState* World::Order(const std::string& number) const {
  auto it = orders.find(number);
  return it != orders.end() && it->second.exists ? &it->second : nullptr;
}

const OrderState* World::LiveOrder(schema::OrderType type) const {
  for (auto it = kase.orders.rbegin(); it != kase.orders.rend(); ++it) {
    if (it->first != type) continue;
    const OrderState* order = Order(it->second);
    if (order != nullptr && order->Live()) return order;
  }
  return nullptr;
}

const MeterState* World::Meter(const std::string& serial) const {
  auto it = meters.find(serial);
  return it != meters.end() && it->second.exists ? &it->second : nullptr;
}

Result<World> LoadWorld(const WorldSources& src, schema::Command::Reader command, int64_t now_ns) {
  World w;
  Keys keys = KeysOf(command);
  // Keeps the newest business time of `stream`'s events (business_time.h reads it).
  auto note_time = [&w](const std::string& stream, const EventMeta& m) {
    int64_t& last = w.last_occurred_at_ns[stream];
    if (m.occurred_at_ns > last) last = m.occurred_at_ns;
  };
  auto load = [&](const std::string& stream, auto& state) -> Status {
    if (w.versions.contains(stream)) return Ok();
    auto version = src.read_stream(stream, [&](const EventMeta& m, schema::Event::Reader e) {
      note_time(stream, m);
      Evolve(state, m, e);
    });
    if (!version) return Fail(version.error());
    w.versions[stream] = *version;
    return Ok();
  };
  auto load_order = [&](const std::string& number) -> Status {
    if (!ParseOrderNumber(number)) {
      return Fail(Code::kOrderNotFound, "El número de orden '" + number +
                                           "' no tiene la forma TIPO-AÑO-NÚMERO (p. ej. "
                                           "ORT-2026-000123).");
    }
    if (Status s = load(OrderStream(number), w.orders[number]); !s) return s;
    if (!w.orders[number].exists) {
      return Fail(Code::kOrderNotFound, "No existe la orden " + number + ".");
    }
    return Ok();
  };
  auto load_meter = [&](const std::string& serial) -> Status {
    if (serial.empty()) return Ok();
    return load(MeterStream(serial), w.meters[serial]);
  };

  for (const std::string& number : keys.orders) {
    if (Status s = load_order(number); !s) return Fail(s.error());
  }
  if (keys.case_id.empty() && keys.orders.size() == 1 && !keys.order_list) {
    keys.case_id = w.orders[keys.orders[0]].case_id;
  }
  if (!keys.case_id.empty()) {
    if (Status s = load(CaseStream(keys.case_id), w.kase); !s) return Fail(s.error());
    if (!w.kase.exists) {
      return Fail(Code::kCaseNotFound, "No existe el trámite " + keys.case_id + ".");
    }
    for (const auto& [type, number] : w.kase.orders) {
      if (Status s = load_order(number); !s) return Fail(s.error());
    }
    if (keys.ci.empty()) keys.ci = w.kase.client_ci;
    if (keys.subscriber.empty()) keys.subscriber = w.kase.subscriber_number;
    if (Status s = load_meter(w.kase.meter_serial); !s) return Fail(s.error());
  }
  if (!keys.ci.empty()) {
    auto ci = ParseCi(keys.ci);
    if (!ci) return Fail(ci.error());
    if (Status s = load(ClientStream(ci->Identity()), w.client); !s) return Fail(s.error());
  }
  if (!keys.subscriber.empty()) {
    if (Status s = load(SubscriberStream(keys.subscriber), w.subscriber); !s) {
      return Fail(s.error());
    }
    if (Status s = load_meter(w.subscriber.meter_serial); !s) return Fail(s.error());
  }
  if (Status s = load_meter(keys.meter); !s) return Fail(s.error());
  if (Status s = load(std::string(kReferenceStream), w.reference); !s) return Fail(s.error());
  if (IsHashHex(keys.token_hash)) {
    if (Status s = load(TokenStream(keys.token_hash), w.token); !s) return Fail(s.error());
  }
  if (!keys.username.empty()) {
    if (!IsUsername(keys.username)) {
      return Fail(Code::kUsernameMalformed,
                  "El nombre de usuario '" + keys.username +
                      "' no es válido: de 3 a 32 letras minúsculas, dígitos, puntos o guiones.");
    }
    if (Status s = load(UserStream(keys.username), w.user); !s) return Fail(s.error());
  }
  if (command.which() == C::RECORD_SIGN_IN) {
    if (IsUsername(keys.sign_in)) {
      if (Status s = load(UserStream(keys.sign_in), w.user); !s) return Fail(s.error());
    }
    // A failure of no user goes on "sign-ins": its version is the one the append expects.
    if (!w.user.exists && !w.versions.contains(std::string(kSignInStream))) {
      const std::string stream(kSignInStream);
      auto version = src.read_stream(
          stream, [&](const EventMeta& m, schema::Event::Reader) { note_time(stream, m); });
      if (!version) return Fail(version.error());
      w.versions[stream] = *version;
    }
  }
  // A note reads only its stream's version (last: a stream already read is not read again).
  if (!keys.note_stream.empty() && !w.versions.contains(keys.note_stream)) {
    auto version = src.read_stream(
        keys.note_stream,
        [&](const EventMeta& m, schema::Event::Reader) { note_time(keys.note_stream, m); });
    if (!version) return Fail(version.error());
    w.versions[keys.note_stream] = *version;
  }
  if (keys.corrected_position != 0) {
    auto stream = src.stream_at(keys.corrected_position);
    if (!stream) {
      if (stream.error().kind != ErrorKind::kNotFound) return Fail(stream.error());
      return Fail(Code::kEventNotFound, "No existe un evento en la posición " +
                                           std::to_string(keys.corrected_position) + ".");
    }
    w.corrected_stream = *stream;
    // The correction is appended to that stream: its version is the one expected (without it the
    // handler expected no stream, and every correction lost its append as a conflict). The
    // corrected event is read as earlier corrections left it.
    auto version = src.read_stream(w.corrected_stream, [&](const EventMeta& m, schema::Event::Reader e) {
      note_time(w.corrected_stream, m);
      if (m.position != keys.corrected_position) return;
      w.corrected_event = e.which();
      w.corrected_fields = PayloadFields(e);
    });
    if (!version) return Fail(version.error());
    w.versions[w.corrected_stream] = *version;
  }
  const int year = ToLocalDate(now_ns).year;
  std::vector<std::string> counters = {CaseCounter(year), std::string(kSubscriberCounter)};
  for (int t = 0; t <= static_cast<int>(schema::OrderType::OSR); ++t) {
    counters.push_back(OrderCounter(static_cast<schema::OrderType>(t), year));
  }
  for (const std::string& name : counters) {
    auto value = src.read_counter(name);
    if (!value) return Fail(value.error());
    w.counters[name] = *value;
  }
  return w;
}

}  // namespace bitacora::domain
