// The access log of reads of personal data: who read which client's name, address and phone (a
// client's record, folder or history, a page or stream of the log), with which credential, and
// when. Kept as one JSON line per read (api.capnp's PersonalDataRead, through the one answer
// codec) in a file private to the ledger's user beside the store; the auditor queries it with
// GET /v1/reads and `bitacora reads`. It is not part of the hash-chained log: a read changes no
// fact of the desk, and a busy day's reads would outnumber its events.
#ifndef BITACORA_APP_READ_LOG_H_
#define BITACORA_APP_READ_LOG_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "app/answer_codec.h"
#include "core/append/append.h"
#include "core/result.h"

namespace bitacora::app {

// The file's name inside the data folder.
inline constexpr const char* kReadLogFile = "reads.jsonl";

// Which reads a query wants; empty members match everything.
struct ReadFilter {
  std::string subject;  // a client's CI as recorded (normalised: "1234567-1A")
  std::string actor;
  size_t limit = 100;  // the latest `limit` matches (at most 1000)
};

class ReadLog {
 public:
  // Opens (creating, mode 0600) the log at `path` for appending. kIoError when it cannot.
  [[nodiscard]] static Result<std::unique_ptr<ReadLog>> Open(const std::string& path);
  ~ReadLog();
  ReadLog(const ReadLog&) = delete;
  ReadLog& operator=(const ReadLog&) = delete;

  // Appends one read by `who` at `at_ns` (UTC nanoseconds) of `subject` through `route`. A line
  // is written whole with one write(2). Thread-safe.
  [[nodiscard]] Status Record(const ActorRef& who, std::string_view route, std::string_view subject,
                              int64_t at_ns);

  // The latest reads matching `filter`, oldest first, as a ReadsAnswer. Thread-safe.
  [[nodiscard]] Result<OwnedAnswer> Query(const ReadFilter& filter) const;

 private:
  ReadLog(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  mutable std::mutex mu_;
};

// Reads the log at `path` without opening it for appending (the CLI on a local store): as
// ReadLog::Query; an absent file is an empty answer.
[[nodiscard]] Result<OwnedAnswer> QueryReadLog(const std::string& path, const ReadFilter& filter);

}  // namespace bitacora::app

#endif  // BITACORA_APP_READ_LOG_H_
