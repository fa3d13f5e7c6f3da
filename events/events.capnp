@0xe09f7856483a814b;
# The domain's events: one union, one member per event type. PINNED: never renumber or retype
# a member; new events take the next ordinal at the end of the union.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");
using Json = import "/capnp/compat/json.capnp";  # annotations only: they change no stored byte

struct Event {
  union {
    commentRecorded @0 :CommentRecorded;
    correctionRecorded @1 :CorrectionRecorded;

    # Reference data, stream "reference" (supervisor).
    requirementChecklistSet @2 :RequirementChecklistSet;
    materialPricesSet @3 :MaterialPricesSet;
    tariffSet @4 :TariffSet;
    technicianOnDutySet @5 :TechnicianOnDutySet;
    holidaysSet @55 :HolidaysSet;

    # Client (socio/usuario), stream "client-<CI number[-complement]>" (platform).
    clientRegistered @6 :ClientRegistered;
    clientDataUpdated @7 :ClientDataUpdated;
    clientFolderRecorded @8 :ClientFolderRecorded;

    # Case (trámite), stream "case-<TRA-yyyy-nnnnnn>".
    caseOpened @9 :CaseOpened;
    documentsAccepted @10 :DocumentsAccepted;
    documentsFoundIncomplete @11 :DocumentsFoundIncomplete;
    caseClientRecorded @12 :CaseClientRecorded;
    caseOrderLinked @13 :CaseOrderLinked;
    installationReported @14 :InstallationReported;
    caseSubscriberAssigned @15 :CaseSubscriberAssigned;
    viabilityDecided @16 :ViabilityDecided;
    caseMeterAssigned @17 :CaseMeterAssigned;
    contractSigned @18 :ContractSigned;
    documentsHandedOver @19 :DocumentsHandedOver;
    folderAssembled @20 :FolderAssembled;
    cutConditionsExplained @21 :CutConditionsExplained;
    clientConfirmedRequest @22 :ClientConfirmedRequest;
    caseClosed @23 :CaseClosed;
    caseReceivedByOdeco @24 :CaseReceivedByOdeco;

    # Order (form), stream "order-<TYPE-yyyy-nnnnnn>".
    orderIssued @25 :OrderIssued;
    orderHandedToTechnician @26 :OrderHandedToTechnician;
    orderReturned @27 :OrderReturned;
    reconnectionInspectionProcessed @28 :ReconnectionInspectionProcessed;
    orderVerified @29 :OrderVerified;
    orderSentBack @30 :OrderSentBack;
    orderRegisteredInDailyControl @31 :OrderRegisteredInDailyControl;
    requirementsOrderProcessed @32 :RequirementsOrderProcessed;
    orderArchived @33 :OrderArchived;
    orderSentToOdeco @34 :OrderSentToOdeco;
    orderProcessedByOdeco @35 :OrderProcessedByOdeco;
    orderSentToCpd @36 :OrderSentToCpd;
    orderReceivedByCpd @37 :OrderReceivedByCpd;
    orderAnnulled @38 :OrderAnnulled;

    # Subscriber (abonado), stream "subscriber-<number>".
    subscriberCreated @39 :SubscriberCreated;
    subscriberStatusChanged @40 :SubscriberStatusChanged;
    subscriberMeterInstalled @41 :SubscriberMeterInstalled;
    subscriberMeterRemoved @42 :SubscriberMeterRemoved;
    subscriberAddressChanged @43 :SubscriberAddressChanged;
    serviceCaseOpened @44 :ServiceCaseOpened;
    serviceCaseClosed @45 :ServiceCaseClosed;

    # Meter (medidor), stream "meter-<serial>".
    meterRegistered @46 :MeterRegistered;
    meterDelivered @47 :MeterDelivered;
    meterInstalled @48 :MeterInstalled;
    meterRemoved @49 :MeterRemoved;

    # API tokens, stream "token-<SHA-256 of the token, hex>" (written by `bitacora token`).
    tokenIssued @50 :TokenIssued;
    tokenRevoked @51 :TokenRevoked;

    # A supervisor's note on any stream but a token's (recordNote, `bitacora append`).
    noteRecorded @52 :NoteRecorded;

