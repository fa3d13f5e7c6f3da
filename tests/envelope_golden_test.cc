// Pins the stored encoding: if this fails, a schema change altered bytes already on disk.
#include <gtest/gtest.h>

#include "tests/test_util.h"

namespace bitacora {
namespace {

// The canonical stored bytes of the first event of a store with a fixed clock and event id.
constexpr const char kGoldenHex[] =
    "000000000500090001000000000000000100000000000000154d2f63fd1ee91800702e87141ee918"
    "0100000000000000210000008a00000029000000820000002d0000005a000000310000008a000000"
    "390000005a0000003c00000001000100480000000100010075000000020100008100000002010000"
    "636173652d323032362d303030303031000000000000000000112233445566778899aabbccddeeff"
    "636d642d676f6c64656e000000000000636173652d323032362d3030303030310000000000000000"
    "636d642d676f6c64656e0000000000000600000000000000010000006a0000007375706572766973"
    "6f722d31000000000100000000000000000000000100020007000000000000000500000012010000"
    "15000000520000006ec3ba6d65726f206465206d656469646f72206d616c207472616e7363726974"
    "6f000000000000004d45442d30303132330000000000000000000000000000000000000000000000"
    "000000000000000000000000000000004b0b90ec4fdc6a41405705cfe07534444428c3341a0bee0a"
    "89c0f0d0ff36aa11";

TEST(Envelope, StoredBytesOfASampleEventArePinned) {
  testing::TempDir dir;
  auto store = EventStore::Open(StoreOptions{
      .path = dir.path(), .sync = false, .clock = [] { return int64_t{1795000000123456789}; },
      .event_ids = [] {
        std::array<uint8_t, 16> id;
        for (size_t i = 0; i < id.size(); ++i) id[i] = static_cast<uint8_t>(i * 17);
        return id;
      }});
  ASSERT_TRUE(store);
  capnp::MallocMessageBuilder msg;
  auto correction = msg.initRoot<schema::Event>().initCorrectionRecorded();
  correction.setCorrectedPosition(7);
  correction.setReason("número de medidor mal transcrito");
  correction.setCorrectedValue("MED-00123");
  AppendRequest r;
  r.command_id = "cmd-golden";
  r.case_id = "case-2026-000001";
  r.causation_id = "cmd-golden";
  r.actor = {"supervisor-1", schema::Role::SUPERVISOR};
  r.events.push_back({"case-2026-000001", EncodePayload(msg), 1794999000000000000});
  ASSERT_TRUE((*store)->Append(std::move(r)));
  auto log = (*store)->ReadLog(1, 1);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(ToHex((*log)[0].bytes()), kGoldenHex);
}

}  // namespace
}  // namespace bitacora
