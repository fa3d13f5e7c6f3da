// The one table of error codes: every Error Bitácora gives, refusals of the procedures and failures
// of the store, the audit, the views, the server and the command line alike, carries one of these
// codes. Each row says how both shims render it (HTTP status, CLI exit code), whether trying again
// can help, and what it means; docs/errors.md is generated from it (`bitacora errors --markdown`)
// and a test keeps the two equal.
#ifndef BITACORA_CORE_ERRORS_ERROR_CODES_H_
#define BITACORA_CORE_ERRORS_ERROR_CODES_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace bitacora {

// The kind of failure: what a caller can do about it. Each code of the table has exactly one.
enum class ErrorKind {
  kInvalidArgument,   // malformed input: a flag, JSON, a CI number
  kUnauthenticated,   // no or bad token
  kPermissionDenied,  // the role may not do this
  kNotFound,          // no such stream, order, client...
  kConflict,          // expected version or counter did not match
  kRefused,           // the procedure does not allow this command now
  kCorruption,        // stored bytes do not decode or do not verify
  kIOError,           // the disk or RocksDB failed
  kUnavailable,       // the store is closed, full, or held by another process
  kInternal,          // a bug
};

// Returns the stable English name of `kind` ("conflict", "refused", ...).
std::string_view ErrorKindName(ErrorKind kind);

// Returns the kind named `name` (as ErrorKindName gives it), or kInternal for an unknown name.
ErrorKind ErrorKindFromName(std::string_view name);

