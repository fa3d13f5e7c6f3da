// `bitacora serve`: the REST server with the projections runner and the daily checkpoint.
#include <signal.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "cli/commands/shim.h"
#include "app/command_codec.h"
#include "app/daily_checkpoints.h"
#include "app/malloc_tuning.h"
#include "rest/server.h"
#include "rest/witness_http.h"
#include "core/audit/note.h"
#include "core/store/backup_target.h"
#include "core/store/private_files.h"
#include "projections/projection_service.h"

namespace bitacora {
namespace {

struct ServeFlags {
  std::string listen = "127.0.0.1:8080";
  size_t max_body = 64 * 1024;
  size_t threads = 128;
  // Connections and streams (docs/operations.md, "Conexiones").
  int64_t request_deadline_seconds = 10;
  int64_t keep_alive_seconds = 5;
  size_t max_connections = shim::ServerOptions{}.max_connections;
  size_t max_connections_per_address = shim::ServerOptions{}.max_connections_per_address;
  size_t max_streams = shim::ServerOptions{}.max_streams;
  size_t max_streams_per_token = shim::ServerOptions{}.max_streams_per_token;
  uint64_t log_page_bytes = shim::ServerOptions{}.log_page_bytes;
  int64_t reconnection_window_minutes = 10;  // 8.2 step 6; tests and the crash harness use 0
  bool quiet = false;
  // The memory budget (docs/operations.md, "Memory").
  RocksBudget rocks;
  size_t record_cache = 20'000;  // ProjectorOptions::cache_records for the follower
  int64_t version_cache = StoreOptions{}.version_cache_streams;  // for the store's writer
  uint64_t answer_cache = shim::ServerOptions{}.answer_cache_bytes;  // the views' recent answers
  // M_ARENA_MAX; 0: glibc's default, eight per core. Capping it keeps less freed heap, but 128
  // request threads then contend for the arenas: at 4, folder reads' p99 under wrk doubled.
  size_t malloc_arenas = 0;
  int64_t malloc_trim_seconds = 60;  // malloc_trim(0) this often; 0: never
  // M_MMAP_THRESHOLD, fixed; 0: glibc's, which moves up to 32 MiB (app::FixMallocMmapThreshold).
  uint64_t malloc_mmap_threshold = 128 * 1024;
  std::string backup_root;         // POST /v1/backup writes only inside it; empty: the route is off
  bool allow_shared_data = false;  // serve a data folder that group or others may read
  // Witnesses each checkpoint the server signs is sent to: "URL=FILE" (FILE: the witness's
  // verifier key), docs/audit.md §7b.
  std::vector<std::string> witnesses;
  int64_t session_idle_minutes = 30;   // a session ends after this long without a request
  bool session_cookie_secure = false;  // the session cookie says Secure (behind a TLS proxy)
};

// Refuses a data folder that group or others can read (personal data; docs/operations.md,
// "Permisos de los archivos") unless --allow-shared-data, and a --backup-root that is not an
// existing folder outside the data folder.
Status CheckFolders(const CliContext& ctx, const ServeFlags& f) {
  if (!f.allow_shared_data && IsSharedWithOthers(ctx.data_dir)) {
    return Fail(Code::kSharedDataFolder,
                "La carpeta de datos " + ctx.data_dir + " es legible por el grupo u otros usuarios y guarda "
                "datos personales: ejecute `chmod -R go-rwx " + ctx.data_dir + "` o inicie con --allow-shared-data.");
  }
  if (f.backup_root.empty()) return Ok();
  std::error_code ec;
  if (!std::filesystem::is_directory(f.backup_root, ec) || IsInsideFolder(f.backup_root, ctx.data_dir)) {
    return Fail(Code::kBadBackupPath, "--backup-root " + f.backup_root +
                                          " debe ser una carpeta existente fuera de la carpeta de datos.");
  }
  return Ok();
}


Result<std::pair<std::string, int>> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Fail(Code::kBadListen, "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
  }
  const std::string port = listen.substr(colon + 1);
  char* end = nullptr;
  const long p = std::strtol(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p < 0 || p > 65535) {
    return Fail(Code::kBadListen, "bad port in --listen " + listen);
  }
  return std::pair{listen.substr(0, colon), static_cast<int>(p)};
}

// The daily checkpointer when the signing key and its verifier key exist; null otherwise.
std::unique_ptr<app::DailyCheckpointer> Checkpointer(const CliContext& ctx, const ServeFlags& f, EventStore& store) {
  const std::string key_path = ctx.keys_dir + "/ledger.key";
  const std::string vkey_path = ctx.keys_dir + "/ledger.vkey";
  if (!std::filesystem::exists(key_path) || !std::filesystem::exists(vkey_path)) {
    spdlog::warn("no signing key in {}: no daily checkpoints (bitacora keys init)", ctx.keys_dir);
    return nullptr;
  }
  auto key = SigningKey::ReadFromFile(key_path);
  std::ifstream in(vkey_path);
  std::stringstream text;
  text << in.rdbuf();
  std::string vkey = text.str();
  while (!vkey.empty() && (vkey.back() == '\n' || vkey.back() == '\r')) vkey.pop_back();
  auto verifier = ParseVerifierKey(vkey);
  if (!key || !verifier) {
    spdlog::error("the signing key in {} cannot be used: {}", ctx.keys_dir,
                  (!key ? key.error() : verifier.error()).ToString());
    return nullptr;
  }
  // Each witness as (url, key); one that cannot be read is reported and left out.
  std::vector<std::pair<std::string, CosignerKey>> witnesses;
  for (const std::string& spec : f.witnesses) {
    const size_t eq = spec.find('=');
    std::ifstream wk(eq == std::string::npos ? "" : spec.substr(eq + 1));
    std::string line;
    std::getline(wk, line);
    auto parsed = ParseCosignerKey(line);
    if (eq == std::string::npos || !parsed) {
      spdlog::error("--witness {}: expected URL=FILE with the witness's verifier key", spec);
      continue;
    }
    witnesses.emplace_back(spec.substr(0, eq), *parsed);
  }
  auto after_sign = [&store, vkey, witnesses] {
    for (const auto& [url, witness] : witnesses) {
      auto cosigned = shim::WitnessLatest(store, vkey, url, witness);
      if (cosigned) {
        spdlog::info("checkpoint of size {} cosigned by {}", cosigned->checkpoint.size, witness.name);
      } else {
        spdlog::error("witness {} at {}: {}", witness.name, url, cosigned.error().ToString());
      }
    }
  };
  return std::make_unique<app::DailyCheckpointer>(store, std::move(*key), verifier->name, app::NextLaPazMidnight,
                                                  witnesses.empty() ? std::function<void()>() : after_sign);
}

int Serve(CliContext& ctx, const ServeFlags& f) {
  auto listen = ParseListen(f.listen);
  if (!listen) return ReportError(listen.error());
  if (Status folders = CheckFolders(ctx, f); !folders) return ReportError(folders.error());
  // Signals are taken by one thread with sigwait: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  // Before any thread starts, so that none is given an arena past the cap.
  if (!app::LimitMallocArenas(f.malloc_arenas)) spdlog::warn("glibc refused M_ARENA_MAX {}", f.malloc_arenas);
  if (!app::FixMallocMmapThreshold(f.malloc_mmap_threshold)) {
    spdlog::warn("glibc refused M_MMAP_THRESHOLD {}", f.malloc_mmap_threshold);
  }
  if (f.rocks.write_buffer_bytes > f.rocks.cache_bytes) {
    return ReportError(MakeError(Code::kBadMemoryBudget, "--write-buffers is charged to --cache-size and cannot exceed it"));
  }
  // One block cache and one memtable cap for the store and the views together.
  const RocksSharing sharing = MakeRocksSharing(f.rocks);
  ctx.rocks = sharing;
  ctx.version_cache_streams = static_cast<size_t>(f.version_cache);
  auto store = ctx.Store();
  if (!store) {
    if (store.error().Is(Code::kStoreLocked)) {
      return ReportError(MakeError(Code::kStoreLocked, "another process (a running server?) holds the store in " + ctx.data_dir));
    }
    return ReportError(store.error());
  }
  projections::ServiceOptions view_options;
  view_options.dir = ViewsDir(ctx);
  view_options.rocks = sharing;
  view_options.projector.cache_records = f.record_cache;
  auto views = projections::ProjectionService::Open(**store, std::move(view_options));
  if (!views) return ReportError(views.error());
  (*views)->Start();
  HandlerOptions handler_options;
  handler_options.reconnection_window_ns = f.reconnection_window_minutes * 60 * 1'000'000'000LL;
  CommandHandler handler(**store, handler_options);
  shim::Metrics metrics;
  shim::ServerDeps deps;
  deps.store = *store;
  deps.handle = [&handler](const ActorRef& actor, schema::Command::Reader command) {
    return handler.Handle(actor, command);
  };
  deps.views = views->get();
  deps.metrics = &metrics;
  auto reads = app::ReadLog::Open(ReadLogPath(ctx));
  if (!reads) return ReportError(reads.error());
  deps.reads = std::move(*reads);
  if (!f.backup_root.empty()) deps.backup_root = std::filesystem::canonical(f.backup_root).string();
  if (!f.quiet) {
    deps.access_log = std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::stdout_sink_mt>());
    deps.access_log->set_level(spdlog::level::info);
    deps.access_log->set_pattern("%Y-%m-%dT%H:%M:%S.%e %v");
  }
  auto checkpointer = Checkpointer(ctx, f, **store);
  shim::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.max_body_bytes = f.max_body;
  options.threads = f.threads;
  options.request_deadline = std::chrono::seconds(f.request_deadline_seconds);
  options.keep_alive = std::chrono::seconds(f.keep_alive_seconds);
  options.max_connections = f.max_connections;
  options.max_connections_per_address = f.max_connections_per_address;
  options.max_streams = f.max_streams;
  options.max_streams_per_token = f.max_streams_per_token;
  options.log_page_bytes = f.log_page_bytes;
  if (f.max_connections >= f.threads) {
    spdlog::warn("--max-connections {} is not below --threads {}: {} kept, one thread stays for /healthz",
                 f.max_connections, f.threads, f.threads > 1 ? f.threads - 1 : 1);
  }
  options.answer_cache_bytes = f.answer_cache;
  options.session_idle = std::chrono::minutes(std::max<int64_t>(f.session_idle_minutes, 1));
  options.session_cookie_secure = f.session_cookie_secure;
  auto server = shim::RestServer::Start(deps, options);
  if (!server) return ReportError(server.error());
  std::printf("Bitácora: sirviendo http://%s:%d (datos en %s; Ctrl-C para detener)\n", options.host.c_str(),
              (*server)->port(), ctx.data_dir.c_str());
  std::fflush(stdout);
  app::PeriodicTrim trim(std::chrono::seconds(f.malloc_trim_seconds));
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    const timespec tick{0, 200'000'000};
    while (!done.load()) {
      if (sigtimedwait(&signals, nullptr, &tick) > 0) {
        (*server)->Stop();
        return;
      }
    }
  });
  (*server)->Wait();
  done = true;
  watcher.join();
  std::printf("Bitácora: detenido\n");
  return 0;
}

}  // namespace

