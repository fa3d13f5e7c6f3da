#include "app/answer_codec.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>
#include <kj/debug.h>
#include <kj/exception.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <type_traits>

#include "app/utf8.h"
#include "core/json/unicode_escapes.h"

namespace bitacora::app {
namespace {

using JV = capnp::JsonValue;
constexpr uint64_t kOptionalId = 0x8ac4025ffff1c931;   // api.capnp's `annotation optional`
constexpr uint64_t kExactDoubles = uint64_t{1} << 53;  // integers a double holds exactly

// Workaround: capnp 0.9.2 always writes (U)Int64 as a JSON string; the answers carried numbers
// before the schema, so they are numbers within ±2^53 and decimal strings beyond (read as either).
// capnp's Handler base has a public non-virtual destructor; these live in AnswerJson, never deleted
// through the base.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnon-virtual-dtor"
template <class T>
class Int64Handler final : public capnp::JsonCodec::Handler<capnp::DynamicValue> {
 public:
  void encode(const capnp::JsonCodec&, capnp::DynamicValue::Reader input,
              JV::Builder output) const override {
    const T v = input.as<T>();
    const bool exact = v <= static_cast<T>(kExactDoubles) &&
                       (std::is_unsigned_v<T> || v >= -static_cast<T>(kExactDoubles));
    if (exact) {
      output.setNumber(static_cast<double>(v));
    } else {
      output.setString(kj::str(v));
    }
  }
  capnp::Orphan<capnp::DynamicValue> decode(const capnp::JsonCodec&, JV::Reader input,
                                            capnp::Orphanage orphanage) const override {
    T v = 0;
    if (input.isNumber()) {
      const double n = input.getNumber();
      const double low = std::is_unsigned_v<T> ? 0.0 : -static_cast<double>(kExactDoubles);
      KJ_REQUIRE(n >= low && n <= static_cast<double>(kExactDoubles) &&
                     n == static_cast<double>(static_cast<T>(n)),
                 "expected an integer", n);
      v = static_cast<T>(n);
    } else {
      KJ_REQUIRE(input.isString(), "expected an integer");
      const kj::StringPtr s = input.getString();
      auto [end, ec] = std::from_chars(s.begin(), s.end(), v);
      KJ_REQUIRE(s.size() > 0 && ec == std::errc() && end == s.end(), "expected an integer", s);
    }
    return orphanage.newOrphanCopy(capnp::DynamicValue::Reader(v));
  }
};

#pragma GCC diagnostic pop

// One codec for every answer, configured once; encode and decode only read it afterwards.
struct AnswerJson {
  Int64Handler<uint64_t> uint64;
  Int64Handler<int64_t> int64;
  capnp::JsonCodec codec;
  AnswerJson() {
    codec.addTypeHandler(capnp::Type(capnp::schema::Type::UINT64), uint64);
    codec.addTypeHandler(capnp::Type(capnp::schema::Type::INT64), int64);
    for (capnp::StructSchema s : AnswerSchemas()) codec.handleByAnnotation(s);
    for (capnp::StructSchema s : RequestSchemas()) codec.handleByAnnotation(s);
  }
};

const capnp::JsonCodec& Codec() {
  static const AnswerJson* const json = new AnswerJson();  // never destroyed: used at exit
  return json->codec;
}

// kInvalidArgument "bad_json" naming the first required member of `schema` that `value` lacks,
// looking into nested objects and arrays of objects.
Status CheckRequired(JV::Reader value, capnp::StructSchema schema, const std::string& path) {
  if (value.which() != JV::OBJECT) {
    return Fail(Code::kBadJson,
                (path.empty() ? std::string("the answer") : path) + " is not a JSON object");
  }
  for (capnp::StructSchema::Field field : schema.getNonUnionFields()) {
    const kj::StringPtr name = field.getProto().getName();
    std::optional<JV::Reader> found;
    for (JV::Field::Reader m : value.getObject()) {
      if (m.getName() == name) found = m.getValue();
    }
    const std::string where = path.empty() ? name.cStr() : path + "." + name.cStr();
    if (!found) {
      if (!IsRequired(field)) continue;
      return Fail(Code::kBadJson, "the answer lacks \"" + where + "\"");
    }
    capnp::Type type = field.getType();
    JV::Reader member = *found;
    if (type.isStruct()) {
      if (Status s = CheckRequired(member, type.asStruct(), where); !s) return s;
    } else if (type.isList() && type.asList().getElementType().isStruct() &&
               member.which() == JV::ARRAY) {
      for (JV::Reader e : member.getArray()) {
        Status s = CheckRequired(e, type.asList().getElementType().asStruct(), where + "[]");
        if (!s) return s;
      }
    }
  }
  if (schema.getUnionFields().size() == 0) return Ok();
  for (capnp::StructSchema::Field field : schema.getUnionFields()) {
    for (JV::Field::Reader m : value.getObject()) {
      if (m.getName() == field.getProto().getName()) return Ok();
    }
  }
  return Fail(Code::kBadJson, (path.empty() ? std::string("the answer") : path) +
                                  " names none of its union's members");
}

// `s` made well-formed UTF-8 (answers echo what clients sent), for a setter in the same expression.
capnp::Text::Reader AsText(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }
std::string Utf8(std::string_view s) { return IsUtf8(s) ? std::string(s) : ToUtf8(s); }

void SetTexts(capnp::List<capnp::Text>::Builder list, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, AsText(Utf8(values[i])));
}

std::vector<std::string> Texts(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  for (capnp::Text::Reader t : list) out.emplace_back(t.cStr());
  return out;
}

bool ToHash(capnp::Data::Reader data, Hash32* out) {
  if (data.size() != out->size()) return false;
  std::copy(data.begin(), data.end(), out->begin());
  return true;
}

}  // namespace

