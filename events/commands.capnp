@0xc4a1d2e3f5b60718;
# Commands: what a person at the desk (or in the field) asks the ledger to record. The CLI and
# the REST API are derived from these schemas by reflection; field names are the flag / JSON names.
# The actor (id and role) is not part of a command: it comes from authentication.
# Each text field's maximum length and whether it may hold line breaks: the one table in
# app/field_limits.cc (refused at decode with field_too_long / control_character).
# docs/procedures.md tells which step of which procedure each command is.

using Cxx = import "/capnp/c++.capnp";
$Cxx.namespace("bitacora::schema");

using Ev = import "events.capnp";
using Env = import "envelope.capnp";

struct Command {
  commandId @0 :Text;      # idempotency key: the same id takes effect once
  occurredAtNs @1 :Int64;  # business time (UTC ns) when it differs from now; 0 = now
  # Why the business time lies more than a day before now (supervisor only; docs/procedures.md,
  # "Business time"); recorded in every envelope of the command. Empty when not back-dated.
  backdatingReason @52 :Text;

  union {
    # Reference data (supervisor).
    setRequirementChecklist @2 :SetRequirementChecklist;
    setMaterialPrices @3 :SetMaterialPrices;
    setTariff @4 :SetTariff;
    setTechnicianOnDuty @5 :SetTechnicianOnDuty;
    setHolidays @51 :SetHolidays;

    # Clients and cases (platform).
    openCase @6 :OpenCase;
    presentDocuments @7 :PresentDocuments;
    registerClient @8 :RegisterClient;
    issueRequirementsOrder @9 :IssueRequirementsOrder;
    recordVisit @10 :RecordVisit;
    issueQuote @11 :IssueQuote;
    recordPayment @12 :RecordPayment;
    recordMaterialsDelivery @13 :RecordMaterialsDelivery;
    reportInstallation @14 :ReportInstallation;
    issueInspectionOrder @15 :IssueInspectionOrder;
    recordInspectionResult @16 :RecordInspectionResult;
    processReconnectionInspection @17 :ProcessReconnectionInspection;
    decideViability @18 :DecideViability;
    registerMeter @19 :RegisterMeter;
    issueConnectionOrder @20 :IssueConnectionOrder;
    prepareContract @21 :PrepareContract;
    recordContractSigned @22 :RecordContractSigned;
    handOverDocuments @23 :HandOverDocuments;
    recordMeterDelivery @24 :RecordMeterDelivery;
    assembleFolder @25 :AssembleFolder;
    recordEnergization @26 :RecordEnergization;
    completeCase @27 :CompleteCase;

    # 8.3 and 8.4.
    recordCutConditionsExplained @28 :RecordCutConditionsExplained;
    recordClientConfirmation @29 :RecordClientConfirmation;
    issueCutOrder @30 :IssueCutOrder;
    recordCutExecuted @31 :RecordCutExecuted;
    issueRemovalOrder @32 :IssueRemovalOrder;
    recordRemovalExecuted @33 :RecordRemovalExecuted;

    # 8.5 returned orders, and any order.
    handOrderToTechnician @34 :HandOrderToTechnician;
    recordOrderNotExecuted @35 :RecordOrderNotExecuted;
    verifyReturnedOrder @36 :VerifyReturnedOrder;
    sendBackOrder @37 :SendBackOrder;
    registerInDailyControl @38 :RegisterInDailyControl;
    archiveOrder @39 :ArchiveOrder;
    sendOrdersToOdeco @40 :SendOrdersToOdeco;
    processOrdersAtOdeco @41 :ProcessOrdersAtOdeco;
    sendMonthlyBatchToCpd @42 :SendMonthlyBatchToCpd;
    receiveCpdBatch @43 :ReceiveCpdBatch;
    annulOrder @44 :AnnulOrder;
    receiveNonViableCase @45 :ReceiveNonViableCase;

    # Corrections (supervisor).
    recordCorrection @46 :RecordCorrection;

    # API tokens and notes (supervisor).
    issueToken @47 :IssueToken;
    revokeToken @48 :RevokeToken;
    recordNote @49 :RecordNote;

    # A case that will not run to its end (platform or supervisor).
    withdrawCase @50 :WithdrawCase;

    # Cash (cashier).
    refundPayment @53 :RefundPayment;

