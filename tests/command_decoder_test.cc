// One CommandDecoder serves every request thread of `bitacora serve`: it must decode exactly as a
// decoder built for the call does, refuse the same way, and do so from many threads at once.
#include <capnp/message.h>
#include <capnp/pretty-print.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "app/command_codec.h"

namespace bitacora::shim {
namespace {

struct Sample {
  std::string name;
  std::string json;
};

const std::vector<Sample>& Samples() {
  static const std::vector<Sample> samples = {
      {"registerClient",
       R"({"clientCi":"5566778","fullName":"Mar\u00eda Quispe","address":"Calle Sucre 12","phone":"70000000"})"},
      {"open-case", R"({"kind":"newConnection","clientCi":"5566778","tariffCategory":"general","address":"Av. Chichas 3"})"},
      {"registerClient", R"({"clientCi":"1","fullName":"x","nope":1})"},  // unknown field
      {"registerClient", R"({"clientCi":)"},                               // truncated
  };
  return samples;
}

// The command as text, or the refusal's code.
std::string Outcome(const app::CommandDecoder* decoder, const Sample& sample) {
  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  Status s = Ok();
  if (decoder != nullptr) {
    const app::CommandKind* kind = decoder->Find(sample.name);
    if (kind == nullptr) return "no kind";
    s = decoder->Decode(*kind, sample.json, command);
  } else {
    auto kind = app::FindCommandKind(sample.name);
    if (!kind) return "no kind";
    s = app::DecodeCommandJson(*kind, sample.json, command);
  }
  if (!s) return "refused: " + s.error().code;
  return capnp::prettyPrint(command.asReader()).flatten().cStr();
}

TEST(CommandDecoder, FindsKindsByNameAndVerbAndNothingElse) {
  app::CommandDecoder decoder;
  ASSERT_NE(decoder.Find("openCase"), nullptr);
  EXPECT_EQ(decoder.Find("openCase"), decoder.Find("open-case"));
  EXPECT_EQ(decoder.Find("openCase")->which, schema::Command::OPEN_CASE);
  EXPECT_EQ(decoder.Find("opencase"), nullptr);
  EXPECT_EQ(decoder.Find(""), nullptr);
}

TEST(CommandDecoder, DecodesAndRefusesAsAOneOffDecode) {
  app::CommandDecoder decoder;
  for (const Sample& sample : Samples()) {
    EXPECT_EQ(Outcome(&decoder, sample), Outcome(nullptr, sample)) << sample.json;
  }
  EXPECT_EQ(Outcome(&decoder, Samples()[2]), "refused: bad_json");
  EXPECT_NE(Outcome(&decoder, Samples()[0]).find("María Quispe"), std::string::npos);
  EXPECT_NE(Outcome(&decoder, Samples()[1]).find("kind = newConnection"), std::string::npos);
  EXPECT_EQ(Outcome(&decoder, Samples()[3]), "refused: bad_json");
}

TEST(CommandDecoder, OneDecoderServesManyThreadsAtOnce) {
  app::CommandDecoder decoder;
  std::vector<std::string> expected;
  for (const Sample& sample : Samples()) expected.push_back(Outcome(nullptr, sample));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 400; ++i) {
        const size_t k = static_cast<size_t>(i + t) % Samples().size();
        if (Outcome(&decoder, Samples()[k]) != expected[k]) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace bitacora::shim
