// Test helper: appends in a loop from several threads until killed, printing one line per
// acknowledged (durable) append: "<position> <stream> <text>".
#include <unistd.h>

#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/store/event_store.h"
#include "tests/test_util.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: store_crash_child DIR\n");
    return 2;
  }
  auto store = bitacora::EventStore::Open(bitacora::StoreOptions{.path = argv[1], .sync = true});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
    return 1;
  }
  std::mutex out_mu;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0;; ++i) {
        std::string stream = "crash-" + std::to_string(t);
        std::string text = std::to_string(t) + "-" + std::to_string(i);
        auto r = (*store)->Append(bitacora::testing::CommentOn(stream, text));
        if (!r) {
          std::fprintf(stderr, "append failed: %s\n", r.error().ToString().c_str());
          _exit(1);
        }
        std::string line = std::to_string(r->first_position) + " " + stream + " " + text + "\n";
        std::lock_guard<std::mutex> lock(out_mu);
        if (write(1, line.data(), line.size()) < 0) _exit(1);
      }
    });
  }
  for (auto& th : threads) th.join();
}