    # Users who sign in with a password (supervisor).
    createUser @54 :CreateUser;
    changeUserRole @55 :ChangeUserRole;
    resetUserPassword @56 :ResetUserPassword;
    disableUser @57 :DisableUser;

    # Sign-ins, recorded by the server itself (role system).
    recordSignIn @58 :RecordSignIn;
  }
}

# ---- Reference data ----

# Replaces the document checklist for one case kind and tariff category.
struct SetRequirementChecklist {
  caseKind @0 :Ev.CaseKind;
  tariffCategory @1 :Ev.TariffCategory;
  documents @2 :List(Text);  # names of the documents the client must present
}

# Sets the price of the listed materials from now on (a quote uses the prices in force when issued).
struct SetMaterialPrices {
  items @0 :List(Ev.MaterialPrice);
}

struct SetTariff {
  category @0 :Ev.TariffCategory;
  description @1 :Text;
  fixedChargeCentavos @2 :Int64;
  energyChargeCentavosPerKwh @3 :Int64;
}

struct SetTechnicianOnDuty {
  name @0 :Text;
  phone @1 :Text;
}

# Replaces the list of holidays (feriados): La Paz dates that are not working days, which every
# working-day figure of the reports skips.
struct SetHolidays {
  dates @0 :List(Text);  # "YYYY-MM-DD", each a real date, none twice
}

# ---- 8.1 / 8.2 ----

# Starts a case (trámite) for a client: 8.1 step 1, 8.2 step 1, 8.3 step 1, 8.4 step 1.
struct OpenCase {
  kind @0 :Ev.CaseKind;
  clientCi @1 :Text;               # carnet de identidad, e.g. "1234567-1A LP"
  tariffCategory @2 :Ev.TariffCategory;
  address @3 :Text;                # service address (new address for a relocation)
  subscriberNumber @4 :Text;       # required for relocation, meter change, drop repair,
                                   # reconnection, cut and removal
}

# 8.1 steps 1–2: the documents the client presents, checked against the checklist.
struct PresentDocuments {
  caseId @0 :Text;
  documents @1 :List(Text);
  referral @2 :Ev.Referral;  # where the client is sent if something is missing
}

# 8.1 step 2: register the client by CI if new, or update their data. Without caseId it is a
# plain update of the client's data.
struct RegisterClient {
  caseId @0 :Text;
  clientCi @1 :Text;
  fullName @2 :Text;
  address @3 :Text;
  phone @4 :Text;
}

# 8.1 step 3 / 8.2 step 4: print the ORT with the presented documents attached.
struct IssueRequirementsOrder {
  caseId @0 :Text;
}

# 8.1 step 4 (technician): the visit, returning the ORT with the materials detail and plan.
struct RecordVisit {
  orderNumber @0 :Text;  # the ORT
  materials @1 :List(Ev.MaterialLine);
  planReference @2 :Text;
  notes @3 :Text;
}

# 8.1 step 5: the quote (COT) from the materials detail at the prices in force.
struct IssueQuote {
  caseId @0 :Text;
}

# 8.1 step 6 (cashier): payment of the quote; issues the OEM.
struct RecordPayment {
  caseId @0 :Text;
  amountCentavos @1 :Int64;
  receiptNumber @2 :Text;
}

# 8.1 step 6 (warehouse): materials handed out against the OEM.
struct RecordMaterialsDelivery {
  orderNumber @0 :Text;  # the OEM
  items @1 :List(Ev.MaterialLine);
}

# 8.1 step 7: the client reports the installation done by an authorised external technician.
struct ReportInstallation {
  caseId @0 :Text;
  installerName @1 :Text;
  notes @2 :Text;
}

# 8.1 step 8 / 8.2 step 5: create the subscriber number (if the case has none) and issue the OIT.
struct IssueInspectionOrder {
  caseId @0 :Text;
}

# 8.1 step 9 (technician): the on-site validation.
struct RecordInspectionResult {
  orderNumber @0 :Text;  # the OIT
  satisfactory @1 :Bool;
  findings @2 :List(Text);
}

# 8.2 step 6: process the reconnection OIT, only after the window since its emission.
struct ProcessReconnectionInspection {
  caseId @0 :Text;
}

