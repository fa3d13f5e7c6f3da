// read, log, head: the event store as it is, for operators (`append` is a supervisor's
// recordNote: procedure_commands.cc).
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/cli_context.h"
#include "app/error_docs.h"
#include "app/format.h"

namespace bitacora {
namespace {

struct StoreFlags {
  std::string stream;
  uint64_t from = 0;
  size_t limit = 100;
  bool backward = false, follow = false;
};

}  // namespace

void AddStoreCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<StoreFlags>();

  auto* read = app.add_subcommand("read", "read a stream");
  read->add_option("--stream", f->stream, "stream id")->required();
  read->add_option("--from", f->from, "first version (default: first, or last with --backward)");
  read->add_option("--limit", f->limit, "at most this many events");
  read->add_flag("--backward", f->backward, "newest first");
  read->callback([&ctx, f] {
    ctx.run = [&ctx, f] {
      auto store = ctx.Store();
      if (!store) return ReportError(store.error());
      uint64_t from = f->from != 0 ? f->from : (f->backward ? UINT64_MAX : 1);
      auto events = (*store)->ReadStream(
          f->stream, from, f->backward ? Direction::kBackward : Direction::kForward, f->limit);
      if (!events) return ReportError(events.error());
      if (events->empty()) {
        return ReportError(MakeError(Code::kUnknownStream, "no events in " + f->stream));
      }
      for (const auto& e : *events) std::cout << FormatEvent(e.envelope(), ctx.json) << '\n';
      return 0;
    };
  });

  auto* log = app.add_subcommand("log", "read the global log");
  log->add_option("--from", f->from, "first position")->default_val(1);
  log->add_option("--limit", f->limit, "at most this many events per read");
  log->add_flag("--follow", f->follow, "keep printing new events as they are appended");
  log->callback([&ctx, f] {
    ctx.run = [&ctx, f] {
      auto store = ctx.Store();
      if (!store) return ReportError(store.error());
      uint64_t next = f->from == 0 ? 1 : f->from;
      for (;;) {
        auto events = (*store)->ReadLog(next, f->limit);
        if (!events) return ReportError(events.error());
        for (const auto& e : *events) {
          std::cout << FormatEvent(e.envelope(), ctx.json) << '\n';
          next = e.position() + 1;
        }
        std::cout.flush();
        if (!f->follow) return 0;
        if (events->empty()) (void)(*store)->WaitForPosition(next - 1, std::chrono::seconds(1));
      }
    };
  });

  app.add_subcommand("head", "print the head position and hash")->callback([&ctx] {
    ctx.run = [&ctx] {
      auto store = ctx.Store();
      if (!store) return ReportError(store.error());
      Head h = (*store)->GetHead();
      if (ctx.json) {
        std::printf("{\"position\":%llu,\"hash\":\"%s\"}\n",
                    static_cast<unsigned long long>(h.position), ToHex(h.hash).c_str());
      } else {
        std::printf("position %llu hash %s\n", static_cast<unsigned long long>(h.position),
                    ToHex(h.hash).c_str());
      }
      return 0;
    };
  });

  app.add_subcommand("errors", "print the table of error codes (docs/errors.md)")->callback([&ctx] {
    ctx.run = [] {
      std::cout << app::ErrorTableMarkdown();
      return 0;
    };
  });
}

}  // namespace bitacora
