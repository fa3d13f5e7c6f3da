// The field lists of the view records, walked by one encoder and one decoder.
#include "projections/codec.h"

#include <array>
#include <concepts>
#include <type_traits>
#include <utility>
#include <vector>

namespace bitacora::projections {
namespace {

// Writes values; takes them by const reference.
class Encoder {
 public:
  explicit Encoder(std::string& out) : out_(out) {}
  void operator()(const bool& b) { out_.push_back(b ? 1 : 0); }
  void operator()(const std::string& s) { (*this)(std::string_view(s)); }
  void operator()(const std::string_view& s) {
    Varint(s.size());
    out_.append(s);
  }
  template <class T>
    requires(std::is_integral_v<T> && !std::same_as<T, bool>)
  void operator()(const T& x) {
    if constexpr (std::is_signed_v<T>) {
      const auto v = static_cast<int64_t>(x);
      Varint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));  // zigzag
    } else {
      Varint(static_cast<uint64_t>(x));
    }
  }
  template <class T>
    requires std::is_enum_v<T>
  void operator()(const T& x) { Varint(static_cast<uint64_t>(x)); }
  void operator()(const Hash32& h) { out_.append(reinterpret_cast<const char*>(h.data()), h.size()); }
  template <class T>
  void operator()(const std::vector<T>& v) {
    Varint(v.size());
    for (const T& e : v) (*this)(e);
  }
  template <class A, class B>
  void operator()(const std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <class T>
    requires std::is_class_v<T>
  void operator()(const T& t) { Fields(*this, t); }

 private:
  void Varint(uint64_t v) {
    char bytes[10];  // 7 bits each: ten bytes hold any 64-bit value
    size_t n = 0;
    while (v >= 0x80) {
      bytes[n++] = static_cast<char>((v & 0x7f) | 0x80);
      v >>= 7;
    }
    bytes[n++] = static_cast<char>(v);
    out_.append(bytes, n);
  }
  std::string& out_;
};

// Reads values in the same order; remembers the first failure.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  bool ok() const { return ok_ && pos_ == in_.size(); }
  void operator()(bool& b) { b = Varint() != 0; }
  void operator()(std::string& s) {
    const uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {
      ok_ = false;
      return;
    }
    s.assign(in_.substr(pos_, n));
    pos_ += n;
  }
  template <class T>
    requires(std::is_integral_v<T> && !std::same_as<T, bool>)
  void operator()(T& x) {
    const uint64_t u = Varint();
    if constexpr (std::is_signed_v<T>) {
      x = static_cast<T>(static_cast<int64_t>(u >> 1) ^ -static_cast<int64_t>(u & 1));
    } else {
      x = static_cast<T>(u);
    }
  }
  template <class T>
    requires std::is_enum_v<T>
  void operator()(T& x) { x = static_cast<T>(Varint()); }
  void operator()(Hash32& h) {
    if (in_.size() - pos_ < h.size()) {
      ok_ = false;
      return;
    }
    for (auto& b : h) b = static_cast<uint8_t>(in_[pos_++]);
  }
  template <class T>
  void operator()(std::vector<T>& v) {
    const uint64_t n = Varint();
    if (!ok_ || n > in_.size() - pos_) {  // every element takes at least one byte
      ok_ = false;
      return;
    }
    v.clear();
    v.resize(n);
    for (T& e : v) (*this)(e);
  }
  template <class A, class B>
  void operator()(std::pair<A, B>& p) {
    (*this)(p.first);
    (*this)(p.second);
  }
  template <class T>
    requires std::is_class_v<T>
  void operator()(T& t) { Fields(*this, t); }

 private:
  uint64_t Varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) break;
      const auto b = static_cast<uint8_t>(in_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) return v;
    }
    ok_ = false;
    return 0;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

#define BITACORA_FIELDS(Type) \
  template <class V, class S> \
    requires std::same_as<std::remove_const_t<S>, Type> \
  void Fields(V& v, S& s)