# 8.1 step 10.
struct DecideViability {
  caseId @0 :Text;
  viable @1 :Bool;
  reasons @2 :List(Text);  # required when not viable
  clientInformed @3 :Bool;  # 8.1 step 10: the clerk told the client (at the new visit); as recorded
}

# 8.1 step 11: the meter, bought (serial) or lent / GIZ (issues FRM and OEMD).
struct RegisterMeter {
  caseId @0 :Text;
  meterSerial @1 :Text;
  ownership @2 :Ev.MeterOwnership;
  brand @3 :Text;
}

# 8.1 step 11 / 8.2 step 6: the connection order.
struct IssueConnectionOrder {
  caseId @0 :Text;
}

# 8.1 step 12: the contract from the client's data.
struct PrepareContract {
  caseId @0 :Text;
}

# 8.1 step 13 / 8.2 step 8 "Firmar los documentos que correspondan": the client signed the
# contract and, when the case has one (lent or GIZ meter), the Formulario de Registro de Medidor.
struct RecordContractSigned {
  caseId @0 :Text;
  frmSigned @1 :Bool;  # the client signed the FRM too; required when the case has an FRM
}

# 8.1 step 14: contract copy (and FRM) to the client, OC (and OEMD) to the technician.
struct HandOverDocuments {
  caseId @0 :Text;
  technician @1 :Text;
}

# Warehouse hands out a lent / GIZ meter against the OEMD.
struct RecordMeterDelivery {
  orderNumber @0 :Text;  # the OEMD
}

# 8.1 step 15.
struct AssembleFolder {
  caseId @0 :Text;
}

# Technician: the OC executed, the meter energized.
struct RecordEnergization {
  orderNumber @0 :Text;  # the OC
  meterSerial @1 :Text;
  meterReading @2 :Int64;
}

# 8.1 step 16 / 8.2 step 11: process the ORT (if any) after energization; the case is complete.
struct CompleteCase {
  caseId @0 :Text;
}

# ---- 8.3 / 8.4 ----

struct RecordCutConditionsExplained {
  caseId @0 :Text;
  conditions @1 :Text;  # conditions of the cut and times to ask for a reconnection
}

struct RecordClientConfirmation {
  caseId @0 :Text;
}

struct IssueCutOrder {
  caseId @0 :Text;
  signedByClient @1 :Bool;
}

struct RecordCutExecuted {
  orderNumber @0 :Text;  # the OCS
  meterReading @1 :Int64;
}

struct IssueRemovalOrder {
  caseId @0 :Text;
  mode @1 :Ev.RemovalMode;
  signedByClient @2 :Bool;
}

struct RecordRemovalExecuted {
  orderNumber @0 :Text;  # the OSR
  meterReading @1 :Int64;
}

# ---- 8.5 ----

# 8.2 step 9 / 8.1 step 14: one order, or (caseId set, orderNumber empty) every order of
# the case still with the desk, handed over in one command.
struct HandOrderToTechnician {
  orderNumber @0 :Text;
  technician @1 :Text;
  caseId @2 :Text;
}

# Technician returns an order not executed, with the reason.
struct RecordOrderNotExecuted {
  orderNumber @0 :Text;
  reason @1 :Text;
}

# 8.5 step 2: one order (orderNumber) or many (orderNumbers); all or none.
struct VerifyReturnedOrder {
  orderNumber @0 :Text;
  orderNumbers @1 :List(Text);
}

# The returned order is filled wrongly: back to the technician with the reasons.
struct SendBackOrder {
  orderNumber @0 :Text;
  reasons @1 :List(Text);
}

# "Control diario de Órdenes": the verified orders received today.
struct RegisterInDailyControl {
  orderNumbers @0 :List(Text);
}

# ORTs are archived in order and date once processed.
struct ArchiveOrder {
  orderNumber @0 :Text;
}

# The other orders go to ODECO.
struct SendOrdersToOdeco {
  orderNumbers @0 :List(Text);
}

# ODECO's daily processing.
struct ProcessOrdersAtOdeco {
  orderNumbers @0 :List(Text);
}

# ODECO's monthly batch to CPD: orders processed in that month.
struct SendMonthlyBatchToCpd {
  batchMonth @0 :Text;  # YYYY-MM
  orderNumbers @1 :List(Text);
}

# CPD receives the batch.
struct ReceiveCpdBatch {
  batchMonth @0 :Text;
  orderNumbers @1 :List(Text);
}

