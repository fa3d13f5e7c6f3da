// Projector::CatchUp: one thread reads the log while the caller's thread applies.
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "projections/projector.h"

namespace bitacora::projections {

namespace {

// Events read from the log by the reader thread, handed to the applying thread.
struct Chunk {
  std::string bytes;             // the events' stored bytes, back to back
  std::vector<size_t> ends;      // where each event ends in `bytes`
  Status status = Ok();
};

// A bounded hand-off between one reader and one applier.
class ChunkQueue {
 public:
  explicit ChunkQueue(size_t depth) : depth_(depth) {}
  // Returns false once the consumer has stopped.
  bool Push(Chunk chunk) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return chunks_.size() < depth_ || stopped_; });
    if (stopped_) return false;
    chunks_.push_back(std::move(chunk));
    cv_.notify_all();
    return true;
  }
  // Blocks for the next chunk; nullopt once the producer closed and everything was taken.
  std::optional<Chunk> Pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !chunks_.empty() || closed_; });
    if (chunks_.empty()) return std::nullopt;
    Chunk c = std::move(chunks_.front());
    chunks_.pop_front();
    cv_.notify_all();
    return c;
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    cv_.notify_all();
  }
  void Stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Chunk> chunks_;
  size_t depth_;
  bool closed_ = false;
  bool stopped_ = false;
};

constexpr uint64_t kChunkEvents = 4096;

}  // namespace

Result<uint64_t> Projector::CatchUp(const EventStore& store, uint64_t to,
                                    const std::function<void(uint64_t)>& progress) {
  if (to == 0) to = store.GetHead().position;
  if (applied_.position >= to) return applied_.position;
  store_ = &store;
  struct Forget {
    const EventStore*& store;
    ~Forget() { store = nullptr; }
  } forget{store_};
  // One thread reads the log while this one applies: reading (RocksDB, decompression) and
  // projecting overlap. The reader stops when this thread stops taking chunks.
  ChunkQueue queue(4);
  const uint64_t first = applied_.position + 1;
  std::thread reader([&store, &queue, first, to] {
    for (uint64_t from = first; from <= to; from += kChunkEvents) {
      Chunk chunk;
      const uint64_t until = std::min<uint64_t>(to, from + kChunkEvents - 1);
      chunk.status = store.ScanLog(from, until, [&](uint64_t, std::string_view bytes) {
        chunk.bytes.append(bytes);
        chunk.ends.push_back(chunk.bytes.size());
        return true;
      });
      const bool failed = !chunk.status.has_value();
      if (!queue.Push(std::move(chunk)) || failed) break;
    }
    queue.Close();
  });
  Status failed = Ok();
  while (auto chunk = queue.Pop()) {
    if (!chunk->status) {
      failed = chunk->status;
      break;
    }
    size_t begin = 0;
    for (size_t end : chunk->ends) {
      failed = Apply(std::string_view(chunk->bytes).substr(begin, end - begin));
      begin = end;
      if (!failed) break;
    }
    if (!failed) break;
    if (pending_events_ >= options_.flush_events) {
      failed = Flush();
      if (!failed) break;
      if (progress) progress(committed_position());
    }
  }
  queue.Stop();
  reader.join();
  if (!failed) return Fail(failed.error());
  if (applied_.position < to) {
    return Fail(Code::kProjectionLogShort, "the log ended at " + std::to_string(applied_.position) + " before " + std::to_string(to));
  }
  if (Status s = Flush(); !s) return Fail(s.error());
  if (progress) progress(committed_position());
  return applied_.position;
}

}  // namespace bitacora::projections