    # A case that does not complete: closed as withdrawn (case stream), and its ORT left without
    # processing at completion, free to be archived or sent to ODECO (ORT stream).
    caseWithdrawn @53 :CaseWithdrawn;
    requirementsOrderUnfinished @54 :RequirementsOrderUnfinished;

    # Cash and paper trail (case stream).
    paymentRefunded @56 :PaymentRefunded;
    meterRegistrationGuideIssued @57 :MeterRegistrationGuideIssued;

    # Users who sign in with a password, stream "user-<username>" (supervisor).
    userCreated @58 :UserCreated;
    userRoleChanged @59 :UserRoleChanged;
    userPasswordReset @60 :UserPasswordReset;
    userDisabled @61 :UserDisabled;

    # Sign-ins (recordSignIn, role system): the user's stream, or "sign-ins" for no such user.
    signedIn @62 :SignedIn;
    signInFailed @63 :SignInFailed;
  }
}

# A free-text note by the desk on a stream (a case, a client): what was said or observed.
struct CommentRecorded {
  text @0 :Text;
}

# A supervisor puts a recorded event right without rewriting it: names it and says why.
# Appended to the corrected event's stream; the views and the domain read that event as if the
# field had held correctedValue (core/domain/correction.h).
struct CorrectionRecorded {
  correctedPosition @0 :UInt64;
  reason @1 :Text;
  correctedValue @2 :Text;   # the value that should have been recorded, as text
  field @3 :Text;            # the corrected event's payload field, as named here ("fullName")
  correctedEvent @4 :Text;   # the corrected event's type ("clientRegistered")
  previousValue @5 :Text;    # what the field held before this correction
}

# ---- Vocabulary shared by events and commands (events/commands.capnp imports it). ----

# The procedure a case runs (manual 8.1–8.4); 8.1 has several kinds.
enum CaseKind {
  newConnection @0;      # 8.1 nueva conexión
  relocation @1;         # 8.1 traslado
  meterChange @2;        # 8.1 cambio de medidor
  serviceDropRepair @3;  # 8.1 cambio o reparación de acometida
  derivedConnection @4;  # 8.1 derivado
  reconnection @5;       # 8.2 reconexión
  cut @6;                # 8.3 corte de servicio a solicitud del socio (temporal)
  removal @7;            # 8.4 suspensión o retiro del medidor (definitivo)
}

# Tariff categories of Bolivian distribution.
enum TariffCategory {
  residential @0;      # Residencial (domiciliaria)
  general @1;          # General (comercial)
  industrialSmall @2;  # Industrial Menor
  industrialLarge @3;  # Industrial Mayor
  publicLighting @4;   # Alumbrado Público
}

# The printed forms, each numbered per type and year (e.g. ORT-2026-000123).
enum OrderType {
  ort @0;   # Orden de Requisitos Técnicos
  cot @1;   # Cotización de Materiales
  oem @2;   # Orden de Entrega de Materiales
  oit @3;   # Orden de Inspección Técnica
  frm @4;   # Formulario de Registro de Medidor
  oc @5;    # Orden de Conexión
  oemd @6;  # Orden de Entrega de Medidor
  con @7;   # Contrato
  ocs @8;   # Orden de Corte de Servicio
  osr @9;   # Orden de Suspensión o Retiro del Medidor
}

enum InspectionKind {
  newInstallation @0;  # Nueva Instalación
  relocation @1;       # Traslado
  derived @2;          # Derivado
  reconnection @3;     # Reconexión
}

# Who owns the meter.
enum MeterOwnership {
  bought @0;  # bought by the client
  lent @1;    # lent by the cooperative (préstamo)
  giz @2;     # GIZ programme
}

# Subscriber service status: the letters of the cooperative's systems.
enum SubscriberStatus {
  inConnection @0;  # X
  normal @1;        # N
  suspended @2;     # S (cut)
  retired @3;       # R
}

# Where a client with incomplete documents is sent.
enum Referral {
  guidance @0;     # orientación para obtener los documentos
  legalAdvice @1;  # Asesoría Legal
}

# What an OSR does (8.4).
enum RemovalMode {
  suspension @0;  # suspensión definitiva: subscriber S, meter removed
  removal @1;     # retiro del medidor: subscriber R, meter removed
}

