#include "core/domain/correction.h"

#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <capnp/schema.h>

#include <array>
#include <map>
#include <utility>

namespace bitacora::domain {
namespace {

using E = schema::Event;

capnp::StructSchema::Field UnionField(E::Which which) {
  for (auto f : capnp::Schema::from<E>().getUnionFields()) {
    if (f.getProto().getDiscriminantValue() == static_cast<uint16_t>(which)) return f;
  }
  KJ_FAIL_REQUIRE("event without a union member", static_cast<int>(which));
}

// Text fields that name who or which record, or a business date, or route work.
constexpr std::array<std::string_view, 19> kFixedFields = {
    "caseId",      "clientCi",       "ci",           "ciDepartment",   "subscriberNumber",
    "meterSerial", "serial",         "orderNumber",  "controlDate",    "processingDate",
    "batchMonth",  "tokenHash",      "actorId",      "technician",     "code",
    "field",       "correctedValue", "correctedEvent", "previousValue"};

}  // namespace

std::string EventName(E::Which which) { return UnionField(which).getProto().getName().cStr(); }

std::vector<PayloadField> PayloadFields(E::Reader event) {
  std::vector<PayloadField> out;
  auto dynamic = capnp::toDynamic(event);
  auto member = UnionField(event.which());
  if (member.getType().which() != capnp::schema::Type::STRUCT) return out;
  auto payload = dynamic.get(member).as<capnp::DynamicStruct>();
  for (auto f : payload.getSchema().getNonUnionFields()) {
    PayloadField field;
    field.name = f.getProto().getName().cStr();
    field.is_text = f.getType().which() == capnp::schema::Type::TEXT;
    if (field.is_text) field.value = payload.get(f).as<capnp::Text>().cStr();
    out.push_back(std::move(field));
  }
  return out;
}

bool KindIsCorrectable(E::Which which) {
  switch (which) {
    case E::CORRECTION_RECORDED:
    case E::TOKEN_ISSUED:
    case E::TOKEN_REVOKED:
    case E::USER_CREATED:
    case E::USER_ROLE_CHANGED:
    case E::USER_PASSWORD_RESET:
    case E::USER_DISABLED:
    case E::SIGNED_IN:
    case E::SIGN_IN_FAILED:
    case E::REQUIREMENT_CHECKLIST_SET:
    case E::MATERIAL_PRICES_SET:
    case E::TARIFF_SET:
    case E::HOLIDAYS_SET:
    case E::TECHNICIAN_ON_DUTY_SET:
      return false;
    default:
      return true;
  }
}

bool FieldIsCorrectable(std::string_view field) {
  for (std::string_view fixed : kFixedFields) {
    if (field == fixed) return false;
  }
  return !field.ends_with("OrderNumber");
}

void ForEachCorrected(std::span<const StreamEvent> events,
                      const std::function<void(size_t, E::Reader)>& fn) {
  // position -> field -> value, from every correction among the events.
  std::map<uint64_t, std::map<std::string, std::string>> fixes;
  for (const StreamEvent& e : events) {
    if (e.payload.which() != E::CORRECTION_RECORDED) continue;
    auto c = e.payload.getCorrectionRecorded();
    fixes[c.getCorrectedPosition()][c.getField().cStr()] = c.getCorrectedValue().cStr();
  }
  for (size_t i = 0; i < events.size(); ++i) {
    auto found = fixes.find(events[i].position);
    if (found == fixes.end()) {
      fn(i, events[i].payload);
      continue;
    }
    capnp::MallocMessageBuilder copy;
    copy.setRoot(events[i].payload);
    auto root = copy.getRoot<E>();
    auto payload = capnp::toDynamic(root).get(UnionField(root.which())).as<capnp::DynamicStruct>();
    for (const auto& [field, value] : found->second) {
      KJ_IF_MAYBE (f, payload.getSchema().findFieldByName(field)) {
        if (f->getType().which() == capnp::schema::Type::TEXT) {
          payload.set(*f, capnp::Text::Reader(value.c_str(), value.size()));
        }
      }
    }
    fn(i, root.asReader());
  }
}

}  // namespace bitacora::domain
