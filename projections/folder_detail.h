// What a folder or history entry says beyond its document, in Spanish for the desk: the paper
// trail a client's folder shows at a glance (the payment's receipt, a refund, the FRM signed with
// the contract, the Guía de Registro de Medidor, the OEMD an OC installs).
#ifndef BITACORA_PROJECTIONS_FOLDER_DETAIL_H_
#define BITACORA_PROJECTIONS_FOLDER_DETAIL_H_

#include <string>
#include <string_view>

#include "events/events.capnp.h"

namespace bitacora::projections {

// The detail of `e` for its folder entry; "" for events whose document says it all. Pure.
std::string FolderDetail(schema::Event::Reader e);

// Fills the correction fields of a folder or history entry (FolderEntry or FolderEntryRef) from a
// correctionRecorded event; leaves them empty for any other. An Entry of string_views points into
// `e`, which must outlive it.
template <class Entry>
void NoteCorrection(schema::Event::Reader e, Entry& entry) {
  if (e.which() != schema::Event::CORRECTION_RECORDED) return;
  auto c = e.getCorrectionRecorded();
  auto text = [](capnp::Text::Reader t) { return std::string_view(t.cStr(), t.size()); };
  entry.corrects = c.getCorrectedPosition();
  entry.corrected_field = text(c.getField());
  entry.previous_value = text(c.getPreviousValue());
  entry.corrected_value = text(c.getCorrectedValue());
  entry.correction_reason = text(c.getReason());
}

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_FOLDER_DETAIL_H_
