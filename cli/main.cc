// bitacora: the command-line shim. Wires the store (no globals) and maps results to exit codes.
#include <CLI/CLI.hpp>
#include <capnp/message.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/format.h"
#include "core/store/event_store.h"

namespace bitacora {
namespace {

// The one table from outcomes to exit codes (docs/architecture.md, "Error mapping").
int ExitCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument: return 2;
    case ErrorKind::kUnauthenticated:
    case ErrorKind::kPermissionDenied: return 3;
    case ErrorKind::kNotFound: return 4;
    case ErrorKind::kConflict: return 5;
    case ErrorKind::kRefused: return 6;
    default: return 1;
  }
}

int Report(const Error& e) {
  std::fprintf(stderr, "bitacora: %s\n", e.ToString().c_str());
  return ExitCode(e.kind);
}

Result<ExpectedVersion> ParseExpected(const std::string& text) {
  if (text == "any") return ExpectedVersion::Any();
  if (text == "none") return ExpectedVersion::NoStream();
  char* end = nullptr;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    return Fail(ErrorKind::kInvalidArgument, "bad_expected_version",
                "--expect takes any, none or a version number, not '" + text + "'");
  }
  return ExpectedVersion::Exactly(v);
}

struct Flags {
  std::string data = "./bitacora-data";
  // append
  std::string stream, text, command_id, case_id, expect = "any", actor = "cli";
  // reads
  uint64_t from = 0, to = 0;
  size_t limit = 100;
  bool backward = false, follow = false;
};

int Run(int argc, char** argv) {
  Flags f;
  if (const char* env = std::getenv("BITACORA_DATA")) f.data = env;
  CLI::App app{"Bitácora: the audit ledger of the Plataforma de Energía Eléctrica"};
  app.require_subcommand(1);
  app.add_option("--data", f.data, "folder of the embedded store (env BITACORA_DATA)");

  auto* append = app.add_subcommand("append", "append a comment event to a stream");
  append->add_option("--stream", f.stream, "stream id, e.g. case-2026-000001")->required();
  append->add_option("--text", f.text, "the comment")->required();
  append->add_option("--command-id", f.command_id, "idempotency key");
  append->add_option("--case", f.case_id, "case (trámite) id");
  append->add_option("--expect", f.expect, "expected stream version: any, none or N");
  append->add_option("--actor", f.actor, "who records it");

  auto* read = app.add_subcommand("read", "read a stream");
  read->add_option("--stream", f.stream, "stream id")->required();
  read->add_option("--from", f.from, "first version (default: first, or last if --backward)");
  read->add_option("--limit", f.limit, "at most this many events");
  read->add_flag("--backward", f.backward, "newest first");

  auto* log = app.add_subcommand("log", "read the global log");
  log->add_option("--from", f.from, "first position")->default_val(1);
  log->add_option("--limit", f.limit, "at most this many events");
  log->add_flag("--follow", f.follow, "keep printing new events as they are appended");

  app.add_subcommand("head", "print the head position and hash");
  auto* verify = app.add_subcommand("verify", "recompute the hash chain");
  verify->add_option("--from", f.from, "first position");
  verify->add_option("--to", f.to, "last position (default: head)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  auto store = EventStore::Open(StoreOptions{.path = f.data});
  if (!store) return Report(store.error());
  EventStore& s = **store;

  if (*append) {
    auto expected = ParseExpected(f.expect);
    if (!expected) return Report(expected.error());
    capnp::MallocMessageBuilder msg;
    msg.initRoot<schema::Event>().initCommentRecorded().setText(f.text);
    AppendRequest req;
    req.command_id = f.command_id;
    req.case_id = f.case_id;
    req.actor = {f.actor, schema::Role::PLATFORM};
    req.expectations.push_back({f.stream, *expected});
    req.events.push_back({f.stream, EncodePayload(msg), 0});
    auto r = s.Append(std::move(req));
    if (!r) return Report(r.error());
    std::printf("appended at position %llu%s\n",
                static_cast<unsigned long long>(r->first_position),
                r->duplicate ? " (duplicate command: nothing written)" : "");
    return 0;
  }
  if (*read) {
    uint64_t from = f.from != 0 ? f.from : (f.backward ? UINT64_MAX : 1);
    auto events = s.ReadStream(f.stream, from, f.backward ? Direction::kBackward
                                                          : Direction::kForward, f.limit);
    if (!events) return Report(events.error());
    if (events->empty()) {
      return Report(Error{ErrorKind::kNotFound, "unknown_stream", "no events in " + f.stream});
    }
    for (const auto& e : *events) std::cout << FormatEventLine(e.envelope()) << '\n';
    return 0;
  }
  if (*log) {
    uint64_t next = f.from == 0 ? 1 : f.from;
    for (;;) {
      auto events = s.ReadLog(next, f.limit);
      if (!events) return Report(events.error());
      for (const auto& e : *events) {
        std::cout << FormatEventLine(e.envelope()) << '\n';
        next = e.position() + 1;
      }
      std::cout.flush();
      if (!f.follow) return 0;
      if (events->empty()) (void)s.WaitForPosition(next - 1, std::chrono::seconds(1));
    }
  }
  if (app.got_subcommand("head")) {
    Head h = s.GetHead();
    std::printf("position %llu hash %s\n", static_cast<unsigned long long>(h.position),
                ToHex(h.hash).c_str());
    return 0;
  }
  if (*verify) {
    auto report = s.Verify(f.from, f.to, [](uint64_t p) {
      std::fprintf(stderr, "\rverified up to %llu", static_cast<unsigned long long>(p));
    });
    std::fprintf(stderr, "\n");
    if (!report) return Report(report.error());
    if (!report->ok) {
      std::printf("BROKEN at position %llu: %s\n",
                  static_cast<unsigned long long>(report->first_bad_position),
                  report->problem.c_str());
      return 1;
    }
    std::printf("ok: %llu events verified, head %s\n",
                static_cast<unsigned long long>(report->checked), ToHex(s.GetHead().hash).c_str());
    return 0;
  }
  return 2;
}

}  // namespace
}  // namespace bitacora

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  return bitacora::Run(argc, argv);
}
