// The users view: one UserRecord per user, keyed by its stream ("user-<username>"), kept by the
// projector like the other records, so listing the users reads the view, not the log.
#include "core/domain/ids.h"
#include "projections/codec.h"
#include "projections/record_scan.h"
#include "projections/views.h"

namespace bitacora::projections {

void Apply(UserRecord& r, const EventInfo& info, schema::Event::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  if (e.which() == schema::Event::USER_CREATED) r.created_by = info.actor_id;
  if (e.which() == schema::Event::USER_DISABLED) r.disabled_by = info.actor_id;
}

Result<std::vector<UserRecord>> ViewReader::Users() const {
  // Keys are in byte order, which is the usernames' order: the list comes sorted.
  return ExistingRecords<UserRecord>(*db_, domain::kUserStreamPrefix, snapshot_.get());
}

}  // namespace bitacora::projections
