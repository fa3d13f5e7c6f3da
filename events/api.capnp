@0xc97926a7903e72a6;
# Answers: what the REST API returns and `--json` prints, declared once. app/answer_codec encodes
# and decodes them with capnp-json (both ways, server and client), rest/openapi.cc derives the
# response schemas from them by reflection, and the CLI renders its human output from the structs.
# Field names are the JSON member names. Every field is always encoded (a test checks that the
# OpenAPI document lists each one as required) except those marked $optional.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

using Json = import "/capnp/compat/json.capnp";  # annotations only

annotation optional @0x8ac4025ffff1c931 (field) :Void;
# The member may be absent: a struct or list left unset is not encoded, and OpenAPI does not list
# it as required.

# The answer to a command (POST /v1/commands/<name>, 201 or 200 for a repeated Idempotency-Key).
struct Outcome {
  firstPosition @0 :UInt64;      # positions of the events appended (inclusive)
  lastPosition @1 :UInt64;
  duplicate @2 :Bool;            # the command id was recorded before: its first outcome
  caseId @3 :Text;               # the case it belongs to or opened; "" when none
  issuedOrders @4 :List(Text);   # order numbers issued, e.g. "ORT-2026-000001"
  subscriberNumber @5 :Text;     # subscriber created; "" when none
  streams @6 :List(Text);        # stream of each appended event, in order
  notice @7 :Notice $optional;   # recorded, but worth telling the desk
}

struct Notice {
  code @0 :Text;                 # e.g. "documents_incomplete"
  message @1 :Text;              # Spanish, for the desk
}

# Every error answer: {"error": {...}}, with the HTTP status of the code's row in
# core/errors/error_codes.cc (docs/errors.md).
struct ErrorAnswer {
  error @0 :ErrorDetail;
}

struct ErrorDetail {
  kind @0 :Text;                 # ErrorKindName: "invalid_argument", "refused", ...
  code @1 :Text;                 # stable English code, a row of the error table
  message @2 :Text;              # for people (Spanish for the desk's refusals)
  retryable @3 :Bool;            # whether the same request may succeed later
}

# The answer of POST /v1/backup, and what `bitacora backup|restore --json` prints.
struct BackupResult {
  out @0 :Text;                  # the backup's folder
  position @1 :UInt64;           # head position: the last event in the backup
  hash @2 :Data $Json.hex;       # that event's hash (32 bytes)
  root @3 :Data $Json.hex;       # Merkle root of the log up to position (32 bytes)
}
