// Who sees a client's personal data (name, address, phone), decided per role from the manual
// (docs/privacy.md holds the table and its grounds), and the redaction of a client's record for a
// reader who may not see all of it. The CI is the key every form and folder is filed under, so
// every role sees it; the service address of a case or subscriber is where the work is done and is
// printed on the orders, so it is not withheld either.
#ifndef BITACORA_APP_PRIVACY_H_
#define BITACORA_APP_PRIVACY_H_

#include <string_view>

#include "core/append/append.h"
#include "events/api.capnp.h"
#include "projections/views.h"

namespace bitacora::app {

enum class PersonalAccess {
  kFull,       // name, address and phone: they attend the client (APE, ODECO, supervisor, auditor)
  kName,       // the name only: the receipt or the delivery is made out to the client (cashier,
               // warehouse)
  kNumbers,    // numbers only: CI, subscriber, meter and order numbers (CPD)
  kOwnOrders,  // everything for a client with an order in the reader's hands, numbers otherwise
               // (technician)
};

// The access `role` has by default. Pure.
PersonalAccess PersonalAccessOf(schema::Role role);

// True when `actor` may read the name, address and phone of client `ci`: kFull, or kOwnOrders and
// one of the client's orders is handed to `actor` and not returned (handed over or sent back).
// Reads the client's cases and their orders from `views` (a few point reads). Thread-safe as the
// reader is.
bool SeesEverything(const projections::ViewReader& views, const ActorRef& actor,
                    std::string_view ci);

// Withholds from `client` what `role` may not see of a client it does not see everything of (the
// caller decided so with SeesEverything): the address and phone, and the name too unless kName;
// they are left empty and listed in `redacted`. Pure.
void RedactClient(schema::Role role, schema::ClientView::Builder client);

}  // namespace bitacora::app

#endif  // BITACORA_APP_PRIVACY_H_
