#include "projections/projection_service.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

#include "core/store/private_files.h"
#include "projections/codec.h"

namespace bitacora::projections {

namespace fs = std::filesystem;

// One generation's database; deletes its folder on release once a rebuild has replaced it.
struct ProjectionService::Generation {
  std::unique_ptr<ViewDb> db;
  std::string path;
  std::atomic<bool> obsolete{false};
  ~Generation() {
    db.reset();
    if (obsolete) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

namespace {

// "gen-7" -> 7; 0 when malformed.
uint64_t GenerationNumber(const std::string& name) {
  if (!name.starts_with("gen-")) return 0;
  uint64_t n = 0;
  const char* begin = name.data() + 4;
  const char* end = name.data() + name.size();
  auto [p, ec] = std::from_chars(begin, end, n);
  return ec == std::errc() && p == end ? n : 0;
}

}  // namespace

ProjectionService::ProjectionService(const EventStore& store, ServiceOptions options)
    : store_(store), options_(std::move(options)) {}

Result<std::unique_ptr<ProjectionService>> ProjectionService::Open(const EventStore& store, ServiceOptions options) {
  KeepNewFilesPrivate();  // the views hold clients' names: 0700 folders, 0600 files
  std::error_code ec;
  fs::create_directories(options.dir, ec);
  if (ec) return Fail(Code::kViewDir, "cannot create " + options.dir + ": " + ec.message());
  std::unique_ptr<ProjectionService> service(new ProjectionService(store, std::move(options)));
  std::string name = "gen-1";
  std::ifstream current(fs::path(service->options_.dir) / "CURRENT");
  if (current) std::getline(current, name);
  const uint64_t number = GenerationNumber(name);
  if (number == 0) return Fail(Code::kViewCurrentCorrupt, "CURRENT names no generation: " + name);
  service->next_generation_ = number + 1;
  if (Status s = service->OpenGeneration(name, false, service->options_.projector, service->generation_,
                                         service->projector_);
      !s) {
    return Fail(s.error());
  }
  service->committed_ = service->projector_->committed_position();
  service->cached_records_ = service->projector_->cached_records();
  if (!current) {
    if (Status s = service->WriteCurrent(name); !s) return Fail(s.error());
    if (Status s = service->SyncFolder(); !s) return Fail(s.error());
  }
  auto format = service->generation_->db->Get(keys::kFormat);
  if (!format) return Fail(format.error());
  if (format->has_value() && ((*format)->size() != 8 || GetBE64(**format) != kFormatVersion)) {
    if (Status s = service->Rebuild(); !s) return Fail(s.error());
  }
  return service;
}

ProjectionService::~ProjectionService() { Stop(); }

Status ProjectionService::OpenGeneration(const std::string& name, bool fresh, const ProjectorOptions& options,
                                         std::shared_ptr<Generation>& out,
                                         std::unique_ptr<Projector>& projector) const {
  const std::string path = (fs::path(options_.dir) / name).string();
  if (fresh) {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  auto db = ViewDb::Open(path, options_.rocks);
  if (!db) return Fail(db.error());
  auto generation = std::make_shared<Generation>();
  generation->db = std::move(*db);
  generation->path = path;
  auto p = Projector::Create(*generation->db, options);
  if (!p) return Fail(p.error());
  out = std::move(generation);
  projector = std::move(*p);
  return Ok();
}

Status ProjectionService::WriteCurrent(const std::string& name) const {
  // Write a temp file and sync it, rename it over CURRENT (SyncFolder makes the rename durable):
  // after a crash CURRENT names either the old generation or the new one, never nothing.
  const fs::path tmp = fs::path(options_.dir) / "CURRENT.tmp";
  const std::string line = name + "\n";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail(Code::kViewCurrent, "cannot write " + tmp.string());
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) return Fail(Code::kViewCurrent, "cannot write " + tmp.string());
  std::error_code ec;
  fs::rename(tmp, fs::path(options_.dir) / "CURRENT", ec);
  if (ec) return Fail(Code::kViewCurrent, "cannot rename CURRENT: " + ec.message());
  return Ok();
}

Status ProjectionService::SyncFolder() const {
  const int dir = ::open(options_.dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  const bool synced = dir >= 0 && ::fsync(dir) == 0;
  if (dir >= 0) ::close(dir);
  if (!synced) return Fail(Code::kViewCurrent, "cannot sync " + options_.dir);
  return Ok();
}

Status ProjectionService::CatchUp() {
  const uint64_t head = store_.GetHead().position;
  for (;;) {
    std::lock_guard lock(mu_);
    const uint64_t at = projector_->position();
    if (at >= head) return Ok();
    const uint64_t to = std::min<uint64_t>(head, at + options_.projector.flush_events);
    auto reached = projector_->CatchUp(store_, to);
    if (!reached) {
      projector_->Discard();
      return Fail(reached.error());
    }
    committed_ = projector_->committed_position();
    cached_records_ = projector_->cached_records();
  }
}

void ProjectionService::Start() {
  std::lock_guard lock(mu_);
  if (follower_.joinable()) return;
  stop_ = false;
  follower_ = std::thread([this] { Follow(); });
}

void ProjectionService::Stop() {
  stop_ = true;
  if (follower_.joinable()) follower_.join();
}

void ProjectionService::Follow() {
  while (!stop_) {
    Status s = CatchUp();
    {
      std::lock_guard lock(current_mu_);
      error_ = s;
    }
    if (stop_) break;
    store_.WaitForPosition(position(), options_.poll);
  }
}

Status ProjectionService::Rebuild(const std::function<void(uint64_t)>& progress) {
  std::lock_guard rebuilding(rebuild_mu_);
  std::string name;
  {
    std::lock_guard lock(mu_);
    name = "gen-" + std::to_string(next_generation_++);
  }
  std::shared_ptr<Generation> fresh;
  std::unique_ptr<Projector> projector;
  ProjectorOptions bulk = options_.projector;
  bulk.bulk = true;
  bulk.flush_events = std::max<size_t>(bulk.flush_events, kBulkFlushEvents);
  if (Status s = OpenGeneration(name, true, bulk, fresh, projector); !s) return s;
  // A generation that does not make it to the swap is deleted when dropped.
  fresh->obsolete = true;
  // The long part, while the current generation keeps serving and following.
  if (auto reached = projector->CatchUp(store_, 0, progress); !reached) {
    return Fail(reached.error());
  }
  std::lock_guard lock(mu_);
  if (auto reached = projector->CatchUp(store_); !reached) return Fail(reached.error());
  // Everything up to the checkpoint is in ingested SST files, which RocksDB has synced: the new
  // generation is durable before CURRENT names it.
  if (Status s = projector->EndBulk(options_.projector); !s) return s;
  if (Status s = WriteCurrent(name); !s) return s;
  fresh->obsolete = false;
  projector_ = std::move(projector);
  {
    std::lock_guard current(current_mu_);
    generation_->obsolete = true;
    generation_ = std::move(fresh);
  }
  committed_ = projector_->committed_position();
  cached_records_ = projector_->cached_records();
  // CURRENT already names the new generation, which now serves; this makes the rename durable.
  return SyncFolder();
}

std::shared_ptr<const ViewDb> ProjectionService::Current() const {
  std::lock_guard lock(current_mu_);
  return std::shared_ptr<const ViewDb>(generation_, generation_->db.get());
}

uint64_t ProjectionService::position() const { return committed_.load(); }

ViewsMemory ProjectionService::Memory() const {
  return ViewsMemory{Current()->Memory(), cached_records_.load()};
}

Status ProjectionService::last_error() const {
  std::lock_guard lock(current_mu_);
  return error_;
}

}  // namespace bitacora::projections
