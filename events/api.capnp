@0xc97926a7903e72a6;
# Answers: what the REST API returns and `--json` prints, declared once. app/answer_codec encodes
# and decodes them with capnp-json (both ways, server and client), rest/openapi.cc derives the
# response schemas from them by reflection, and the CLI renders its human output from the structs.
# Field names are the JSON member names. Every field is always encoded (a test checks that the
# OpenAPI document lists each one as required) except those marked $optional.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

using Json = import "/capnp/compat/json.capnp";  # annotations only
using Ev = import "events.capnp";
using Env = import "envelope.capnp";

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

# ---- Views: GET /v1/{clients,subscribers,cases,orders,meters}/{id}[/history|/folder] ----------
# Times are La Paz time with its offset, RFC 3339 ("2026-12-06T22:53:00-04:00"; "" when there is
# none): what a person reads (the raw log keeps UTC ns); hashes 32 bytes in hex.

# The checkpoint of the views an answer reflects.
struct AsOf {
  position @0 :UInt64;
  hash @1 :Data $Json.hex;
}

# How a record was folded: from which events.
struct RecordMeta {
  events @0 :UInt64;
  firstPosition @1 :UInt64;
  lastPosition @2 :UInt64;
  createdAt @3 :Text;
  updatedAt @4 :Text;
}

struct ClientView {
  ci @0 :Text;
  department @1 :Text;
  fullName @2 :Text;
  address @3 :Text;
  phone @4 :Text;
  folderCases @5 :List(Text);    # cases whose folder was assembled
  meta @6 :RecordMeta;
  redacted @7 :List(Text) $optional;  # the members withheld from the reader's role (docs/privacy.md)
}

struct CaseOrder {
  type @0 :Text;                 # "ORT", "COT", ...
  number @1 :Text;
}

struct CaseView {
  id @0 :Text;
  kind @1 :Ev.CaseKind;
  clientCi @2 :Text;
  tariffCategory @3 :Ev.TariffCategory;
  address @4 :Text;
  subscriberNumber @5 :Text;
  openedAt @6 :Text;
  documentsAccepted @7 :Bool;
  documents @8 :List(Text);
  missingDocuments @9 :List(Text);
  clientRecorded @10 :Bool;
  orders @11 :List(CaseOrder);   # in issue order
  installationReported @12 :Bool;
  viabilityInspection @13 :Text;
  viable @14 :Bool;
  meterSerial @15 :Text;
  meterOwnership @16 :Ev.MeterOwnership;
  signedContract @17 :Text;
  handedOver @18 :Bool;
  folderAssembled @19 :Bool;
  conditionsExplained @20 :Bool;
  clientConfirmed @21 :Bool;
  closed @22 :Bool;
  closedAt @23 :Text;
  outcome @24 :Text $optional;   # a CaseOutcome name, once closed
  sentToOdeco @25 :Bool;
  receivedByOdeco @26 :Bool;
  meta @27 :RecordMeta;
}

struct QuoteLineView {
  code @0 :Text;
  description @1 :Text;
  unit @2 :Text;
  quantity @3 :Int64;
  unitPriceCentavos @4 :Int64;
  subtotalCentavos @5 :Int64;
}

struct MaterialQuantity {
  code @0 :Text;
  quantity @1 :Int64;
}

