#include "app/queues.h"

#include <algorithm>
#include <vector>

#include "app/views_json.h"
#include "core/domain/ids.h"
#include "projections/records.h"
#include "projections/report/calendar.h"
#include "projections/view_db.h"

namespace bitacora::app {
namespace {

using domain::OrderStatus;
using projections::OrderRecord;
using projections::ViewReader;
using T = schema::OrderType;
namespace keys = projections::keys;

struct Entry {
  const OrderRecord* record;
  std::string actor;
  int64_t since_ns;
};

struct Collected {
  std::vector<OrderRecord> records;
  std::vector<Entry> entries;
};

// Reads the orders `numbers` and keeps those `pick` accepts (filling the entry's actor and time).
Status Collect(const ViewReader& views, const std::vector<std::string>& numbers,
               const std::function<bool(const OrderRecord&, Entry&)>& pick, Collected& out) {
  out.records.reserve(out.records.size() + numbers.size());
  for (const std::string& number : numbers) {
    auto record = views.Order(number);
    if (!record) return Fail(record.error());
    out.records.push_back(std::move(*record));
  }
  for (const OrderRecord& r : out.records) {
    Entry e{&r, "", 0};
    if (pick(r, e)) out.entries.push_back(std::move(e));
  }
  return Ok();
}

// The quotes not paid: the live COT of each open case that no live OEM names.
Status AwaitingPayment(const ViewReader& views, Collected& out) {
  const std::string prefix = domain::CaseStream("");
  auto streams = views.Index(keys::kRecord, prefix);
  if (!streams) return Fail(streams.error());
  std::vector<std::string> quotes;
  for (const std::string& stream : *streams) {
    auto kase = views.Case(std::string_view(stream).substr(prefix.size()));
    if (!kase) return Fail(kase.error());
    if (!kase->state.exists || kase->state.closed) continue;
    std::string cot;
    bool paid = false;
    for (const auto& [type, number] : kase->state.orders) {
      if (type != T::COT && type != T::OEM) continue;
      auto order = views.Order(number);
      if (!order) return Fail(order.error());
      if (order->state.status == OrderStatus::kAnnulled) continue;
      if (type == T::COT) {
        cot = number;
        paid = false;
      } else if (order->state.related_order == cot) {
        paid = true;
      }
    }
    if (!cot.empty() && !paid) quotes.push_back(cot);
  }
  return Collect(
      views, quotes,
      [](const OrderRecord& r, Entry& e) {
        e.actor = r.issued_by;
        e.since_ns = r.state.issued_at_ns;
        return true;
      },
      out);
}

Result<Collected> Select(const ViewReader& views, QueueKind kind, std::string_view date) {
  Collected out;
  if (kind == QueueKind::kAwaitingPayment) {
    if (Status s = AwaitingPayment(views, out); !s) return Fail(s.error());
    return out;
  }
  std::vector<std::string> numbers;
  Result<std::vector<std::string>> ids = std::vector<std::string>();
  switch (kind) {
    case QueueKind::kWithTechnicians:
    case QueueKind::kAwaitingDelivery:
      ids = views.Index(keys::kOpen, "");
      break;
    case QueueKind::kAwaitingVerification:
      ids = views.Index(keys::kReturned, std::string(date) + "/");
      break;
    case QueueKind::kOdecoPending:
      ids = views.Index(keys::kToOdeco, "");
      break;
    case QueueKind::kAwaitingPayment:
      break;
  }
  if (!ids) return Fail(ids.error());
  auto pick = [kind](const OrderRecord& r, Entry& e) {
    const domain::OrderState& s = r.state;
    switch (kind) {
      case QueueKind::kWithTechnicians:
        e.actor = r.technician;
        e.since_ns = r.handed_at_ns;
        return s.status == OrderStatus::kHandedOver;
      case QueueKind::kAwaitingDelivery:
        e.actor = r.issued_by;
        e.since_ns = s.issued_at_ns;
        return (s.type == T::OEM || s.type == T::OEMD) && s.Outstanding();
      case QueueKind::kAwaitingVerification:
        e.actor = r.returned_by;
        e.since_ns = r.returned_at_ns;
        return s.status == OrderStatus::kReturned &&
               r.verification == projections::Verification::kPending;
      case QueueKind::kOdecoPending:
        e.actor = r.returned_by;
        e.since_ns = r.destination_at_ns;
        return s.status == OrderStatus::kAtOdeco;
      case QueueKind::kAwaitingPayment:
        return false;
    }
    return false;
  };
  if (Status s = Collect(views, *ids, pick, out); !s) return Fail(s.error());
  return out;
}

const char* NameOf(QueueKind kind) {
  switch (kind) {
    case QueueKind::kWithTechnicians:
      return "with-technicians";
    case QueueKind::kAwaitingPayment:
      return "awaiting-payment";
    case QueueKind::kAwaitingDelivery:
      return "awaiting-delivery";
    case QueueKind::kAwaitingVerification:
      return "awaiting-verification";
    case QueueKind::kOdecoPending:
      return "odeco-pending";
  }
  return "";
}

capnp::Text::Reader TextOf(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }

}  // namespace

std::optional<QueueKind> QueueKindOf(std::string_view name) {
  for (QueueKind kind :
       {QueueKind::kWithTechnicians, QueueKind::kAwaitingPayment, QueueKind::kAwaitingDelivery,
        QueueKind::kAwaitingVerification, QueueKind::kOdecoPending}) {
    if (name == NameOf(kind)) return kind;
  }
  return std::nullopt;
}

bool RoleMayReadQueue(QueueKind kind, schema::Role role) {
  using R = schema::Role;
  if (role == R::PLATFORM || role == R::SUPERVISOR || role == R::AUDITOR) return true;
  switch (kind) {
    case QueueKind::kWithTechnicians:
      return role == R::TECHNICIAN;
    case QueueKind::kAwaitingPayment:
      return role == R::CASHIER;
    case QueueKind::kAwaitingDelivery:
      return role == R::WAREHOUSE;
    case QueueKind::kAwaitingVerification:
      return false;
    case QueueKind::kOdecoPending:
      return role == R::ODECO;
  }
  return false;
}

Result<OwnedAnswer> QueueQuery(const ViewReader& views, QueueKind kind, std::string_view actor,
                               std::string_view date) {
  if (kind == QueueKind::kAwaitingVerification) {
    if (date.empty()) {
      return Fail(
          Code::kPeriodRequired,
          "La cola awaiting-verification necesita la fecha de devolución (date=AAAA-MM-DD).");
    }
    auto parsed = projections::ParseDate(date);
    if (!parsed) return Fail(parsed.error());
  } else if (!date.empty()) {
    return Fail(Code::kBadParameter, std::string("La cola ") + NameOf(kind) + " no lleva fecha.");
  }
  auto cp = views.checkpoint();
  if (!cp) return Fail(cp.error());
  auto selected = Select(views, kind, date);
  if (!selected) return Fail(selected.error());
  std::vector<Entry> entries;
  for (Entry& e : selected->entries) {
    if (actor.empty() || e.actor == actor) entries.push_back(std::move(e));
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.since_ns != b.since_ns ? a.since_ns < b.since_ns
                                    : a.record->state.number < b.record->state.number;
  });
  OwnedAnswer answer(capnp::Schema::from<schema::QueueAnswer>());
  auto out = answer.root().as<schema::QueueAnswer>();
  ToAsOf(*cp, out.initAsOf());
  out.setQueue(NameOf(kind));
  out.setActor(TextOf(std::string(actor)));
  out.setDate(TextOf(std::string(date)));
  auto list = out.initEntries(static_cast<unsigned>(entries.size()));
  for (unsigned i = 0; i < entries.size(); ++i) {
    const domain::OrderState& s = entries[i].record->state;
    auto e = list[i];
    e.setOrderNumber(s.number);
    const std::string_view type = domain::OrderTypeCode(s.type);
    e.setOrderType(capnp::Text::Reader(type.data(), type.size()));
    e.setCaseId(s.case_id);
    e.setClientCi(s.client_ci);
    e.setSubscriberNumber(s.subscriber_number);
    e.setActor(entries[i].actor);
    e.setSince(entries[i].since_ns != 0 ? projections::FormatLocalDateTime(entries[i].since_ns)
                                        : "");
    e.setTotalCentavos(s.type == T::COT ? s.total_centavos : 0);
  }
  return answer;
}

}  // namespace bitacora::app