std::vector<capnp::StructSchema> AnswerSchemas() {
  return {capnp::Schema::from<schema::Outcome>(), capnp::Schema::from<schema::ErrorAnswer>(),
          capnp::Schema::from<schema::BackupResult>(), capnp::Schema::from<schema::RecordAnswer>(),
          capnp::Schema::from<schema::EntriesAnswer>(), capnp::Schema::from<schema::TokenIssuedAnswer>(),
          capnp::Schema::from<schema::TokenEntry>(), capnp::Schema::from<schema::RevokedAnswer>(),
          capnp::Schema::from<schema::UserEntry>(), capnp::Schema::from<schema::SessionAnswer>(),
          capnp::Schema::from<schema::SignedOutAnswer>(),
          capnp::Schema::from<schema::ProjectionsStatus>(), capnp::Schema::from<schema::ReportTable>(),
          capnp::Schema::from<schema::LogPage>(), capnp::Schema::from<schema::ReferenceAnswer>(),
          capnp::Schema::from<schema::ReadsAnswer>(), capnp::Schema::from<schema::QueueAnswer>()};
}

std::vector<capnp::StructSchema> RequestSchemas() {
  return {capnp::Schema::from<schema::TokenRequest>(), capnp::Schema::from<schema::BackupRequest>(),
          capnp::Schema::from<schema::SessionRequest>(),
          capnp::Schema::from<schema::ReferenceSet>()};
}

bool IsRequired(capnp::StructSchema::Field field) {
  if (field.getProto().getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT)
    return false;
  for (auto a : field.getProto().getAnnotations()) {
    if (a.getId() == kOptionalId) return false;
  }
  return true;
}

std::string EncodeAnswer(capnp::DynamicStruct::Reader answer) {
  return Codec().encode(answer).cStr();
}

Status DecodeAnswer(std::string_view json, capnp::DynamicStruct::Builder answer) {
  try {
    capnp::MallocMessageBuilder parsed;
    auto value = parsed.initRoot<JV>();
    DecodeRawJson(Codec(), json, value);
    if (Status s = CheckRequired(value.asReader(), answer.getSchema(), ""); !s) return s;
    Codec().decode(value.asReader(), answer);
    return Ok();
  } catch (const kj::Exception& e) {
    return Fail(Code::kBadJson, e.getDescription().cStr());
  }
}

OwnedAnswer::OwnedAnswer(capnp::StructSchema schema)
    : message_(std::make_unique<capnp::MallocMessageBuilder>()), schema_(schema) {
  message_->initRoot<capnp::DynamicStruct>(schema_);
}

Result<OwnedAnswer> OwnedAnswer::FromJson(capnp::StructSchema schema, std::string_view json) {
  OwnedAnswer answer(schema);
  if (Status s = DecodeAnswer(json, answer.root()); !s) return Fail(s.error());
  return answer;
}