struct OrderView {
  number @0 :Text;
  type @1 :Text;                 # "ORT", ...
  caseId @2 :Text;
  clientCi @3 :Text;
  subscriberNumber @4 :Text;
  issuedAt @5 :Text;
  issuedBy @6 :Text;
  status @7 :Text;               # "issued", "handedOver", ... "annulled"
  statusText @8 :Text;           # the same in Spanish, for the desk
  outcome @9 :Text;              # "pending", "executed", "notExecuted"
  notExecutedReason @10 :Text;
  attachedDocuments @11 :List(Text);
  quoteLines @12 :List(QuoteLineView);
  totalCentavos @13 :Int64;
  relatedOrder @14 :Text;        # COT: the ORT; OEM: the COT; OC: the OEMD it installs
  meterSerial @15 :Text;
  materials @16 :List(MaterialQuantity);
  planReference @17 :Text;
  satisfactory @18 :Bool;
  findings @19 :List(Text);
  meterReading @20 :Int64;
  technician @21 :Text;
  handedAt @22 :Text;
  returnedAt @23 :Text;
  returnedBy @24 :Text;
  verification @25 :Text;        # "pending", "verified", "sentBack"
  sentBackCount @26 :UInt32;
  sentBackReasons @27 :List(Text);
  controlDate @28 :Text;
  odecoProcessedDate @29 :Text;
  cpdMonth @30 :Text;
  annulReason @31 :Text;
  meta @32 :RecordMeta;
  receiptNumber @33 :Text;       # OEM: the cashier's receipt for the payment
}

struct SubscriberView {
  number @0 :Text;
  clientCi @1 :Text;
  address @2 :Text;
  tariffCategory @3 :Ev.TariffCategory;
  status @4 :Ev.SubscriberStatus;
  statusLetter @5 :Text;         # X, N, S, R
  meterSerial @6 :Text;
  openServiceCase @7 :Text;
  cases @8 :List(Text);
  meta @9 :RecordMeta;
}

struct MeterView {
  serial @0 :Text;
  ownership @1 :Ev.MeterOwnership;
  clientCi @2 :Text;
  caseId @3 :Text;
  location @4 :Text;             # "registered", "delivered", "installed", "removed"
  installedAt @5 :Text;          # subscriber number while installed
  withCooperative @6 :Bool;
  subscribers @7 :List(Text);
  meta @8 :RecordMeta;
}

# One event of a history or a folder.
struct FolderEntry {
  position @0 :UInt64;
  stream @1 :Text;
  event @2 :Text;                # the schema's name: "orderIssued"
  label @3 :Text;                # Spanish, for the desk
  document @4 :Text;
  caseId @5 :Text;
  subscriberNumber @6 :Text;
  actor @7 :Text;
  role @8 :Env.Role;
  recordedAt @9 :Text;
  occurredAt @10 :Text;
  hash @11 :Data $Json.hex;
  credential @12 :Text;          # which credential acted (envelope.capnp's Actor.credential)
  detail @13 :Text;              # Spanish, what the entry records beyond its document: a payment's
                                 # receipt, a refund, the FRM signed, the OEMD an OC installs
  corrects @14 :UInt64 $optional;  # a correction: the position of the entry it corrects
  corrections @15 :List(CorrectionNote) $optional;  # the corrections of this entry, in order
}

# A correction shown beside the entry it corrects.
struct CorrectionNote {
  position @0 :UInt64;           # the correction's own position
  field @1 :Text;
  previousValue @2 :Text;
  correctedValue @3 :Text;
  reason @4 :Text;
  actor @5 :Text;
  role @6 :Env.Role;
  recordedAt @7 :Text;
}

# GET /v1/<entity>s/{id}: the checkpoint, then the record under its entity's name.
struct RecordAnswer {
  asOf @0 :AsOf;
  union {
    client @1 :ClientView;
    case @2 :CaseView;
    order @3 :OrderView;
    subscriber @4 :SubscriberView;
    meter @5 :MeterView;
  }
  subscribers @6 :List(Text) $optional;  # a client's, for the live view
  cases @7 :List(Text) $optional;        # a client's, for the live view
  step @8 :CaseStepView $optional;       # a case's: where it stands and what comes next
}

# A command a case accepts at its current step: its name and the role that issues it (the
# supervisor may also issue the platform's commands).
struct AllowedCommand {
  command @0 :Text;              # the command's name: "recordVisit"
  role @1 :Env.Role;
}

