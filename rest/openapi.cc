// GET /v1/openapi.json: the OpenAPI 3 document. The command bodies (events/commands.capnp) and the
// answers (events/api.capnp) are generated from the schemas by reflection.
#include <map>
#include <set>

#include "app/answer_codec.h"
#include "app/command_codec.h"
#include "app/json.h"
#include "rest/routes.h"
#include "core/domain/decide.h"

namespace bitacora::shim {
namespace {

std::string StructName(capnp::StructSchema s) {
  std::string name = s.getShortDisplayName().cStr();
  return name;
}

void TypeSchema(app::JsonWriter& w, capnp::Type type, std::map<std::string, capnp::StructSchema>& pending) {
  using W = capnp::schema::Type;
  w.BeginObject();
  switch (type.which()) {
    case W::TEXT: w.Field("type", "string"); break;
    case W::BOOL: w.Field("type", "boolean"); break;
    case W::INT8: case W::INT16: case W::INT32: case W::UINT8: case W::UINT16: case W::UINT32:
      w.Field("type", "integer");
      break;
    case W::INT64: case W::UINT64:
      w.Field("type", "integer").Field("format", "int64")
          .Field("description", "a number, or a decimal string for values beyond 2^53");
      break;
    case W::ENUM: {
      w.Field("type", "string").Key("enum").BeginArray();
      for (auto e : type.asEnum().getEnumerants()) w.String(e.getProto().getName().cStr());
      w.EndArray();
      break;
    }
    case W::LIST:
      w.Field("type", "array").Key("items");
      TypeSchema(w, type.asList().getElementType(), pending);
      break;
    case W::STRUCT: {
      const std::string name = StructName(type.asStruct());
      pending.emplace(name, type.asStruct());
      w.Field("$ref", "#/components/schemas/" + name);
      break;
    }
    case W::DATA: w.Field("type", "string").Field("format", "hex"); break;
    default: w.Field("type", "object");
  }
  w.EndObject();
}

// How a struct is described: a command body (fields optional, absent means the schema's default,
// no other member allowed); an answer (every field but the $optional ones required, members may be
// added by a newer server); a request that is not a command (required as an answer, no other
// member allowed); a record (an event in a log page: members present when set).
enum class Shape { kCommandBody, kAnswer, kRequest, kRecord };

constexpr uint64_t kApiFileId = 0xc97926a7903e72a6;  // events/api.capnp

bool DeclaredInApi(capnp::StructSchema s) { return s.getProto().getScopeId() == kApiFileId; }

void StructSchemaJson(app::JsonWriter& w, capnp::StructSchema s, Shape shape,
                      std::map<std::string, capnp::StructSchema>& pending) {
  w.BeginObject().Field("type", "object");
  if (shape == Shape::kCommandBody || shape == Shape::kRequest) w.Field("additionalProperties", false);
  w.Key("properties").BeginObject();
  for (auto f : s.getFields()) {
    w.Key(f.getProto().getName().cStr());
    TypeSchema(w, f.getType(), pending);
  }
  w.EndObject();
  if (shape == Shape::kAnswer || shape == Shape::kRequest) {
    w.Key("required").BeginArray();
    for (auto f : s.getFields()) {
      if (app::IsRequired(f)) w.String(f.getProto().getName().cStr());
    }
    w.EndArray();
  }
  w.EndObject();
}

// Adds the names of `s` and of every struct it holds to `names`.
void MarkReachable(capnp::StructSchema s, std::set<std::string>& names) {
  if (!names.insert(StructName(s)).second) return;
  for (auto f : s.getFields()) {
    capnp::Type t = f.getType();
    while (t.isList()) t = t.asList().getElementType();
    if (t.isStruct()) MarkReachable(t.asStruct(), names);
  }
}

// Adds the names of `s` and of every api.capnp struct it holds to `answers` (the structs of other
// schemas it holds, an event's envelope and payloads, are records).
void MarkAnswers(capnp::StructSchema s, std::set<std::string>& answers) {
  if (!DeclaredInApi(s) || !answers.insert(StructName(s)).second) return;
  for (auto f : s.getFields()) {
    capnp::Type t = f.getType();
    while (t.isList()) t = t.asList().getElementType();
    if (t.isStruct()) MarkAnswers(t.asStruct(), answers);
  }
}

// A response whose JSON is the schema `ref` (none when null), or an array of it when `array`.
void Response(app::JsonWriter& w, const char* status, const char* description, const char* ref,
              bool array = false) {
  w.Key(status).BeginObject().Field("description", description);
  if (ref != nullptr) {
    w.Key("content").BeginObject().Key("application/json").BeginObject().Key("schema").BeginObject();
    if (array) w.Field("type", "array").Key("items").BeginObject();
    w.Field("$ref", std::string("#/components/schemas/") + ref);
    if (array) w.EndObject();
    w.EndObject().EndObject().EndObject();
  }
  w.EndObject();
}

// A request body: the schema `ref`.
void RequestBody(app::JsonWriter& w, const std::string& ref) {
  w.Key("requestBody").BeginObject().Field("required", true).Key("content").BeginObject()
      .Key("application/json").BeginObject().Key("schema").BeginObject()
      .Field("$ref", "#/components/schemas/" + ref).EndObject().EndObject().EndObject().EndObject();
}

void ErrorResponses(app::JsonWriter& w) {
  Response(w, "400", "malformed JSON, unknown field, wrong type, bad parameter", "ErrorAnswer");
  Response(w, "401", "no token, unknown or revoked token", "ErrorAnswer");
  Response(w, "403", "the token's role may not do this", "ErrorAnswer");
  Response(w, "404", "no such route or entity", "ErrorAnswer");
}

// The parameters of `path`: each {name} in it, then the query parameters `params`.
void Parameters(app::JsonWriter& w, const std::string& path, const std::vector<std::string>& params) {
  w.Key("parameters").BeginArray();
  size_t open = path.find('{');
  while (open != std::string::npos) {
    const size_t close = path.find('}', open);
    w.BeginObject().Field("name", path.substr(open + 1, close - open - 1)).Field("in", "path")
        .Field("required", true).Key("schema").BeginObject().Field("type", "string").EndObject().EndObject();
    open = path.find('{', close);
  }
  for (const std::string& p : params) {
    w.BeginObject().Field("name", p).Field("in", "query").Field("required", false)
        .Key("schema").BeginObject().Field("type", "string").EndObject().EndObject();
  }
  w.EndArray();
}

// A GET route; `answer`, when not null, names the schema of its JSON answer (an array of it when
// `array`).
void GetPath(app::JsonWriter& w, const std::string& path, const char* summary,
             const std::vector<std::string>& params, const char* answer = nullptr, bool array = false) {
  w.Key(path).BeginObject().Key("get").BeginObject().Field("summary", summary);
  Parameters(w, path, params);
  w.Key("responses").BeginObject();
  Response(w, "200", "the answer, as JSON (or the report file for format=csv|xlsx)", answer, array);
  ErrorResponses(w);
  w.EndObject().EndObject().EndObject();
}

// The token routes (supervisor): list and issue on /v1/tokens, revoke on /v1/tokens/{hash}.
void TokenPaths(app::JsonWriter& w) {
  w.Key("/v1/tokens").BeginObject();
  w.Key("get").BeginObject().Field("summary", "every token issued, in order, with whether it is revoked (supervisor)");
  Parameters(w, "/v1/tokens", {});
  w.Key("responses").BeginObject();
  Response(w, "200", "the tokens (their SHA-256, never their text)", "TokenEntry", true);
  ErrorResponses(w);
  w.EndObject().EndObject();
  w.Key("post").BeginObject().Field("summary", "issue a token for an actor and role (supervisor)");
  RequestBody(w, "TokenRequest");
  w.Key("responses").BeginObject();
  Response(w, "201", "the token's text, shown this once", "TokenIssuedAnswer");
  ErrorResponses(w);
  w.EndObject().EndObject().EndObject();
  w.Key("/v1/tokens/{hash}").BeginObject().Key("delete").BeginObject()
      .Field("summary", "revoke a token by its SHA-256 (supervisor); ?reason= is recorded");
  Parameters(w, "/v1/tokens/{hash}", {"reason"});
  w.Key("responses").BeginObject();
  Response(w, "200", "revoked", "RevokedAnswer");
  ErrorResponses(w);
  Response(w, "422", "token_already_revoked", "ErrorAnswer");
  w.EndObject().EndObject().EndObject();
}

// Signing in and out (users with a password; app/sessions.h).
void SessionPaths(app::JsonWriter& w) {
  w.Key("/v1/session").BeginObject();
  w.Key("post").BeginObject().Field("summary", "sign in with username and password: sets the "
                                               "bitacora_session cookie; answers the CSRF token (no bearer token)");
  RequestBody(w, "SessionRequest");
  w.Key("responses").BeginObject();
  Response(w, "200", "signed in", "SessionAnswer");
  ErrorResponses(w);
  Response(w, "429", "sign_in_rate_limited", "ErrorAnswer");
  w.EndObject().EndObject();
  w.Key("delete").BeginObject().Field("summary", "sign out: ends the session of the cookie (with X-CSRF-Token)");
  Parameters(w, "/v1/session", {});
  w.Key("responses").BeginObject();
  Response(w, "200", "signed out", "SignedOutAnswer");
  ErrorResponses(w);
  w.EndObject().EndObject().EndObject();
}

}  // namespace

// Kept on JsonWriter: the document is JSON Schema, not an answer of api.capnp.
std::string OpenApiJson() {
  std::map<std::string, capnp::StructSchema> pending;
  app::JsonWriter w;
  w.BeginObject().Field("openapi", "3.0.3");
  w.Key("info").BeginObject().Field("title", "Bitácora REST API").Field("version", "1")
      .Field("description", "Commands of the desk's procedures and views over the audit ledger. "
                            "Every route but /healthz needs Authorization: Bearer <token>.")
      .EndObject();
  w.Key("components").BeginObject().Key("securitySchemes").BeginObject().Key("bearer").BeginObject()
      .Field("type", "http").Field("scheme", "bearer").EndObject().EndObject();
  w.Key("schemas").BeginObject();
  for (const app::CommandKind& kind : app::CommandKinds()) pending.emplace(StructName(kind.params), kind.params);
  std::set<std::string> commands;  // the command bodies and every struct they hold
  for (const auto& [name, schema] : std::map<std::string, capnp::StructSchema>(pending)) {
    MarkReachable(schema, commands);
  }
  std::set<std::string> answers;
  for (capnp::StructSchema answer : app::AnswerSchemas()) {
    pending.emplace(StructName(answer), answer);
    MarkAnswers(answer, answers);
  }
  std::set<std::string> requests;
  for (capnp::StructSchema request : app::RequestSchemas()) {
    pending.emplace(StructName(request), request);
    requests.insert(StructName(request));
  }
  std::set<std::string> done;
  while (done.size() < pending.size()) {
    for (auto [name, schema] : std::map<std::string, capnp::StructSchema>(pending)) {
      if (!done.insert(name).second) continue;
      w.Key(name);
      const Shape shape = requests.count(name) > 0  ? Shape::kRequest
                          : answers.count(name) > 0 ? Shape::kAnswer
                          : commands.count(name) > 0 ? Shape::kCommandBody
                                                     : Shape::kRecord;
      StructSchemaJson(w, schema, shape, pending);
    }
  }
  w.EndObject().EndObject();
  w.Key("security").Raw(R"([{"bearer":[]}])");
  w.Key("paths").BeginObject();
  for (const app::CommandKind& kind : app::CommandKinds()) {
    std::string roles;
    for (auto e : capnp::Schema::from<schema::Role>().getEnumerants()) {
      if (domain::RoleMayIssue(static_cast<schema::Role>(e.getOrdinal()), kind.which)) {
        roles += (roles.empty() ? "" : ", ") + std::string(e.getProto().getName().cStr());
      }
    }
    w.Key("/v1/commands/" + kind.name)
        .BeginObject()
        .Key("post")
        .BeginObject()
        .Field("operationId", kind.name)
        .Field("summary", "Record " + kind.name + " (roles: " + roles + ")")
        .Key("parameters")
        .Raw(
            R"([{"name":"Idempotency-Key","in":"header","required":false,"schema":{"type":"string"},)"
            R"("description":"the actor's key for this command: an identical repeat answers 200 with the first outcome; the same key with another command or other fields is refused with 422 idempotency_key_reused"},)"
            R"({"name":"occurred_at_ns","in":"query","required":false,"schema":{"type":"integer"},)"
            R"("description":"business time, UTC ns; not after now + 5 min nor before the newest event of the streams touched"},)"
            R"({"name":"backdating_reason","in":"query","required":false,"schema":{"type":"string"},)"
            R"("description":"why occurred_at_ns lies more than a day back (supervisor only); recorded in every event"}])");
    RequestBody(w, StructName(kind.params));
    w.Key("responses").BeginObject();
    Response(w, "201", "recorded: the events' positions", "Outcome");
    Response(w, "200", "the same actor sent the same command with this Idempotency-Key before: its first outcome", "Outcome");
    ErrorResponses(w);
    Response(w, "409", "version conflict after retries", "ErrorAnswer");
    Response(w, "413", "body over the limit", "ErrorAnswer");
    Response(w, "422", "refused by the procedure, or idempotency_key_reused (the key was used for another command or other fields): code and Spanish message", "ErrorAnswer");
    Response(w, "507", "the disk is below the free-space floor (disk_space_low): nothing recorded", "ErrorAnswer");
    w.EndObject().EndObject().EndObject();
  }
  for (const char* plural : {"clients", "subscribers", "cases", "orders", "meters"}) {
    const std::string base = std::string("/v1/") + plural + "/{id}";
    GetPath(w, base, "the current record, or as of a position/date/instant", {"as_of", "min_position"},
            "RecordAnswer");
    GetPath(w, base + "/history", "every event of the entity, in order", {"as_of"}, "EntriesAnswer");
  }
  GetPath(w, "/v1/clients/{id}/folder", "the client's folder (carpeta)", {"as_of", "min_position"},
          "EntriesAnswer");
  GetPath(w, "/v1/subscribers/{id}/folder", "the subscriber's folder", {"as_of", "min_position"},
          "EntriesAnswer");
  GetPath(w, "/v1/reports/{name}",
          "daily-control or odeco-daily (?date=), cpd-batch or monthly-stats (?month=), idle-cases (?days=)",
          {"date", "month", "days", "format"}, "ReportTable", true);
  GetPath(w, "/v1/reference", "checklists, material prices, tariffs, technician on duty, holidays (current or ?as_of=)",
          {"as_of"}, "ReferenceAnswer");
  GetPath(w, "/v1/queues/{name}",
          "with-technicians, awaiting-payment, awaiting-delivery, awaiting-verification (?date=), "
          "odeco-pending: the orders waiting, oldest first (?actor= filters)",
          {"actor", "date", "min_position"}, "QueueAnswer");
  GetPath(w, "/v1/log", "a page of the event log (auditor, supervisor)", {"from", "limit"}, "LogPage");
  GetPath(w, "/v1/log/stream", "Server-Sent Events following new events (Last-Event-ID honoured; auditor, supervisor)",
          {"from"});
  GetPath(w, "/v1/reads", "the access log of reads of personal data (auditor)", {"client", "actor", "limit"},
          "ReadsAnswer");
  GetPath(w, "/v1/projections", "the views' position and lag", {}, "ProjectionsStatus");
  w.Key("/v1/projections/rebuild").BeginObject().Key("post").BeginObject()
      .Field("summary", "rebuild the views from the log (supervisor)").Key("responses").BeginObject();
  Response(w, "200", "the views' position and lag after the rebuild", "ProjectionsStatus");
  ErrorResponses(w);
  w.EndObject().EndObject().EndObject();
  TokenPaths(w);
  SessionPaths(w);
  GetPath(w, "/v1/users", "every user, by username: name, role, agency, window, disabled (supervisor)",
          {}, "UserEntry", true);
  GetPath(w, "/metrics", "Prometheus metrics", {});
  w.Key("/v1/backup").BeginObject().Key("post").BeginObject()
      .Field("summary", "online backup into a new or empty folder on the server's host (supervisor)");
  RequestBody(w, "BackupRequest");
  w.Key("responses").BeginObject();
  Response(w, "201", "out, position, hash and root of the backup", "BackupResult");
  Response(w, "400", "backup_path_refused, bad_backup_path, bad_json", "ErrorAnswer");
  Response(w, "403", "not a supervisor", "ErrorAnswer");
  w.EndObject().EndObject().EndObject();
  w.Key("/healthz").Raw(R"({"get":{"summary":"liveness; no token needed","security":[],"responses":{"200":{"description":"ok"}}}})");
  w.EndObject();
  return w.EndObject().str();
}

}  // namespace bitacora::shim