void AddServeCommands(CLI::App& app, CliContext& ctx) {
  auto serve_flags = std::make_shared<ServeFlags>();
  CLI::App* serve = app.add_subcommand("serve", "serve the REST API on the embedded store (docs/rest.md)");
  serve->add_option("--listen", serve_flags->listen, "HOST:PORT to listen on (default 127.0.0.1:8080)");
  // Counts are checked as signed numbers: CLI11 would read "-5" into a size_t as a huge count.
  serve->add_option("--max-body", serve_flags->max_body, "largest request body in bytes (default 65536)")
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 30));
  serve->add_option("--threads", serve_flags->threads, "requests served at once (default 128)")
      ->check(CLI::Range(int64_t{1}, int64_t{4096}));
  serve->add_option("--request-deadline", serve_flags->request_deadline_seconds,
                    "seconds a client has to send a whole request, headers and body (default 10)")
      ->check(CLI::Range(int64_t{1}, int64_t{3600}));
  serve->add_option("--keep-alive", serve_flags->keep_alive_seconds,
                    "seconds an idle connection is kept open between requests (default 5)")
      ->check(CLI::Range(int64_t{1}, int64_t{3600}));
  serve->add_option("--max-connections", serve_flags->max_connections,
                    "open connections served normally, all clients together; kept below --threads, the "
                    "rest serve only /healthz and supervisors (default 120)")
      ->check(CLI::Range(int64_t{1}, int64_t{4096}));
  serve->add_option("--max-connections-per-address", serve_flags->max_connections_per_address,
                    "open connections from one client address; more are refused with 429 (default 32)")
      ->check(CLI::Range(int64_t{1}, int64_t{4096}));
  serve->add_option("--max-streams", serve_flags->max_streams,
                    "event streams (GET /v1/log/stream) open at once; more get 429 (default 32)")
      ->check(CLI::Range(int64_t{0}, int64_t{4096}));
  serve->add_option("--max-streams-per-token", serve_flags->max_streams_per_token,
                    "event streams open at once with one token; more get 429 (default 4)")
      ->check(CLI::Range(int64_t{0}, int64_t{4096}));
  serve->add_option_function<std::string>(
      "--log-page-bytes",
      [serve_flags](const std::string& text) {
        auto bytes = ParseByteSize(text);
        if (!bytes || *bytes == 0) throw CLI::ValidationError("--log-page-bytes", "a size above 0, e.g. 1MiB");
        serve_flags->log_page_bytes = *bytes;
      },
      "a GET /v1/log page ends once its events pass this many bytes of JSON (default 1MiB)");
  serve->add_option("--session-idle", serve_flags->session_idle_minutes,
                    "minutes without a request after which a signed-in user's session ends (default 30)");
  serve->add_flag("--session-cookie-secure", serve_flags->session_cookie_secure,
                  "mark the session cookie Secure: set it when a TLS reverse proxy serves bitacora "
                  "(the server itself speaks plain HTTP)");
  serve->add_option("--reconnection-window-minutes", serve_flags->reconnection_window_minutes,
                    "minutes between the reconnection OIT and its processing (8.2; default 10)")
      ->check(CLI::Range(int64_t{0}, int64_t{24 * 60}));
  serve->add_flag("--quiet", serve_flags->quiet, "no access log");
  serve->add_option("--backup-root", serve_flags->backup_root,
                    "existing folder under which POST /v1/backup may create new backup folders "
                    "(default: none, backups through the API are off)");
  serve->add_flag("--allow-shared-data", serve_flags->allow_shared_data,
                  "serve even when the data folder is readable by group or others (default: refuse)");
  auto bytes_option = [serve, serve_flags](const std::string& name, uint64_t RocksBudget::*field,
                                           const std::string& help) {
    serve->add_option_function<std::string>(
        name,
        [serve_flags, field, name](const std::string& text) {
          auto bytes = ParseByteSize(text);
          if (!bytes) throw CLI::ValidationError(name, bytes.error().message);
          serve_flags->rocks.*field = *bytes;
        },
        help);
  };
  bytes_option("--cache-size", &RocksBudget::cache_bytes,
               "RocksDB block cache shared by the store and the views, memtables included "
               "(bytes, or 128MiB, 1GiB; default 128MiB)");
  bytes_option("--write-buffers", &RocksBudget::write_buffer_bytes,
               "cap on all memtables together, charged to --cache-size (default 32MiB)");
  serve->add_option("--witness", serve_flags->witnesses,
                    "URL=FILE: a witness to send each signed checkpoint to, FILE its verifier key (repeatable)");
  serve->add_option("--record-cache", serve_flags->record_cache,
                    "view records the projector keeps decoded between commits (default 20000)")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  serve->add_option_function<std::string>(
      "--answer-cache",
      [serve_flags](const std::string& text) {
        auto bytes = ParseByteSize(text);
        if (!bytes) throw CLI::ValidationError("--answer-cache", bytes.error().message);
        serve_flags->answer_cache = *bytes;
      },
      "recent answers from the views kept, in bytes (or 32MiB; default 32MiB; 0: none)");
  serve->add_option("--version-cache", serve_flags->version_cache,
                    "stream versions the store's writer keeps (default 100000; under 2: none)")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  serve->add_option("--malloc-arenas", serve_flags->malloc_arenas,
                    "glibc malloc arenas at most (default 0: glibc's default, 8 per core; 4 keeps less heap)")
      ->check(CLI::Range(int64_t{0}, int64_t{1024}));
  serve->add_option_function<std::string>(
      "--malloc-mmap-threshold",
      [serve_flags](const std::string& text) {
        auto bytes = ParseByteSize(text);
        if (!bytes) throw CLI::ValidationError("--malloc-mmap-threshold", bytes.error().message);
        if (*bytes > app::kMaxMallocMmapThreshold) {
          throw CLI::ValidationError("--malloc-mmap-threshold", "at most 32MiB, where glibc's own stops");
        }
        serve_flags->malloc_mmap_threshold = *bytes;
      },
      "allocations this large or larger get pages of their own, handed back when freed (default 128KiB; "
      "0: glibc's, which moves)");
  serve->add_option("--malloc-trim-seconds", serve_flags->malloc_trim_seconds,
                    "hand freed heap back to the system this often (default 60; 0: never)")
      ->check(CLI::Range(int64_t{0}, int64_t{24 * 3600}));
  serve->callback([&ctx, serve_flags] { ctx.run = [&ctx, serve_flags] { return Serve(ctx, *serve_flags); }; });
}

}  // namespace bitacora