# Where a case stands: the step its procedure expects next, computed by the same pure function
# that refuses commands out of turn (core/domain/case_steps.h), so the two cannot disagree.
struct CaseStepView {
  step @0 :Text;                 # stable id: "recordVisit", ..., "closed"
  manual @1 :Text;               # where the manual describes it: "8.1 paso 4"; "" when closed
  label @2 :Text;                # Spanish, for the desk
  role @3 :Text;                 # the Role name that must act: "technician"; "" when closed
  commands @4 :List(AllowedCommand);  # the commands accepted now, in the manual's order; none when closed
}

# GET /v1/<entity>s/{id}/history and /folder: the entity's id under its name, and its events.
struct EntriesAnswer {
  asOf @0 :AsOf $optional;       # folders only
  union {
    client @1 :Text;
    case @2 :Text;
    order @3 :Text;
    subscriber @4 :Text;
    meter @5 :Text;
  }
  entries @6 :List(FolderEntry);
}

# ---- Tokens, projections, reports, log -----------------------------------------------------

# POST /v1/tokens 201: the token's text, shown once and never stored.
struct TokenIssuedAnswer {
  token @0 :Text;                # "btk_" and 64 hex digits
  actorId @1 :Text;
  role @2 :Env.Role;
}

# GET /v1/tokens (and `bitacora token list --json`): a JSON array of these, in the order issued.
# (The array is the answer itself: capnp-json encodes structs, so the array's brackets are written
# by hand around each encoded entry.)
struct TokenEntry {
  hash @0 :Text;                 # SHA-256 of the token, 64 lowercase hex digits
  actorId @1 :Text;
  role @2 :Env.Role;
  label @3 :Text;
  issuedAtPosition @4 :UInt64;   # position of its tokenIssued event
  revoked @5 :Bool;
}

# GET /v1/users (and `bitacora user list --json`): a JSON array of these, by username. Never the
# password's hash.
struct UserEntry {
  username @0 :Text;
  fullName @1 :Text;
  role @2 :Env.Role;
  agency @3 :Text;               # "" when not given
  window @4 :Text;               # "" when not given
  disabled @5 :Bool;
  createdAt @6 :Text;            # La Paz time of userCreated
  updatedAt @7 :Text;            # La Paz time of the user's latest event
}

# POST /v1/session 200: who signed in, and the CSRF token to send in X-CSRF-Token with every
# request that changes state (the session's id travels only in the HttpOnly cookie).
struct SessionAnswer {
  username @0 :Text;
  role @1 :Env.Role;
  csrfToken @2 :Text;            # 64 hex digits
}

# DELETE /v1/session 200.
struct SignedOutAnswer {
  signedOut @0 :Bool;            # always true: a refusal is an ErrorAnswer
}

# DELETE /v1/tokens/{hash} 200.
struct RevokedAnswer {
  revoked @0 :Bool;              # always true: a refusal is an ErrorAnswer
}

# GET /v1/projections and POST /v1/projections/rebuild: where the views stand.
struct ProjectionsStatus {
  head @0 :UInt64;               # the log's last position
  position @1 :UInt64;           # the last position folded into the views
  lag @2 :UInt64;                # head - position
  lastError @3 :Text $optional;  # the projector's last failure, when it failed
}

# GET /v1/reports/{name} (format=json): a JSON array of these, one per table of the report.
# (The daily control streams its rows in chunks, so this array is written as it is read.)
struct ReportTable {
  title @0 :Text;                # Spanish, as printed
  notes @1 :List(Text);          # lines under the title: stamp, period, remarks
  headings @2 :List(Text);
  rows @3 :List(List(Text));     # cells as printed, one list per row
}

# GET /v1/log: a page of the log. The events are each Envelope in capnp-json, spliced into the
# page as they are read from the store (never decoded and re-encoded).
struct LogPage {
  head @0 :UInt64;               # the log's last position when the page was read
  events @1 :List(Env.Envelope);
  next @2 :UInt64;               # the position to ask for next (from=)
}

