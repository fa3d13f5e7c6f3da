// Shared helpers for the test suite.
#ifndef BITACORA_TESTS_TEST_UTIL_H_
#define BITACORA_TESTS_TEST_UTIL_H_

#include <capnp/message.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

#include "core/append/append.h"
#include "core/store/event_store.h"

namespace bitacora::testing {

// A fresh folder under the system temp dir, removed (with its contents) on destruction.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("bitacora-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path() const { return path_.string(); }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A CommentRecorded payload with `text`.
inline kj::Array<capnp::word> Comment(const std::string& text) {
  capnp::MallocMessageBuilder msg;
  msg.initRoot<schema::Event>().initCommentRecorded().setText(text);
  return EncodePayload(msg);
}

// A one-event append of a comment to `stream` with `expected`.
inline AppendRequest CommentOn(const std::string& stream, const std::string& text,
                               ExpectedVersion expected = ExpectedVersion::Any(),
                               const std::string& command_id = "") {
  AppendRequest r;
  r.command_id = command_id;
  r.actor = {"tester", schema::Role::PLATFORM};
  r.expectations.push_back({stream, expected});
  r.events.push_back({stream, Comment(text), 0});
  return r;
}

}  // namespace bitacora::testing

#endif  // BITACORA_TESTS_TEST_UTIL_H_