enum CaseOutcome {
  completed @0;  # the procedure ran to its end
  notViable @1;  # 8.1 step 10: not viable, client informed, sent to ODECO
}

# ---- Reference data ----

# The documents a case kind requires for a tariff category (8 b: requisitos).
struct RequirementChecklistSet {
  caseKind @0 :CaseKind;
  tariffCategory @1 :TariffCategory;
  documents @2 :List(Text);
}

struct MaterialPrice {
  code @0 :Text;
  description @1 :Text;
  unit @2 :Text;
  priceCentavos @3 :Int64;  # bolivianos × 100, per unit
}

# Prices in force from this event on; items not named keep their price.
struct MaterialPricesSet {
  items @0 :List(MaterialPrice);
}

struct TariffSet {
  category @0 :TariffCategory;
  description @1 :Text;
  fixedChargeCentavos @2 :Int64;          # cargo fijo mensual
  energyChargeCentavosPerKwh @3 :Int64;   # cargo por energía
}

struct TechnicianOnDutySet {
  name @0 :Text;
  phone @1 :Text;
}

# The holidays from now on (the whole list, sorted), as setHolidays gave them.
struct HolidaysSet {
  dates @0 :List(Text);
}

# ---- Client ----

struct ClientRegistered {
  ci @0 :Text;            # normalized identity: number[-complement]
  ciDepartment @1 :Text;  # issuing department (LP, CB, ...), may be empty
  fullName @2 :Text;
  address @3 :Text;
  phone @4 :Text;
  caseId @5 :Text;        # the case during which the client was registered, if any
}

struct ClientDataUpdated {
  ciDepartment @0 :Text;
  fullName @1 :Text;
  address @2 :Text;
  phone @3 :Text;
  caseId @4 :Text;
}

# A folder (carpeta) was assembled for the client in a case (8.1 step 15, 8.2 step 10).
struct ClientFolderRecorded {
  caseId @0 :Text;
  subscriberNumber @1 :Text;
}

# ---- Case ----

struct CaseOpened {
  caseId @0 :Text;
  kind @1 :CaseKind;
  clientCi @2 :Text;
  tariffCategory @3 :TariffCategory;
  address @4 :Text;             # service address (the new one for a relocation)
  subscriberNumber @5 :Text;    # for kinds that act on an existing subscriber
  clientHasFolder @6 :Bool;     # 8.2 step 1: the client already has a folder
}

struct DocumentsAccepted {
  documents @0 :List(Text);
}

# 8.1 step 2 "No cumple": the case waits at step 1.
struct DocumentsFoundIncomplete {
  presented @0 :List(Text);
  missing @1 :List(Text);
  referral @2 :Referral;
}

struct CaseClientRecorded {
  clientCi @0 :Text;
}

# An order was issued for the case (so the case knows its forms).
struct CaseOrderLinked {
  orderNumber @0 :Text;
  orderType @1 :OrderType;
}

# 8.1 step 7: the client reports the installation done by an authorised external technician.
struct InstallationReported {
  installerName @0 :Text;
  notes @1 :Text;
}

struct CaseSubscriberAssigned {
  subscriberNumber @0 :Text;
}

# 8.1 step 10.
struct ViabilityDecided {
  inspectionOrderNumber @0 :Text;
  viable @1 :Bool;
  reasons @2 :List(Text);
  clientInformed @3 :Bool;
}

# 8.1 step 11: the meter the case connects.
struct CaseMeterAssigned {
  meterSerial @0 :Text;
  ownership @1 :MeterOwnership;
}

# 8.1 step 13 / 8.2 step 8: the client signed the contract and, when the case has one, the FRM.
struct ContractSigned {
  contractOrderNumber @0 :Text;
  frmOrderNumber @1 :Text;  # the FRM signed with it; empty when the case has none (bought meter)
}

# 8.1 step 14.
struct DocumentsHandedOver {
  toClient @0 :List(Text);       # order numbers (contract copy, FRM)
  toTechnician @1 :List(Text);   # order numbers (OC, OEMD)
}

# 8.1 step 15: every document of the case.
struct FolderAssembled {
  documents @0 :List(Text);
}

# 8.3 step 2.
struct CutConditionsExplained {
  conditions @0 :Text;
}