# Only before the order is executed, with a reason; the number stays used.
struct AnnulOrder {
  orderNumber @0 :Text;
  reason @1 :Text;
}

# ODECO receives a case closed as not viable.
struct ReceiveNonViableCase {
  caseId @0 :Text;
}

# A supervisor puts a recorded event right: names it by position, names the field of its payload
# that was typed wrong (as events.capnp names it: "fullName"), gives the value it should have had,
# and says why. Only text a person typed can be corrected (docs/procedures.md, "Corrections").
struct RecordCorrection {
  correctedPosition @0 :UInt64;
  reason @1 :Text;
  correctedValue @2 :Text;
  field @3 :Text;
}

# ---- API tokens and notes (supervisor) ----

# Issues a bearer token for the REST API: tokenIssued on stream "token-<tokenHash>". The token's
# text is made by whoever sends the command (app/tokens.cc) and never reaches the ledger.
struct IssueToken {
  tokenHash @0 :Text;  # SHA-256 of the token's text, 64 lowercase hex digits
  actorId @1 :Text;    # who acts with it
  role @2 :Env.Role;   # as what
  label @3 :Text;      # free note: what or whom it is for
}

# Revokes a token: tokenRevoked on its stream; it stops working at once.
struct RevokeToken {
  tokenHash @0 :Text;  # 64 lowercase hex digits
  reason @1 :Text;
}

# A free-text note on a stream (noteRecorded): what `bitacora append` records. Not on a token's
# stream ("token-..."), which only the token commands write.
struct RecordNote {
  stream @0 :Text;
  text @1 :Text;
}

# ---- A case that does not complete ----

# Closes an open case as withdrawn (the client desists or never comes back): annuls its orders
# not yet executed, releases the subscriber. Refused once the field executed the order that
# changes the service (OC energized, OCS or OSR executed): docs/procedures.md, "Withdrawal".
struct WithdrawCase {
  caseId @0 :Text;
  reason @1 :Text;  # required: why the case does not go on
}

# ---- Cash ----

# The cashier gives back what was paid for the quote of a case that did not complete (withdrawn
# or not viable): paymentRefunded on the case stream. Only the whole amount paid, once.
struct RefundPayment {
  caseId @0 :Text;
  receiptNumber @1 :Text;   # the receipt of the payment being refunded (as on its OEM)
  amountCentavos @2 :Int64; # must equal the amount paid
  reason @3 :Text;          # required: why the money goes back
}

# ---- Users (supervisor) ----

# Creates a user who signs in with a password: userCreated on stream "user-<username>". The
# password itself never reaches the ledger: whoever sends the command (app/users.cc) hashes it
# with Argon2id and sends the encoded hash.
struct CreateUser {
  username @0 :Text;      # 3 to 32 of a-z, 0-9, '.', '-'
  fullName @1 :Text;      # the person's name, as the desk knows it
  role @2 :Env.Role;      # as what the user acts (not system)
  agency @3 :Text;        # optional: the agency (agencia) the user works at
  window @4 :Text;        # optional: the window (ventanilla) the user works at
  passwordHash @5 :Text;  # Argon2id encoded hash ("$argon2id$v=19$m=...")
}

# Gives a user another role from now on: userRoleChanged.
struct ChangeUserRole {
  username @0 :Text;
  role @1 :Env.Role;
}

# Gives a user a new password (its Argon2id encoded hash): userPasswordReset.
struct ResetUserPassword {
  username @0 :Text;
  passwordHash @1 :Text;
}

# Disables a user for good: userDisabled; the user's sessions end and no sign-in succeeds.
struct DisableUser {
  username @0 :Text;
  reason @1 :Text;
}

# ---- Sign-ins (the ledger itself, role system) ----

# Records a sign-in the server checked (app/sessions.h): signedIn on the user's stream, or
# signInFailed on the user's stream when the user exists, else on stream "sign-ins". Never the
# password.
struct RecordSignIn {
  username @0 :Text;   # as typed when well-formed; "" when it was not a username at all
  succeeded @1 :Bool;
  address @2 :Text;    # the client's address as the server saw it
  reason @3 :Text;     # a failure's: wrong_password, user_not_found, user_disabled, username_malformed
  session @4 :Text;    # a success's credential: "session:" and 16 hex digits of the id's SHA-256
}
