// The bugs tests/fuzz found, each kept here too so that the normal build checks it
// (docs/reliability.md, "Fuzzing").
#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <string>

#include "app/command_codec.h"
#include "core/audit/bundle.h"
#include "core/audit/keys.h"
#include "core/audit/ledger_checkpoints.h"
#include "core/audit/note.h"
#include "core/json/unicode_escapes.h"
#include "core/store/stored_event.h"
#include "tests/test_util.h"

namespace bitacora {
namespace {

// capnp 0.9.2 read "\u00e9" as "I": a client escaping non-ASCII had its text changed.
TEST(FuzzFindings, CommandJsonReadsHexLetterEscapes) {
  auto kind = app::FindCommandKind("registerClient");
  ASSERT_TRUE(kind);
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  ASSERT_TRUE(app::DecodeCommandJson(
      *kind, R"({"clientCi":"5566778","fullName":"Mar\u00eda Qui\u00F1ones \u20ac\ud83d\ude00 \u004b"})",
      command));
  EXPECT_EQ(std::string(command.asReader().getRegisterClient().getFullName().cStr()),
            "María Quiñones €\xF0\x9F\x98\x80 K");  // ESC is now refused (app/field_limits.h)
}

// The same bug in the bundle reader: capnp exports ESC as "\u001b" and read it back as U+0011,
// so an untampered bundle with such an event did not verify.
TEST(FuzzFindings, BundleWithControlCharactersVerifies) {
  testing::TempDir dir;
  auto store = EventStore::Open(StoreOptions{.path = dir.Sub("store"), .sync = false});
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->Append(testing::CommentOn("case-1", "\x1b[31mrojo\x1b[0m \x0b \x1f fin")));
  std::array<uint8_t, 32> seed{};
  seed[0] = 7;
  auto key = SigningKey::FromSeed(seed);
  ASSERT_TRUE(key);
  const std::string vkey = *FormatVerifierKey("cosett.bo/bitacora", key->public_key());
  ASSERT_TRUE(SignHeadCheckpoint(**store, *key, "cosett.bo/bitacora",
                                 std::chrono::sys_seconds(std::chrono::seconds(1795000000))));
  ASSERT_TRUE(ExportBundle(**store, vkey, *key, 0, 0, dir.Sub("bundle"), nullptr));
  auto report = VerifyBundle(dir.Sub("bundle"), vkey, std::nullopt, nullptr);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_TRUE(report->ok) << report->problem;
}

TEST(FuzzFindings, FixUnicodeEscapesKeepsWhatCapnpReadsRight) {
  EXPECT_EQ(FixUnicodeEscapes(R"("a\u0041\u0000\n")"), R"("a\u0041\u0000\n")");
  EXPECT_EQ(FixUnicodeEscapes(R"("\\u00e9")"), R"("\\u00e9")");  // an escaped backslash, then text
  EXPECT_EQ(FixUnicodeEscapes(R"("\u005c\u00e9")"), "\"\\\\\xC3\xA9\"");
  EXPECT_EQ(FixUnicodeEscapes(R"("\ud800x\udc00")"), "\"\xEF\xBF\xBDx\xEF\xBF\xBD\"");
  EXPECT_EQ(FixUnicodeEscapes(R"("\u00e")"), R"("\u00e")");  // malformed: left for capnp to refuse
}

// An event in bounds whose streamId pointer is a list of numbers decoded, and then threw when
// `bitacora log` or GET /v1/log read it.
TEST(FuzzFindings, StoredEventWithAWrongPointerKindIsCorruption) {
  capnp::MallocMessageBuilder message;
  auto envelope = message.initRoot<schema::Envelope>();
  envelope.setPosition(1);
  const auto slot = capnp::Schema::from<schema::Envelope>().getFieldByName("streamId").getProto().getSlot();
  auto any = message.getRoot<capnp::AnyStruct>();
  any.getPointerSection()[slot.getOffset()].initAs<capnp::List<uint32_t>>(2);
  auto words = capnp::messageToFlatArray(message);
  // The flat array starts with the segment table (one word here); the store keeps the segment.
  auto segment = words.asBytes().slice(sizeof(capnp::word), words.asBytes().size());
  auto event = StoredEvent::Decode(
      std::string_view(reinterpret_cast<const char*>(segment.begin()), segment.size()));
  ASSERT_FALSE(event.has_value());
  EXPECT_EQ(event.error().kind, ErrorKind::kCorruption);
}

}  // namespace
}  // namespace bitacora