# 8.3 step 3.
struct ClientConfirmedRequest {}

struct CaseClosed {
  outcome @0 :CaseOutcome;
  sentToOdeco @1 :Bool;
  reasons @2 :List(Text);
}

# ODECO received a non-viable case.
struct CaseReceivedByOdeco {}

# ---- Order ----

struct QuoteLine {
  code @0 :Text;
  description @1 :Text;
  unit @2 :Text;
  quantity @3 :Int64;
  unitPriceCentavos @4 :Int64;
  subtotalCentavos @5 :Int64;
}

struct MaterialLine {
  code @0 :Text;
  quantity @1 :Int64;
}

# The contract's data, copied from the client and subscriber (8.1 step 12).
struct ContractTerms {
  clientCi @0 :Text;
  fullName @1 :Text;
  address @2 :Text;
  subscriberNumber @3 :Text;
  tariffCategory @4 :TariffCategory;
}

struct OrderIssued {
  orderNumber @0 :Text;       # e.g. ORT-2026-000123
  orderType @1 :OrderType;
  year @2 :UInt16;
  sequence @3 :UInt64;        # gap-free per type and year
  caseId @4 :Text;
  clientCi @5 :Text;
  subscriberNumber @6 :Text;
  attachedDocuments @7 :List(Text);   # ORT: the documents presented
  quoteLines @8 :List(QuoteLine);     # COT, OEM
  totalCentavos @9 :Int64;            # COT: the total; OEM: the amount paid
  relatedOrderNumber @10 :Text;       # COT: the ORT; OEM: the COT; OC: the OEMD it installs
  inspectionKind @11 :InspectionKind; # OIT
  meterSerial @12 :Text;              # FRM, OC, OEMD
  meterOwnership @13 :MeterOwnership; # FRM, OEMD
  contract @14 :ContractTerms;        # CON
  removalMode @15 :RemovalMode;       # OSR
  signedByClient @16 :Bool;           # OCS, OSR
  receiptNumber @17 :Text;            # OEM: the cashier's receipt for the payment (8.1 step 6)
}

struct OrderHandedToTechnician {
  technician @0 :Text;
}

# The order came back from the field (8.5 step 1), executed or not, with what was done.
struct OrderReturned {
  executed @0 :Bool;
  notExecutedReason @1 :Text;
  workDoneAtNs @2 :Int64;            # business time of the visit / work
  materials @3 :List(MaterialLine);  # ORT: materials detail; OEM: delivered quantities
  planReference @4 :Text;            # ORT
  notes @5 :Text;
  satisfactory @6 :Bool;             # OIT
  findings @7 :List(Text);           # OIT
  meterSerial @8 :Text;              # OC: meter energized
  meterReading @9 :Int64;            # OC, OCS, OSR: reading in kWh
}

# 8.2 step 6: the reconnection OIT processed after the window.
struct ReconnectionInspectionProcessed {}

struct OrderVerified {}

struct OrderSentBack {
  reasons @0 :List(Text);
}

struct OrderRegisteredInDailyControl {
  controlDate @0 :Text;  # local date, YYYY-MM-DD
}

# 8.1 step 16 / 8.5 step 7: the ORT processed once the connection is validated.
struct RequirementsOrderProcessed {}

struct OrderArchived {}

struct OrderSentToOdeco {}

struct OrderProcessedByOdeco {
  processingDate @0 :Text;  # local date, YYYY-MM-DD
}

struct OrderSentToCpd {
  batchMonth @0 :Text;  # YYYY-MM
}

struct OrderReceivedByCpd {
  batchMonth @0 :Text;
}

struct OrderAnnulled {
  reason @0 :Text;
}

# ---- Subscriber ----

struct SubscriberCreated {
  subscriberNumber @0 :Text;
  clientCi @1 :Text;
  address @2 :Text;
  tariffCategory @3 :TariffCategory;
  caseId @4 :Text;
}

struct SubscriberStatusChanged {
  status @0 :SubscriberStatus;
  caseId @1 :Text;
  reason @2 :Text;
}

struct SubscriberMeterInstalled {
  meterSerial @0 :Text;
}

struct SubscriberMeterRemoved {
  meterSerial @0 :Text;
}

