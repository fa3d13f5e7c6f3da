// The users view: one UserRecord per user, keyed by its stream ("user-<username>"), kept by the
// projector like the other records, so listing the users reads the view, not the log.
#include "core/domain/ids.h"
#include "projections/codec.h"
#include "projections/views.h"

namespace bitacora::projections {

void Apply(UserRecord& r, const EventInfo& info, schema::Event::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  if (e.which() == schema::Event::USER_CREATED) r.created_by = info.actor_id;
  if (e.which() == schema::Event::USER_DISABLED) r.disabled_by = info.actor_id;
}

Result<std::vector<UserRecord>> ViewReader::Users() const {
  std::string prefix(keys::kRecord);
  prefix.append(domain::kUserStreamPrefix);
  std::vector<UserRecord> out;
  Status decoded = Ok();
  Status scanned = db_->Scan(
      prefix,
      [&](std::string_view, std::string_view value) {
        UserRecord record;
        decoded = Decode(value, record);
        if (!decoded) return false;
        if (record.state.exists) out.push_back(std::move(record));
        return true;
      },
      snapshot_.get());
  if (!scanned) return Fail(scanned.error());
  if (!decoded) return Fail(decoded.error());
  // Keys are in byte order, which is the usernames' order: the list is already sorted.
  return out;
}

}  // namespace bitacora::projections
