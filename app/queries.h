// The read side shared by both shims: one entity's record, its history, a folder, each answered
// as the JSON document the REST API returns (and `--json` prints).
#ifndef BITACORA_APP_QUERIES_H_
#define BITACORA_APP_QUERIES_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/history.h"
#include "projections/views.h"

namespace bitacora::app {

// "clients" -> kClient, "client" -> kClient, ... nullopt when unknown. Pure.
std::optional<projections::Entity> EntityOf(std::string_view name);

// {"asOf":{position,hash}, "<entity>":{...}} (and a client's subscribers and cases). `as_of` ""
// means now (the live view); otherwise see ParseAsOf (the record is folded from its stream).
// kNotFound "<entity>_not_found"; kInvalidArgument for a malformed CI or as_of.
[[nodiscard]] Result<std::string> RecordQuery(const EventStore& store, const projections::ViewReader& views,
                                              projections::Entity entity, const std::string& id,
                                              std::string_view as_of);

// {"<entity>": id, "entries":[...]}: every event of the entity up to as_of, from the store.
[[nodiscard]] Result<std::string> HistoryQuery(const EventStore& store, projections::Entity entity,
                                               const std::string& id, std::string_view as_of);

// {"asOf":..., "client"|"subscriber": id, "entries":[...]}: the folder (carpeta) of a client
// (entity kClient) or a subscriber (kSubscriber).
[[nodiscard]] Result<std::string> FolderQuery(const projections::ViewReader& views, projections::Entity entity,
                                              const std::string& id, std::string_view as_of);

}  // namespace bitacora::app

#endif  // BITACORA_APP_QUERIES_H_