void ToAnswer(const CommandOutcome& outcome, schema::Outcome::Builder out) {
  out.setFirstPosition(outcome.first_position);
  out.setLastPosition(outcome.last_position);
  out.setDuplicate(outcome.duplicate);
  out.setCaseId(AsText(Utf8(outcome.case_id)));
  SetTexts(out.initIssuedOrders(static_cast<unsigned>(outcome.issued_orders.size())),
           outcome.issued_orders);
  out.setSubscriberNumber(AsText(Utf8(outcome.subscriber_number)));
  SetTexts(out.initStreams(static_cast<unsigned>(outcome.streams.size())), outcome.streams);
  if (!outcome.notice_code.empty()) {
    auto notice = out.initNotice();
    notice.setCode(AsText(Utf8(outcome.notice_code)));
    notice.setMessage(AsText(Utf8(outcome.notice_message)));
  }
}

CommandOutcome FromAnswer(schema::Outcome::Reader answer) {
  CommandOutcome out;
  out.first_position = answer.getFirstPosition();
  out.last_position = answer.getLastPosition();
  out.duplicate = answer.getDuplicate();
  out.case_id = answer.getCaseId();
  out.issued_orders = Texts(answer.getIssuedOrders());
  out.subscriber_number = answer.getSubscriberNumber();
  out.streams = Texts(answer.getStreams());
  if (answer.hasNotice()) {
    out.notice_code = answer.getNotice().getCode();
    out.notice_message = answer.getNotice().getMessage();
  }
  return out;
}

void ToAnswer(const Error& error, schema::ErrorAnswer::Builder out) {
  auto detail = out.initError();
  const std::string kind(ErrorKindName(error.kind));
  detail.setKind(AsText(kind));
  detail.setCode(AsText(Utf8(error.code)));
  detail.setMessage(AsText(Utf8(error.message)));
  const ErrorCodeInfo* row = FindErrorCode(error.code);
  detail.setRetryable(row != nullptr && row->retryable);
}

void ToAnswer(const BackupInfo& info, const std::string& folder,
              schema::BackupResult::Builder out) {
  out.setOut(AsText(Utf8(folder)));
  out.setPosition(info.head.position);
  out.setHash(kj::arrayPtr(info.head.hash.data(), info.head.hash.size()));
  out.setRoot(kj::arrayPtr(info.root.data(), info.root.size()));
}

std::string OutcomeJson(const CommandOutcome& outcome) {
  capnp::MallocMessageBuilder message;
  ToAnswer(outcome, message.initRoot<schema::Outcome>());
  return EncodeAnswer(message.getRoot<schema::Outcome>().asReader());
}

Result<CommandOutcome> OutcomeFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto answer = message.initRoot<schema::Outcome>();
  if (Status s = DecodeAnswer(json, answer); !s) return Fail(s.error());
  return FromAnswer(answer.asReader());
}

std::string ErrorJson(const Error& error) {
  capnp::MallocMessageBuilder message;
  ToAnswer(error, message.initRoot<schema::ErrorAnswer>());
  return EncodeAnswer(message.getRoot<schema::ErrorAnswer>().asReader());
}

Result<Error> ErrorFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto answer = message.initRoot<schema::ErrorAnswer>();
  if (Status s = DecodeAnswer(json, answer); !s) return Fail(s.error());
  const schema::ErrorDetail::Reader detail = answer.asReader().getError();
  Error error = MakeError(Code::kHttpError, detail.getMessage());
  error.kind = ErrorKindFromName(detail.getKind().cStr());
  error.code = detail.getCode();
  return error;
}

std::string BackupInfoJson(const BackupInfo& info, const std::string& folder) {
  capnp::MallocMessageBuilder message;
  ToAnswer(info, folder, message.initRoot<schema::BackupResult>());
  return EncodeAnswer(message.getRoot<schema::BackupResult>().asReader());
}

Result<BackupInfo> BackupInfoFromJson(std::string_view json) {
  capnp::MallocMessageBuilder message;
  auto answer = message.initRoot<schema::BackupResult>();
  if (Status s = DecodeAnswer(json, answer); !s) return Fail(s.error());
  BackupInfo info;
  info.head.position = answer.getPosition();
  if (!ToHash(answer.getHash(), &info.head.hash) || !ToHash(answer.getRoot(), &info.root)) {
    return Fail(Code::kBadJson, "a backup answer's hash and root are 32 bytes in hex");
  }
  return info;
}

}  // namespace bitacora::app
