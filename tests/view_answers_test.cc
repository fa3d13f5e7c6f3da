// The views' answers (RecordAnswer, EntriesAnswer in events/api.capnp) go through the answer codec
// both ways, and the CLI renders them for people from the structs.
#include <gtest/gtest.h>

#include <string>

#include "app/answer_codec.h"
#include "app/views_json.h"
#include "cli/commands/human.h"

namespace bitacora::app {
namespace {

OwnedAnswer SampleFolder() {
  OwnedAnswer answer(capnp::Schema::from<schema::EntriesAnswer>());
  auto out = answer.root().as<schema::EntriesAnswer>();
  projections::Checkpoint cp;
  cp.position = 12;
  cp.hash.fill(0xab);
  ToAsOf(cp, out.initAsOf());
  out.setClient("5566778-1A");
  projections::FolderEntry e;
  e.position = 7;
  e.stream_id = "client-5566778-1A";
  e.document = "TRA-2026-000001";
  e.actor_id = "ape-rosa";
  e.role = schema::Role::PLATFORM;
  e.recorded_at_ns = 1'763'475'200'000'000'000;
  ToEntries({e}, out.initEntries(1));
  return answer;
}

TEST(ViewAnswers, AFolderIsEncodedWithItsEntityAndReadBack) {
  const OwnedAnswer folder = SampleFolder();
  const std::string json = folder.Json();
  EXPECT_NE(json.find(R"("asOf":{"position":12,"hash":"abab)"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("client":"5566778-1A")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("position":7,"stream":"client-5566778-1A")"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("role":"platform")"), std::string::npos) << json;
  auto read = OwnedAnswer::FromJson(capnp::Schema::from<schema::EntriesAnswer>(), json);
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(read->Json(), json);
  auto answer = read->reader().as<schema::EntriesAnswer>();
  ASSERT_EQ(answer.which(), schema::EntriesAnswer::CLIENT);
  EXPECT_EQ(std::string(answer.getClient().cStr()), "5566778-1A");
  // An answer that names no entity, or lacks its entries, is not one.
  auto bad =
      OwnedAnswer::FromJson(capnp::Schema::from<schema::EntriesAnswer>(), R"({"entries":[]})");
  EXPECT_FALSE(bad.has_value());
  bad = OwnedAnswer::FromJson(capnp::Schema::from<schema::EntriesAnswer>(), R"({"client":"x"})");
  EXPECT_FALSE(bad.has_value());
}

TEST(ViewAnswers, TheHumanTextComesFromTheStruct) {
  const OwnedAnswer folder = SampleFolder();
  const std::string text = HumanText(folder.reader());
  EXPECT_EQ(text.rfind("asOf:\n  position: 12\n  hash: abab", 0), 0u) << text;
  EXPECT_NE(text.find("client: 5566778-1A\nentries:\n  #7       "), std::string::npos) << text;
  EXPECT_NE(text.find("TRA-2026-000001"), std::string::npos) << text;
  EXPECT_NE(text.find("ape-rosa (platform)"), std::string::npos) << text;
}

}  // namespace
}  // namespace bitacora::app
