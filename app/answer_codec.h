// The answers of both shims (command outcome, error, backup result, tokens, views, reports, log
// pages, projections' status), declared once in
// events/api.capnp and encoded / decoded with one capnp-json codec: the server and `--json` write
// them with Encode*, the HTTP client reads them back with *FromJson. rest/openapi.cc describes
// them from the same declarations (AnswerSchemas, IsOptional).
#ifndef BITACORA_APP_ANSWER_CODEC_H_
#define BITACORA_APP_ANSWER_CODEC_H_

#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <capnp/schema.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/handler/command_handler.h"
#include "core/result.h"
#include "core/store/backup.h"
#include "events/api.capnp.h"

namespace bitacora::app {

// The root answer structs of events/api.capnp (Outcome, ErrorAnswer, BackupResult, RecordAnswer,
// EntriesAnswer, TokenIssuedAnswer, TokenEntry, RevokedAnswer, ProjectionsStatus, ReportTable,
// LogPage), in that order; each is named by its schema's short name in the OpenAPI document. Pure.
std::vector<capnp::StructSchema> AnswerSchemas();

// The request bodies of events/api.capnp that are not commands (TokenRequest, BackupRequest),
// decoded by app/request_codec.h with the same codec. Pure.
std::vector<capnp::StructSchema> RequestSchemas();

// False when `field` carries api.capnp's $optional (it may be absent from the JSON) or is a member
// of a union (one of them is present); every other field of an answer is always encoded. Pure.
bool IsRequired(capnp::StructSchema::Field field);

// `answer` (any struct of api.capnp) as compact JSON with the $Json annotations applied. 64-bit
// integers are JSON numbers up to 2^53 and decimal strings beyond. Thread-safe.
std::string EncodeAnswer(capnp::DynamicStruct::Reader answer);

// Decodes `json` into `answer`. Members this build does not know are ignored (a newer server);
// malformed JSON, a value of the wrong type or a required member missing (at any depth):
// kInvalidArgument "bad_json" saying which. Thread-safe.
[[nodiscard]] Status DecodeAnswer(std::string_view json, capnp::DynamicStruct::Builder answer);

// An answer in its own message: what the queries return, the server encodes and the CLI renders
// for people or reads back from a server. Movable; not thread-safe.
class OwnedAnswer {
 public:
  // An empty answer of `schema`, one of AnswerSchemas().
  explicit OwnedAnswer(capnp::StructSchema schema);
  // `json` read as DecodeAnswer reads it into a fresh answer of `schema`.
  [[nodiscard]] static Result<OwnedAnswer> FromJson(capnp::StructSchema schema, std::string_view json);

  capnp::DynamicStruct::Builder root() { return message_->getRoot<capnp::DynamicStruct>(schema_); }
  capnp::DynamicStruct::Reader reader() const {
    return message_->getRoot<capnp::DynamicStruct>(schema_).asReader();
  }
  // As EncodeAnswer.
  std::string Json() const { return EncodeAnswer(reader()); }

 private:
  std::unique_ptr<capnp::MallocMessageBuilder> message_;
  capnp::StructSchema schema_;
};

// The struct forms and back. Pure.
void ToAnswer(const CommandOutcome& outcome, schema::Outcome::Builder out);
CommandOutcome FromAnswer(schema::Outcome::Reader answer);
void ToAnswer(const Error& error, schema::ErrorAnswer::Builder out);
void ToAnswer(const BackupInfo& info, const std::string& folder, schema::BackupResult::Builder out);

// The answer to a command, as the Outcome struct encodes it. Thread-safe.
std::string OutcomeJson(const CommandOutcome& outcome);
// The CommandOutcome in such an answer. kInvalidArgument "bad_json" if malformed.
[[nodiscard]] Result<CommandOutcome> OutcomeFromJson(std::string_view json);

// {"error":{"kind","code","message","retryable"}}: retryable from the code's row (false for a
// code this build lacks). Thread-safe.
std::string ErrorJson(const Error& error);
// The Error such an answer carries (kind, code and message as sent, even a code this build
// lacks). kInvalidArgument "bad_json" if the text is not that shape.
[[nodiscard]] Result<Error> ErrorFromJson(std::string_view json);

// {"out":<folder>,"position":N,"hash":"<hex>","root":"<hex>"}. Thread-safe.
std::string BackupInfoJson(const BackupInfo& info, const std::string& folder);
// The BackupInfo in such an answer; kInvalidArgument "bad_json" if malformed or a hash is not
// 32 bytes.
[[nodiscard]] Result<BackupInfo> BackupInfoFromJson(std::string_view json);

}  // namespace bitacora::app

#endif  // BITACORA_APP_ANSWER_CODEC_H_