// Every error code. The order is the table's (docs/errors.md); the numeric values are not stored
// or sent anywhere (the English names are), so a code may be added anywhere.
enum class Code : uint16_t {
  kNotAllowedForRole,
  kFieldRequired,
  kIdempotencyKeyReused,
  kCiMalformed,
  // Cases that do not complete (branch lifecycle).
  kCasePastPointOfNoReturn,
  kValueOutOfRange,
  kCaseNotFound,
  kOrderNotFound,
  kSubscriberNotFound,
  kClientNotFound,
  kEventNotFound,
  kChecklistNotDefined,
  kDocumentsIncomplete,
  kStepNotAllowed,
  kCaseClosed,
  kSubscriberRequired,
  kSubscriberNotOfClient,
  kSubscriberNotCut,
  kSubscriberNotActive,
  kServiceCaseAlreadyOpen,
  kWrongOrderType,
  kOrderNotOutstanding,
  kOrderAlreadyExecuted,
  kOrderAnnulled,
  kReasonRequired,
  kMaterialsDetailEmpty,
  kPriceMissing,
  kPaymentInsufficient,
  kDeliveryExceedsQuote,
  kInspectionNotSatisfactory,
  kViabilityNotDecided,
  kMeterNotRegistered,
  kMeterInstalledElsewhere,
  kMeterNotDelivered,
  kMeterMismatch,
  kReconnectionWindowOpen,
  kSignatureRequired,
  kOrderNotReturned,
  kOrderNotVerified,
  kOrderNotRegistered,
  kOrderNotProcessed,
  kOrtGoesToArchive,
  kOnlyOrtArchived,
  kOrderNotAtOdeco,
  kOrderNotProcessedByOdeco,
  kOrderNotInBatchMonth,
  kOrderNotSentToCpd,
  kBatchMonthMalformed,
  kCaseNotSentToOdeco,
  kClientDataIncomplete,
  kClientMismatch,
  kCounterClaimedTwice,
  kConflictRetriesExhausted,
  kActorRequired,
  kBackupDoesNotVerify,
  kBackupMismatch,
  kBackupNotFound,
  kBadAsOf,
  kBadBackupManifest,
  kBadBackupPath,
  kBadCheckpointKey,
  kBadCommandRecord,
  kBadContentLength,
  kBadCounter,
  kBadDate,
  kBadDays,
  kBadEntity,
  kBadEventKey,
  kBadEventSize,
  kBadFormat,
  kBadHead,
  kBadHeader,
  kBadIdempotencyKey,
  kBadJson,
  kBadKeyName,
  kBadListen,
  kBadMemoryBudget,
  kBadNoteSignature,
  kBadOccurredAt,
  kBadParameter,
  kBadPayload,
  kBadProofHash,
  kBadRole,
  kBadServerUrl,
  kBadSignature,
  kBadSize,
  kBadStreamHead,
  kBadStreamId,
  kBadText,
  kBadTime,
  kBadToken,
  kBadValue,
  kBindFailed,
  kBodyTooLarge,
  kBundleDirNotEmpty,
  kBundleFileMissing,
  kCheckpointExists,
  kCheckpointInconsistent,
  kCheckpointMisfiled,
  kCheckpointOriginMismatch,
  kCheckpointRolledBack,
  kCheckpointRootMismatch,
  kCheckpointTimeWentBack,
  kConsistencyNewRootMismatch,
  kConsistencyOldRootMismatch,
  kConsistencyProofWrongLength,
  kDateMalformed,
  kDiskFull,
  kDiskSpaceLow,
  kDuplicateAuthorization,
  kEmptyAppend,
  kEmptyPayload,
  kFileMissing,
  kHttpError,
  kInclusionProofMismatch,
  kInclusionProofWrongLength,
  kInternal,
  kIoError,
  kKeyFileExists,
  kKeyFileMalformed,
  kKeyFileMissing,
  kKeyFileTooOpen,
  kKeyFileUnreadable,
  kKeyFileUnwritable,
  kSharedDataFolder,
  kBackupApiDisabled,
  kBackupPathRefused,
  kTokenRoleRefused,
  kControlCharacters,
  kLeafOutOfRange,
  kLengthRequired,
  kTooManyConnections,
  kServerBusy,
  kFieldTooLong,
  kControlCharacter,
  kTooManyStreams,
  kReadsNotKept,
  kListenFailed,
  kMalformedCheckpoint,
  kMalformedNote,
  kMalformedVerifierKey,
  kMerkleDisabled,
  kMerkleIncomplete,
  kMerkleNodeMissing,
  kMethodNotAllowed,
  kMissingEvent,
  kMissingStreamEntry,
  kMkdirFailed,
  kMonthMalformed,
  kNoCheckpoint,
  kNoCheckpointCovers,
  kNotABackup,
  kNotRun,
  kNoteNotSignedByKey,
  kOpensslFailed,
  kOutRequired,
  kPeriodRequired,
  kPositionOutsideTree,
  kProjectionLogShort,
  kProjectionOutOfOrder,
  kRandomFailed,
  kRangeNotSatisfiable,
  kRocksdbCorruption,
  kRouteNotFound,
  kScenarioDiverged,
  kServerUnreachable,
  kSizesOutOfOrder,
  kStatvfsFailed,
  kStoreClosed,
  kStoreLocked,
  kStoreNotEmpty,
  kStoredLevel,
  kStreamReserved,
  kTargetNotEmpty,
  kTokenAlreadyRevoked,
  kTokenExists,
  kTokenNotFound,
  kTokenRequired,
  kTokenRevoked,
  kTreeSizeBeyondHead,
  kUndecodableEvent,
  kUnknownCommand,
  kUnknownEntity,
  kUnknownField,
  kUnknownReport,
  kUnroutedCommand,
  kUnsupportedMediaType,
  kUriTooLong,
  kViewCheckpointCorrupt,
  kViewCurrent,
  kViewCurrentCorrupt,
  kViewDbBusy,
  kViewDbCorruption,
  kViewDbError,
  kViewDir,
  kViewRecordCorrupt,
  kViewSstError,
  kViewSstOrder,
  kWriteFailed,
  kWrongCounterValue,
  kWrongExpectedVersion,
  kXlsxWrite,
  kKeyExists,
  kUnknownStream,
  kBadRequest,
  kMeterNotFound,
  // --- bizclock (business time, issue #15) ---
  kOccurredAtInFuture,
  kOccurredAtBeforeLastEvent,
  kBackdatingNeedsSupervisor,
  kBackdatingNeedsReason,
  // --- bundle manifest (issue #19) ---
  kMalformedManifest,
  // --- orders ---
  kNoOrderToHandOver,
  kOrderNotInCase,
  // --- cash ---
  kPaymentExceedsQuote,
  kRefundNothingPaid,
  kRefundCaseOpen,
  kRefundCaseCompleted,
  kRefundAlreadyMade,
  kRefundDoesNotMatchPayment,
  kFrmNotSigned,
  // --- corrections ---
  kCorrectionFieldUnknown,
  kFieldNotCorrectable,
  kCorrectionChangesNothing,
  // --- periods (day checkpoints) ---
  kDayNotOver,
  kNoDayCheckpoint,
  // --- witnesses ---
  kWitnessRefused,
  // --- users (issue #17) ---
  kUserAlreadyExists,
  kUserNotFound,
  kUsernameMalformed,
  kUserDisabled,
  kUserRoleRefused,
  kPasswordTooShort,
  kPasswordHashMalformed,
  kSignInFailed,
  kSignInRateLimited,
  kSessionInvalid,
  kCsrfTokenInvalid,
};

// One row of the table.
struct ErrorCodeInfo {
  Code id;
  std::string_view code;  // the stable English identifier sent to programs
  ErrorKind kind;
  int http_status;           // what the REST server answers
  int exit_code;             // what the CLI exits with
  bool retryable;            // whether the same request may succeed later unchanged
  std::string_view meaning;  // one line, English, for docs, programs and auditors
};

// Every row, in the table's order. Thread-safe (immutable, static storage).
std::span<const ErrorCodeInfo> ErrorCodes();

// The row of `code`. Thread-safe.
const ErrorCodeInfo& Describe(Code code);

// The row whose English identifier is `code`, or nullptr (an error from a newer server, say).
const ErrorCodeInfo* FindErrorCode(std::string_view code);

// The exit code and HTTP status a kind has when its code is not in the table (errors read from a
// server of another version); the table's rows agree with these but for the HTTP statuses it names.
int ExitCodeOf(ErrorKind kind);
int HttpStatusOf(ErrorKind kind);

// The kind an HTTP status stands for when an answer carries no error body: the kind of the
// table's rows with that status when they all agree, else kInternal (500, and unknown statuses).
ErrorKind KindOfHttpStatus(int status);

}  // namespace bitacora

#endif  // BITACORA_CORE_ERRORS_ERROR_CODES_H_
