// Fuzzes app::DecodeCommandJson (app/command_codec.h), what POST /v1/commands/{name} runs
// on the body. The input is a command name, a newline, then the JSON body (corpus/command_json).
// Decoding either fails as bad input (kInvalidArgument: bad_json, bad_text, ... — what the REST
// API answers with 400) or succeeds; a decoded command encodes back to JSON that decodes to the
// same command.
#include <capnp/message.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "app/command_codec.h"

namespace {

[[noreturn]] void Die(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_command_json: %s: %s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace bitacora;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  if (newline == std::string_view::npos) return 0;
  auto kind = app::FindCommandKind(input.substr(0, newline));
  if (!kind) return 0;
  const std::string_view json = input.substr(newline + 1);

  capnp::MallocMessageBuilder message;
  auto command = message.initRoot<schema::Command>();
  Status decoded = app::DecodeCommandJson(*kind, json, command);
  if (!decoded) {
    if (decoded.error().kind != ErrorKind::kInvalidArgument) {
      Die("unexpected error kind", decoded.error().ToString());
    }
    return 0;
  }
  const std::string encoded = app::EncodeCommandJson(command.asReader());
  capnp::MallocMessageBuilder again_message;
  auto again = again_message.initRoot<schema::Command>();
  if (Status s = app::DecodeCommandJson(*kind, encoded, again); !s) {
    Die("own encoding does not decode", encoded + " -> " + s.error().ToString());
  }
  if (std::string second = app::EncodeCommandJson(again.asReader()); second != encoded) {
    Die("round trip differs", encoded + " then " + second);
  }
  return 0;
}