BITACORA_FIELDS(domain::QuoteLineEntry) {
  v(s.code), v(s.description), v(s.unit), v(s.quantity), v(s.unit_price_centavos), v(s.subtotal_centavos);
}
BITACORA_FIELDS(RecordMeta) {
  v(s.events), v(s.first_position), v(s.last_position), v(s.created_at_ns), v(s.updated_at_ns);
}
BITACORA_FIELDS(domain::ClientState) {
  v(s.exists), v(s.ci), v(s.department), v(s.full_name), v(s.address), v(s.phone), v(s.folder_cases);
}
BITACORA_FIELDS(domain::CaseState) {
  v(s.exists), v(s.id), v(s.kind), v(s.client_ci), v(s.tariff_category), v(s.address);
  v(s.subscriber_number), v(s.client_has_folder), v(s.opened_at_ns), v(s.documents_accepted);
  v(s.documents), v(s.missing_documents), v(s.client_recorded), v(s.orders);
  v(s.installation_reported), v(s.viability_inspection), v(s.viable), v(s.meter_serial);
  v(s.meter_ownership), v(s.signed_contract), v(s.handed_over), v(s.folder_assembled);
  v(s.conditions_explained), v(s.client_confirmed), v(s.closed), v(s.outcome);
  v(s.sent_to_odeco), v(s.received_by_odeco), v(s.withdrawn), v(s.withdrawal_reason);
  v(s.signed_frm), v(s.meter_guide_frm), v(s.refund_receipt);
}
BITACORA_FIELDS(domain::OrderState) {
  v(s.exists), v(s.number), v(s.type), v(s.year), v(s.sequence), v(s.case_id), v(s.client_ci);
  v(s.subscriber_number), v(s.issued_at_ns), v(s.status), v(s.outcome), v(s.ever_executed);
  v(s.not_executed_reason), v(s.attached_documents), v(s.quote_lines), v(s.total_centavos);
  v(s.related_order), v(s.inspection_kind), v(s.meter_serial), v(s.meter_ownership);
  v(s.removal_mode), v(s.signed_by_client), v(s.materials), v(s.plan_reference);
  v(s.satisfactory), v(s.findings), v(s.meter_reading), v(s.reconnection_processed);
  v(s.requirements_processed), v(s.was_returned), v(s.control_date), v(s.odeco_processed_date);
  v(s.cpd_month), v(s.annul_reason), v(s.case_unfinished), v(s.receipt_number);
}
BITACORA_FIELDS(domain::SubscriberState) {
  v(s.exists), v(s.number), v(s.client_ci), v(s.address), v(s.tariff_category), v(s.status);
  v(s.meter_serial), v(s.open_service_case);
}
BITACORA_FIELDS(domain::MeterState) {
  v(s.exists), v(s.serial), v(s.ownership), v(s.client_ci), v(s.case_id), v(s.location);
  v(s.installed_at), v(s.with_cooperative);
}
BITACORA_FIELDS(domain::TokenState) {
  v(s.exists), v(s.hash_hex), v(s.actor_id), v(s.role), v(s.label), v(s.issued_at_position);
  v(s.revoked), v(s.revoke_reason);
}
BITACORA_FIELDS(domain::UserState) {
  v(s.exists), v(s.username), v(s.full_name), v(s.role), v(s.agency), v(s.window);
  v(s.password_hash), v(s.disabled), v(s.disable_reason), v(s.created_at_position);
  v(s.created_at_ns), v(s.updated_at_ns);
}
BITACORA_FIELDS(ClientRecord) { v(s.state), v(s.meta); }
BITACORA_FIELDS(CaseRecord) { v(s.state), v(s.meta), v(s.closed_at_ns); }
BITACORA_FIELDS(OrderRecord) {
  v(s.state), v(s.meta), v(s.issued_by), v(s.technician), v(s.handed_at_ns);
  v(s.first_returned_at_ns), v(s.returned_at_ns), v(s.work_done_at_ns), v(s.returned_by);
  v(s.verification), v(s.verified_at_ns), v(s.sent_back_count), v(s.sent_back_reasons);
  v(s.registered_at_ns), v(s.destination_at_ns), v(s.odeco_processed_at_ns), v(s.annulled_at_ns);
  v(s.closed_at_ns);
}
BITACORA_FIELDS(SubscriberRecord) { v(s.state), v(s.meta), v(s.cases); }
BITACORA_FIELDS(MeterRecord) { v(s.state), v(s.meta), v(s.subscribers); }
BITACORA_FIELDS(TokenRecord) { v(s.state), v(s.meta), v(s.issued_by), v(s.revoked_by); }
BITACORA_FIELDS(UserRecord) { v(s.state), v(s.meta), v(s.created_by), v(s.disabled_by); }
// FolderEntry and FolderEntryRef: the same fields in the same order.
template <class V, class S>
  requires(std::same_as<std::remove_const_t<S>, FolderEntry> || std::same_as<std::remove_const_t<S>, FolderEntryRef>)
