// The read side shared by both shims: one entity's record, its history, a folder, each answered
// as a struct of events/api.capnp (RecordAnswer, EntriesAnswer) that the REST API and `--json`
// encode (OwnedAnswer::Json) and the CLI renders for people.
#ifndef BITACORA_APP_QUERIES_H_
#define BITACORA_APP_QUERIES_H_

#include <optional>
#include <string>
#include <string_view>

#include "app/answer_codec.h"
#include "core/result.h"
#include "core/store/event_store.h"
#include "projections/history.h"
#include "projections/views.h"

namespace bitacora::app {

// "clients" -> kClient, "client" -> kClient, ... nullopt when unknown. Pure.
std::optional<projections::Entity> EntityOf(std::string_view name);

// A RecordAnswer: {"asOf":{position,hash}, "<entity>":{...}} (and a client's subscribers and
// cases; a case's "step": where it stands and the commands it accepts, computed as the deciders
// do from the log's events up to the same point as the record). `as_of` "" means now (the live view); otherwise see ParseAsOf (the record is folded from
// its stream). kNotFound "<entity>_not_found"; kInvalidArgument for a malformed CI or as_of.
[[nodiscard]] Result<OwnedAnswer> RecordQuery(const EventStore& store,
                                              const projections::ViewReader& views,
                                              projections::Entity entity, const std::string& id,
                                              std::string_view as_of);

// An EntriesAnswer {"<entity>": id, "entries":[...]}: every event of the entity up to as_of, from
// the store.
[[nodiscard]] Result<OwnedAnswer> HistoryQuery(const EventStore& store, projections::Entity entity,
                                               const std::string& id, std::string_view as_of);

// An EntriesAnswer {"asOf":..., "client"|"subscriber": id, "entries":[...]}: the folder (carpeta)
// of a client (entity kClient) or a subscriber (kSubscriber).
[[nodiscard]] Result<OwnedAnswer> FolderQuery(const projections::ViewReader& views,
                                              projections::Entity entity, const std::string& id,
                                              std::string_view as_of);

}  // namespace bitacora::app

#endif  // BITACORA_APP_QUERIES_H_
