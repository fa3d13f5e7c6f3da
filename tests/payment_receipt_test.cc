// 8.1 step 6: the cashier's receipt number of a payment is kept in the event that records it (the
// OEM's orderIssued), folded into the order and shown in the order's view.
#include <capnp/message.h>

#include "app/views_json.h"
#include "core/store/stored_event.h"
#include "tests/projection_fixture.h"

namespace bitacora::testing {
namespace {

class PaymentReceipt : public ProjectionTest {};

TEST_F(PaymentReceipt, TheReceiptNumberIsKeptInTheOemEventTheOrderAndItsView) {
  auto r = RunNewConnection(ledger_, "1111111", Stage::kPaid);  // paid with receipt "R-1"
  ASSERT_FALSE(r.oem.empty());
  // The event.
  std::string receipt_in_event;
  Status scan = ledger_.store().ScanLog(1, ledger_.HeadPosition(), [&](uint64_t, std::string_view bytes) {
    auto event = StoredEvent::Decode(bytes);
    if (!event) return false;
    auto payload = event->envelope().getPayload();
    if (payload.which() == schema::Event::ORDER_ISSUED &&
        payload.getOrderIssued().getOrderType() == schema::OrderType::OEM) {
      receipt_in_event = payload.getOrderIssued().getReceiptNumber().cStr();
    }
    return true;
  });
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ(receipt_in_event, "R-1");
  // The order, folded from its stream.
  EXPECT_EQ(ledger_.Order(r.oem).receipt_number, "R-1");
  // The view.
  auto record = Views().Order(r.oem);
  ASSERT_TRUE(record.has_value()) << record.error().ToString();
  capnp::MallocMessageBuilder message;
  auto view = message.initRoot<schema::OrderView>();
  app::ToView(*record, view);
  EXPECT_EQ(std::string(view.getReceiptNumber().cStr()), "R-1");
}

TEST_F(PaymentReceipt, OrdersThatAreNoPaymentCarryNoReceipt) {
  auto r = RunNewConnection(ledger_, "2222222", Stage::kPaid);
  EXPECT_EQ(ledger_.Order(r.ort).receipt_number, "");
  EXPECT_EQ(ledger_.Order(r.cot).receipt_number, "");
}

}  // namespace
}  // namespace bitacora::testing
