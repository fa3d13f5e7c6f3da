// The reference data a clerk reads (GET /v1/reference, `bitacora reference`): the requirement
// checklists, material prices, tariffs, the technician on duty and the holidays, current or as of
// a La Paz date; and a whole set loaded in one go (`bitacora reference load FILE.json`), each part
// becoming the supervisor's command for it, through the command handler like any other.
#ifndef BITACORA_APP_REFERENCE_H_
#define BITACORA_APP_REFERENCE_H_

#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/domain/state.h"
#include "core/result.h"
#include "core/store/event_store.h"

namespace bitacora::app {

// The reference data in force at one moment.
struct ReferenceView {
  domain::ReferenceState state;
  uint64_t position = 0;  // the last reference event folded in (0: none)
  std::string as_of;      // the La Paz date asked for; "" for the current data
};

// Folds the stream "reference" of `store`: every event when `as_of` is empty, else those whose
// business time falls on or before the La Paz date `as_of` ("YYYY-MM-DD"). kInvalidArgument
// "date_malformed" for another text; the store's errors unchanged. Thread-safe.
[[nodiscard]] Result<ReferenceView> ReadReference(const EventStore& store, std::string_view as_of);

// The holidays in force now, for the reports' working days (empty when none are recorded).
// The store's errors unchanged. Thread-safe.
[[nodiscard]] Result<std::set<std::string>> CurrentHolidays(const EventStore& store);

// `view` as api.capnp's ReferenceAnswer. Pure.
std::string ReferenceJson(const ReferenceView& view);
// The view in such an answer (the CLI's --server mode). kInvalidArgument "bad_json". Pure.
[[nodiscard]] Result<ReferenceView> ReferenceFromJson(std::string_view json);

// `view` for people, in Spanish: one section per part, as the clerk hands it over. Pure.
std::string ReferenceText(const ReferenceView& view);

// One command of a reference set, ready to run.
using OwnedCommand = std::unique_ptr<capnp::MallocMessageBuilder>;

// The commands that load the reference set `json` (api.capnp's ReferenceSet, decoded strictly):
// one setRequirementChecklist per checklist, one setMaterialPrices with every price, one setTariff
// per tariff, setTechnicianOnDuty when named, setHolidays with the list. Each command's id is
// derived from the file's SHA-256 and the command's place, so loading the same file again records
// nothing new. Refused as DecodeRequest refuses. Pure.
[[nodiscard]] Result<std::vector<OwnedCommand>> ReferenceCommands(std::string_view json);

}  // namespace bitacora::app

#endif  // BITACORA_APP_REFERENCE_H_