struct SubscriberAddressChanged {
  address @0 :Text;
}

# A cut or reconnection case is open on the subscriber (one at a time).
struct ServiceCaseOpened {
  caseId @0 :Text;
  kind @1 :CaseKind;
}

struct ServiceCaseClosed {
  caseId @0 :Text;
}

# ---- Meter ----

struct MeterRegistered {
  meterSerial @0 :Text;
  ownership @1 :MeterOwnership;
  clientCi @2 :Text;
  caseId @3 :Text;
  brand @4 :Text;
}

struct MeterDelivered {
  orderNumber @0 :Text;  # the OEMD
}

struct MeterInstalled {
  subscriberNumber @0 :Text;
}

struct MeterRemoved {
  subscriberNumber @0 :Text;
  returnedToCooperative @1 :Bool;  # lent or GIZ meters go back to the cooperative
}

# ---- API tokens ----

# A bearer token for the REST API was created. The token itself is shown once and never stored:
# only its SHA-256.
struct TokenIssued {
  tokenHash @0 :Data $Json.hex;  # SHA-256 of the token's text
  actorId @1 :Text;              # who acts with it
  role @2 :Text;                 # the Role's schema name ("platform", "cashier", ...)
  label @3 :Text;                # free note: what or whom it is for
}

# The token stops working from this event on.
struct TokenRevoked {
  tokenHash @0 :Data $Json.hex;
  reason @1 :Text;
}

# ---- Notes ----

# A supervisor's free-text note on a stream (recordNote; `bitacora append --stream --text`).
struct NoteRecorded {
  text @0 :Text;
}

# ---- A case that does not complete ----

# The case is closed as withdrawn (withdrawCase): the client desisted or never came back.
struct CaseWithdrawn {
  reason @0 :Text;
}

# The ORT's case ended without completion (not viable, withdrawn): the ORT will not be processed
# at completeCase; it goes to the archive or to ODECO (8.1 step 4).
struct RequirementsOrderUnfinished {
  reason @0 :Text;
}

# ---- Cash and paper trail ----

# The cashier gave back the payment of a case that did not complete (refundPayment).
struct PaymentRefunded {
  paymentOrderNumber @0 :Text;  # the OEM the payment issued
  receiptNumber @1 :Text;       # the payment's receipt
  amountCentavos @2 :Int64;     # the amount given back: all that was paid
  reason @3 :Text;
}

# 8.1 step 11 / 8.2 step 6: the Guía de Registro de Medidor, issued with the FRM (lent or GIZ
# meter) and a document of the case's folder.
struct MeterRegistrationGuideIssued {
  frmOrderNumber @0 :Text;  # the FRM it goes with
  meterSerial @1 :Text;
}

# ---- Users ----

# A user who signs in with a password was created (createUser). The password is never stored:
# only its Argon2id encoded hash, made outside the ledger.
struct UserCreated {
  username @0 :Text;
  fullName @1 :Text;
  role @2 :Text;          # the Role's schema name ("platform", "cashier", ...)
  agency @3 :Text;        # empty when not given
  window @4 :Text;        # empty when not given
  passwordHash @5 :Text;  # Argon2id encoded hash ("$argon2id$v=19$m=...")
}

# The user acts with another role from this event on (changeUserRole).
struct UserRoleChanged {
  username @0 :Text;
  role @1 :Text;          # the new role's schema name
  previousRole @2 :Text;
}

# The user's password was replaced (resetUserPassword): only the new Argon2id encoded hash.
struct UserPasswordReset {
  username @0 :Text;
  passwordHash @1 :Text;
}

# The user can no longer sign in, and the user's sessions end (disableUser).
struct UserDisabled {
  username @0 :Text;
  reason @1 :Text;
}

# ---- Sign-ins ----

# A user signed in with the right password: a session was opened (app/sessions.h).
struct SignedIn {
  username @0 :Text;
  address @1 :Text;   # the client's address
  session @2 :Text;   # the session's credential ("session:" and 16 hex digits), never its id
}

# A sign-in was refused. Never the password typed.
struct SignInFailed {
  username @0 :Text;  # "" when what was typed is not a username
  address @1 :Text;
  reason @2 :Text;    # wrong_password, user_not_found, user_disabled, username_malformed
}
