// What a folder or history entry says beyond its document, in Spanish for the desk: the paper
// trail a client's folder shows at a glance (the payment's receipt, a refund, the FRM signed with
// the contract, the Guía de Registro de Medidor, the OEMD an OC installs).
#ifndef BITACORA_PROJECTIONS_FOLDER_DETAIL_H_
#define BITACORA_PROJECTIONS_FOLDER_DETAIL_H_

#include <string>

#include "events/events.capnp.h"

namespace bitacora::projections {

// The detail of `e` for its folder entry; "" for events whose document says it all. Pure.
std::string FolderDetail(schema::Event::Reader e);

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_FOLDER_DETAIL_H_
