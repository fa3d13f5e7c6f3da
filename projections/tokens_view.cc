// The tokens view: one TokenRecord per API token, keyed by its stream ("token-<hash hex>"), kept
// by the projector like the other records, so listing the tokens reads the view, not the log.
#include <algorithm>

#include "core/domain/ids.h"
#include "projections/codec.h"
#include "projections/record_scan.h"
#include "projections/views.h"

namespace bitacora::projections {

void Apply(TokenRecord& r, const EventInfo& info, schema::Event::Reader e) {
  Touch(r.meta, info);
  domain::Evolve(r.state, info.Meta(), e);
  if (e.which() == schema::Event::TOKEN_ISSUED) r.issued_by = info.actor_id;
  if (e.which() == schema::Event::TOKEN_REVOKED) r.revoked_by = info.actor_id;
}

Result<std::vector<TokenRecord>> ViewReader::Tokens() const {
  auto out = ExistingRecords<TokenRecord>(*db_, domain::kTokenStreamPrefix, snapshot_.get());
  if (!out) return Fail(out.error());
  std::sort(out->begin(), out->end(), [](const TokenRecord& a, const TokenRecord& b) {
    return a.state.issued_at_position < b.state.issued_at_position;
  });
  return out;
}

}  // namespace bitacora::projections
