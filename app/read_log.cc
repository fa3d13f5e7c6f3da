#include "app/read_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/views_json.h"
#include "events/api.capnp.h"

namespace bitacora::app {
namespace {

constexpr size_t kMaxLimit = 1000;

capnp::StructSchema ReadSchema() { return capnp::Schema::from<schema::PersonalDataRead>(); }

// The matching lines of `in`, the latest `filter.limit` kept.
Result<OwnedAnswer> Collect(std::istream& in, const ReadFilter& filter) {
  const size_t limit = std::clamp<size_t>(filter.limit, 1, kMaxLimit);
  std::deque<OwnedAnswer> kept;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto read = OwnedAnswer::FromJson(ReadSchema(), line);
    if (!read) continue;  // a line cut by a crash while written: skipped, the rest still read
    auto r = read->reader().as<schema::PersonalDataRead>();
    if (!filter.subject.empty() && filter.subject != r.getSubject().cStr()) continue;
    if (!filter.actor.empty() && filter.actor != r.getActor().cStr()) continue;
    kept.push_back(std::move(*read));
    if (kept.size() > limit) kept.pop_front();
  }
  OwnedAnswer answer(capnp::Schema::from<schema::ReadsAnswer>());
  auto list = answer.root().as<schema::ReadsAnswer>().initReads(static_cast<unsigned>(kept.size()));
  for (unsigned i = 0; i < kept.size(); ++i) {
    list.setWithCaveats(i, kept[i].reader().as<schema::PersonalDataRead>());
  }
  return answer;
}

}  // namespace

Result<std::unique_ptr<ReadLog>> ReadLog::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Fail(Code::kIoError,
                "cannot open the access log of reads " + path + ": " + std::strerror(errno));
  }
  return std::unique_ptr<ReadLog>(new ReadLog(path, fd));
}

ReadLog::~ReadLog() { ::close(fd_); }

Status ReadLog::Record(const ActorRef& who, std::string_view route, std::string_view subject,
                       int64_t at_ns) {
  OwnedAnswer read(ReadSchema());
  auto r = read.root().as<schema::PersonalDataRead>();
  r.setAt(LaPazTime(at_ns));
  r.setActor(who.id);
  r.setRole(who.role);
  r.setCredential(who.credential);
  r.setRoute(std::string(route));
  r.setSubject(std::string(subject));
  const std::string line = read.Json() + "\n";
  std::lock_guard lock(mu_);
  const ssize_t n = ::write(fd_, line.data(), line.size());
  if (n != static_cast<ssize_t>(line.size())) {
    return Fail(Code::kIoError, "cannot write the access log of reads " + path_);
  }
  return Ok();
}

Result<OwnedAnswer> ReadLog::Query(const ReadFilter& filter) const {
  std::lock_guard lock(mu_);  // a line is never read half written
  return QueryReadLog(path_, filter);
}

Result<OwnedAnswer> QueryReadLog(const std::string& path, const ReadFilter& filter) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    std::istringstream empty;
    return Collect(empty, filter);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(Code::kIoError, "cannot read the access log of reads " + path);
  return Collect(in, filter);
}

}  // namespace bitacora::app
