#include "core/domain/refusals.h"

#include <array>

namespace bitacora::domain {
namespace {

using enum ErrorKind;

constexpr std::array kCodes = {
    RefusalCode{"not_allowed_for_role", kPermissionDenied,
                "the actor's role may not issue this command (roles table, domain.md)"},
    RefusalCode{"field_required", kInvalidArgument, "a required field of the command is empty"},
    RefusalCode{"ci_malformed", kInvalidArgument,
                "the carnet de identidad is not 5-10 digits, optional -XX, optional department"},
    RefusalCode{"value_out_of_range", kInvalidArgument,
                "a quantity, amount or reading is negative or zero where it must be positive"},
    RefusalCode{"case_not_found", kNotFound, "no case with that id"},
    RefusalCode{"order_not_found", kNotFound, "no order with that number"},
    RefusalCode{"subscriber_not_found", kNotFound, "no subscriber with that number"},
    RefusalCode{"client_not_found", kNotFound, "no client with that CI"},
    RefusalCode{"event_not_found", kNotFound, "no event at the position a correction names"},
    RefusalCode{"checklist_not_defined", kRefused,
                "no requirement checklist for the case kind and tariff category"},
    RefusalCode{"documents_incomplete", kRefused,
                "documents missing: the case waits at step 1 (the missing list is recorded)"},
    RefusalCode{"step_not_allowed", kRefused,
                "the command does not fit the case's current step; the message names both"},
    RefusalCode{"case_closed", kRefused, "the case is closed and takes no further steps"},
    RefusalCode{"subscriber_required", kInvalidArgument,
                "this case kind acts on an existing subscriber and none was named"},
    RefusalCode{"subscriber_not_of_client", kRefused, "the subscriber belongs to another client"},
    RefusalCode{"subscriber_not_cut", kRefused,
                "a reconnection needs a subscriber whose service was cut (status S)"},
    RefusalCode{"subscriber_not_active", kRefused,
                "the subscriber is not in normal service (status N) as this case needs"},
    RefusalCode{"service_case_already_open", kRefused,
                "the subscriber already has an open cut or reconnection case"},
    RefusalCode{"wrong_order_type", kRefused, "the order named is not of the type this step uses"},
    RefusalCode{"order_not_outstanding", kRefused,
                "the order is not out with the technician or warehouse (returned or annulled)"},
    RefusalCode{"order_already_executed", kRefused, "an executed order cannot be annulled"},
    RefusalCode{"order_annulled", kRefused, "the order was annulled"},
    RefusalCode{"reason_required", kInvalidArgument, "an annulment, refusal or send-back needs reasons"},
    RefusalCode{"materials_detail_empty", kInvalidArgument, "a visit needs a materials detail"},
    RefusalCode{"price_missing", kRefused, "a material of the detail has no price in force"},
    RefusalCode{"payment_insufficient", kRefused, "the payment does not cover the quote"},
    RefusalCode{"delivery_exceeds_quote", kRefused,
                "delivered quantities exceed the quoted ones (or an unquoted material)"},
    RefusalCode{"inspection_not_satisfactory", kRefused,
                "the last inspection was not satisfactory: no viable decision or connection order"},
    RefusalCode{"viability_not_decided", kRefused, "no viable decision on the last inspection"},
    RefusalCode{"meter_not_registered", kRefused, "no meter registered for the connection"},
    RefusalCode{"meter_installed_elsewhere", kRefused,
                "the meter is installed at another subscriber; it must be removed first"},
    RefusalCode{"meter_not_delivered", kRefused, "the lent / GIZ meter was not delivered (OEMD)"},
    RefusalCode{"meter_mismatch", kRefused, "the meter named is not the one of the case"},
    RefusalCode{"reconnection_window_open", kRefused,
                "the reconnection inspection order is processed only after the window"},
    RefusalCode{"signature_required", kRefused, "the client must sign the order"},
    RefusalCode{"order_not_returned", kRefused, "the order has not been returned (or was verified)"},
    RefusalCode{"order_not_verified", kRefused, "only verified orders enter the daily control"},
    RefusalCode{"order_not_registered", kRefused,
                "the order is not registered in the daily control"},
    RefusalCode{"order_not_processed", kRefused, "an ORT is archived only once processed"},
    RefusalCode{"ort_goes_to_archive", kRefused,
                "ORTs are archived at the desk; only the other orders go to ODECO"},
    RefusalCode{"only_ort_archived", kRefused, "only ORTs are archived at the desk"},
    RefusalCode{"order_not_at_odeco", kRefused, "the order was not sent to ODECO"},
    RefusalCode{"order_not_processed_by_odeco", kRefused,
                "only orders processed by ODECO go in the monthly batch"},
    RefusalCode{"order_not_in_batch_month", kRefused,
                "the order was processed by ODECO in another month"},
    RefusalCode{"order_not_sent_to_cpd", kRefused, "the order is not in a batch sent to CPD"},
    RefusalCode{"batch_month_malformed", kInvalidArgument, "the batch month is not YYYY-MM"},
    RefusalCode{"case_not_sent_to_odeco", kRefused, "the case was not closed as not viable"},
    RefusalCode{"client_data_incomplete", kInvalidArgument,
                "a new client needs a full name and an address"},
    RefusalCode{"client_mismatch", kRefused, "the CI named is not the client of the case"},
    RefusalCode{"counter_claimed_twice", kInternal,
                "one command tried to allocate two numbers of one counter (a bug)"},
    RefusalCode{"conflict_retries_exhausted", kConflict,
                "the streams kept changing while the command was decided; try again"},
};

}  // namespace

std::span<const RefusalCode> RefusalCodes() { return kCodes; }

const RefusalCode* FindRefusalCode(std::string_view code) {
  for (const RefusalCode& row : kCodes) {
    if (row.code == code) return &row;
  }
  return nullptr;
}

std::unexpected<Error> Refuse(std::string_view code, std::string message) {
  const RefusalCode* row = FindRefusalCode(code);
  if (row == nullptr) {
    return Fail(ErrorKind::kInternal, std::string(code), "código de rechazo desconocido: " + message);
  }
  return Fail(row->kind, std::string(code), std::move(message));
}

}  // namespace bitacora::domain
