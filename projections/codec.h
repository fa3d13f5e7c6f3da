// How the views store their records: a compact binary encoding (varints, length-prefixed
// strings) written and read by one field list per record type (record_codec.cc), so the two
// directions cannot drift apart. The encoding is private to the view database: a view is rebuilt
// from the log whenever its format changes (kFormatVersion), never migrated.
#ifndef BITACORA_PROJECTIONS_CODEC_H_
#define BITACORA_PROJECTIONS_CODEC_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "projections/records.h"

namespace bitacora::projections {

// Bumped whenever a record's field list changes; a view database of another version is rebuilt.
// 2: OrderRecord.closed_at_ns, the i/cls/ index; 3: TokenRecord (the tokens view);
// 4: CaseState.withdrawn / withdrawal_reason, OrderState.case_unfinished (withdrawCase),
//    OrderState.receipt_number; 6: CaseState.signed_frm / meter_guide_frm / refund_receipt,
//    FolderEntry.detail (refundPayment, the FRM and its guide, the receipt in the folder);
// 7: FolderEntry.corrects and the correction's field, values and reason (recordCorrection);
// 8: UserRecord (the users view).
inline constexpr uint32_t kFormatVersion = 8;

// Each Encode appends to `out`; each Decode reads the whole of `bytes` or fails with kCorruption.
void Encode(const ClientRecord& r, std::string& out);
void Encode(const CaseRecord& r, std::string& out);
void Encode(const OrderRecord& r, std::string& out);
void Encode(const SubscriberRecord& r, std::string& out);
void Encode(const MeterRecord& r, std::string& out);
void Encode(const TokenRecord& r, std::string& out);
void Encode(const UserRecord& r, std::string& out);
void Encode(const FolderEntry& r, std::string& out);
[[nodiscard]] Status Decode(std::string_view bytes, ClientRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, CaseRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, OrderRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, SubscriberRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, MeterRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, TokenRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, UserRecord& r);
[[nodiscard]] Status Decode(std::string_view bytes, FolderEntry& r);

// A folder segment: the entries of one client committed by one flush, each as a BE32 length and
// the entry's encoding, in position order.
void AppendToSegment(const FolderEntryRef& entry, std::string& segment);
// Calls fn for each entry of `segment` in order until it returns false. kCorruption if malformed.
[[nodiscard]] Status ForEachInSegment(std::string_view segment, const std::function<bool(FolderEntry&&)>& fn);

// Big-endian 64-bit, so that RocksDB's byte order is numeric order.
void PutBE64(std::string& out, uint64_t v);
uint64_t GetBE64(std::string_view bytes);  // precondition: bytes.size() >= 8

}  // namespace bitacora::projections

#endif  // BITACORA_PROJECTIONS_CODEC_H_