void Fields(V& v, S& s) {
  v(s.position), v(s.stream_id), v(s.event_type), v(s.document), v(s.case_id);
  v(s.subscriber_number), v(s.actor_id), v(s.role), v(s.recorded_at_ns), v(s.occurred_at_ns);
  v(s.hash), v(s.credential), v(s.detail), v(s.corrects), v(s.corrected_field);
  v(s.previous_value), v(s.corrected_value), v(s.correction_reason);
}

template <class T>
void EncodeAny(const T& r, std::string& out) {
  Encoder e(out);
  e(r);
}

template <class T>
Status DecodeAny(std::string_view bytes, T& r) {
  Decoder d(bytes);
  d(r);
  if (!d.ok()) return Fail(Code::kViewRecordCorrupt, "a view record does not decode");
  return Ok();
}

}  // namespace

void Encode(const ClientRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const CaseRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const OrderRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const SubscriberRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const MeterRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const TokenRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const UserRecord& r, std::string& out) { EncodeAny(r, out); }
void Encode(const FolderEntry& r, std::string& out) { EncodeAny(r, out); }
Status Decode(std::string_view b, ClientRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, CaseRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, OrderRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, SubscriberRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, MeterRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, TokenRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, UserRecord& r) { return DecodeAny(b, r); }
Status Decode(std::string_view b, FolderEntry& r) { return DecodeAny(b, r); }

void AppendToSegment(const FolderEntryRef& entry, std::string& segment) {
  const size_t at = segment.size();
  segment.append(4, '\0');
  EncodeAny(entry, segment);
  const auto n = static_cast<uint32_t>(segment.size() - at - 4);
  for (int i = 0; i < 4; ++i) segment[at + static_cast<size_t>(i)] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
}

Status ForEachInSegment(std::string_view segment, const std::function<bool(FolderEntry&&)>& fn) {
  size_t at = 0;
  while (at < segment.size()) {
    if (segment.size() - at < 4) return Fail(Code::kViewRecordCorrupt, "folder segment cut short");
    uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n = (n << 8) | static_cast<uint8_t>(segment[at + static_cast<size_t>(i)]);
    at += 4;
    if (segment.size() - at < n) return Fail(Code::kViewRecordCorrupt, "folder segment cut short");
    FolderEntry entry;
    if (Status s = Decode(segment.substr(at, n), entry); !s) return s;
    at += n;
    if (!fn(std::move(entry))) break;
  }
  return Ok();
}

void PutBE64(std::string& out, uint64_t v) {
  for (int i = 7; i >= 0; --i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t GetBE64(std::string_view b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(b[static_cast<size_t>(i)]);
  return v;
}

}  // namespace bitacora::projections