# One read of a client's personal data, as the server's access log of reads keeps it (one JSON
# line each in <data>/reads.jsonl, private to the ledger's user; docs/privacy.md).
struct PersonalDataRead {
  at @0 :Text;                   # when, La Paz time with its offset (2026-12-07T13:05:00-04:00)
  actor @1 :Text;
  role @2 :Env.Role;
  credential @3 :Text;           # which credential read (envelope.capnp's Actor.credential)
  route @4 :Text;                # as declared: "GET /v1/clients/{id}", "GET /v1/log"
  subject @5 :Text;              # the client's CI, or the log positions read ("1-100")
}

# GET /v1/reads?client=&actor=&limit=: the latest matching reads, oldest first (auditor only).
struct ReadsAnswer {
  reads @0 :List(PersonalDataRead);
}

# GET /v1/queues/{name}[?actor=][&date=]: the orders waiting for someone (docs/rest.md, "Queues").
struct QueueEntry {
  orderNumber @0 :Text;
  orderType @1 :Text;            # "ORT", "COT", ...
  caseId @2 :Text;
  clientCi @3 :Text;
  subscriberNumber @4 :Text;
  actor @5 :Text;                # whom the entry waits on or came from (per queue, docs/rest.md)
  since @6 :Text;                # La Paz date-time it entered the queue
  totalCentavos @7 :Int64;       # a quote's total; 0 for other orders
}

struct QueueAnswer {
  asOf @0 :AsOf;
  queue @1 :Text;                # the queue's name: "with-technicians", ...
  actor @2 :Text;                # the actor filter; "" for everyone
  date @3 :Text;                 # the La Paz date asked for (awaiting-verification); "" otherwise
  entries @4 :List(QueueEntry);  # oldest first
}

# ---- Requests that are not commands: decoded strictly (no member the struct lacks) -------------

# POST /v1/tokens.
struct TokenRequest {
  actorId @0 :Text;              # who will act with the token
  role @1 :Text;                 # a role's name (Role), any case: "platform", "Technician"...
  label @2 :Text $optional;      # free note: what or whom it is for
}

# POST /v1/session.
struct SessionRequest {
  username @0 :Text;
  password @1 :Text;             # checked against the user's Argon2id hash; never stored
}

# POST /v1/backup.
struct BackupRequest {
  out @0 :Text;                  # absolute path of a new or empty folder on the server's host
}

# ---- Reference data: GET /v1/reference (the answer) and `bitacora reference load` (the request) --

# The checklist of documents the client brings for one case kind and tariff category (8.1 step 2:
# "verificar que la documentación presentada por el cliente sea la correcta y esté completa").
struct ChecklistEntry {
  caseKind @0 :Ev.CaseKind;
  tariffCategory @1 :Ev.TariffCategory;
  documents @2 :List(Text);      # as the clerk reads them to the client
}

struct TariffEntry {
  category @0 :Ev.TariffCategory;
  description @1 :Text;
  fixedChargeCentavos @2 :Int64;
  energyChargeCentavosPerKwh @3 :Int64;
}

struct TechnicianOnDuty {
  name @0 :Text;
  phone @1 :Text;
}

# A whole set of reference data. As a request (`bitacora reference load FILE.json`) each part
# present becomes the supervisor's command for it; as part of an answer, what is in force.
struct ReferenceSet {
  checklists @0 :List(ChecklistEntry);
  materialPrices @1 :List(MaterialPriceEntry);
  tariffs @2 :List(TariffEntry);
  technicianOnDuty @3 :TechnicianOnDuty $optional;  # absent: none named yet (or not loaded)
  holidays @4 :List(Text);       # La Paz dates "YYYY-MM-DD" that are not working days
}

struct MaterialPriceEntry {
  code @0 :Text;
  description @1 :Text;
  unit @2 :Text;
  priceCentavos @3 :Int64;       # bolivianos × 100, per unit
}

# GET /v1/reference[?as_of=YYYY-MM-DD] and `bitacora reference --json`.
struct ReferenceAnswer {
  asOf @0 :Text;                 # the La Paz date asked for; "" for the current data
  position @1 :UInt64;           # the last reference event included (0: none recorded)
  reference @2 :ReferenceSet;
}
