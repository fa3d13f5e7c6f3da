// Internal to projections/: the records of one kind that exist, read from the views by their
// stream prefix (the tokens and users views list theirs this way).
#ifndef BITACORA_PROJECTIONS_RECORD_SCAN_H_
#define BITACORA_PROJECTIONS_RECORD_SCAN_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "projections/codec.h"
#include "projections/view_db.h"
#include "projections/views.h"

namespace bitacora::projections {

// Every record whose stream starts with `stream_prefix` and whose state exists, in key order,
// as of `snapshot`. kViewRecordCorrupt when one does not decode; the database's errors.
template <class Record>
Result<std::vector<Record>> ExistingRecords(const ViewDb& db, std::string_view stream_prefix,
                                            const rocksdb::Snapshot* snapshot) {
  std::string prefix(keys::kRecord);
  prefix.append(stream_prefix);
  std::vector<Record> out;
  Status decoded = Ok();
  Status scanned = db.Scan(
      prefix,
      [&](std::string_view, std::string_view value) {
        Record record;
        decoded = Decode(value, record);
        if (!decoded) return false;
        if (record.state.exists) out.push_back(std::move(record));
        return true;
      },
      snapshot);
  if (!scanned) return Fail(scanned.error());
  if (!decoded) return Fail(decoded.error());
  return out;
}

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_RECORD_SCAN_H_
