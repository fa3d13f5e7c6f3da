// Corrections (recordCorrection): which recorded facts a supervisor may put right, and how an
// event reads once corrected. A correction never rewrites the log: it is an event of the
// corrected event's stream, and every fold of that stream (the World a command is decided on,
// the views, the as-of records) reads the corrected event as if the field had held the new value
// from the correction's position on. The history and the folder show both, side by side.
#ifndef BITACORA_CORE_DOMAIN_CORRECTION_H_
#define BITACORA_CORE_DOMAIN_CORRECTION_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "events/events.capnp.h"

namespace bitacora::domain {

// One field of an event's payload (the struct of its union member), as the schema names it.
struct PayloadField {
  std::string name;         // "fullName"
  bool is_text = false;     // Text: the only kind a correction may change
  std::string value;        // the text, when is_text
};

// The fields of `event`'s payload, in schema order. Pure; thread-safe.
std::vector<PayloadField> PayloadFields(schema::Event::Reader event);

// The event's name as in the schema ("clientRegistered"). Pure; thread-safe.
std::string EventName(schema::Event::Which which);

// True when events of this kind may be corrected at all: not a correction, an API token, nor the
// reference data (which the supervisor sets again instead). Pure.
bool KindIsCorrectable(schema::Event::Which which);

// True when `field` (a Text field of the payload) is text a person typed, not an identity, a
// reference to another record, a business date or the technician an order is routed to, which a
// correction may not change (docs/procedures.md, "Corrections"). Pure.
bool FieldIsCorrectable(std::string_view field);

// One event of a stream, as read from the log: its position and payload.
struct StreamEvent {
  uint64_t position = 0;
  schema::Event::Reader payload;
};

// Calls fn(i, payload) for each of `events` (one stream, in order), where an event that a
// correctionRecorded among `events` corrects is given with the corrected fields' values (the last
// correction of a field wins). Events nothing corrects are passed as they are, without a copy.
// `events` and the payloads passed to fn live only for the call. Pure; thread-safe.
void ForEachCorrected(std::span<const StreamEvent> events,
                      const std::function<void(size_t, schema::Event::Reader)>& fn);

}  // namespace bitacora::domain

#endif  // BITACORA_CORE_DOMAIN_CORRECTION_H_
