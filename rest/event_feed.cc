#include "rest/event_feed.h"

#include <algorithm>

#include "app/format.h"
#include "projections/records.h"

namespace bitacora::shim {
namespace {

constexpr size_t kReadBatch = 256;  // events read from the store at once

}  // namespace

std::string SseMessage(const StoredEvent& e) {
  return "id: " + std::to_string(e.position()) + "\nevent: " +
         projections::EventTypeName(static_cast<uint16_t>(e.envelope().getPayload().which())) +
         "\ndata: " + FormatEvent(e.envelope(), true) + "\n\n";
}

Result<uint64_t> EventFeed::Read(uint64_t from, size_t max, std::chrono::milliseconds wait,
                                 std::string* out) {
  from = std::max<uint64_t>(from, 1);
  if (max == 0) return from;
  std::unique_lock lock(mu_);
  bool waited = false;
  for (;;) {
    if (!ring_.empty() && from >= first_ && from < EndLocked()) return CopyLocked(from, max, out);
    if (!ring_.empty() && from < first_) {  // a catch-up behind the ring reads for itself
      lock.unlock();
      return ReadAlone(from, max, out);
    }
    // At or past the ring's end: the log may have nothing there yet.
    if (store_->GetHead().position < from) {
      if (waited) return from;
      lock.unlock();
      store_->WaitForPosition(from - 1, wait);
      lock.lock();
      waited = true;
      continue;
    }
    if (filling_) {  // another stream is reading what this one needs
      filled_.wait(lock, [this] { return !filling_; });
      continue;
    }
    // The ring's end, or past it (the ring then restarts there: the live edge is what most
    // streams follow, and a stream left behind reads for itself).
    if (Status filled = Fill(lock, from); !filled) return std::unexpected(filled.error());
  }
}

uint64_t EventFeed::CopyLocked(uint64_t from, size_t max, std::string* out) const {
  const size_t begin = static_cast<size_t>(from - first_);
  const size_t end = std::min(ring_.size(), begin + max);
  for (size_t i = begin; i < end; ++i) out->append(ring_[i].text);
  return first_ + end;
}

Result<uint64_t> EventFeed::ReadAlone(uint64_t from, size_t max, std::string* out) {
  auto events = store_->ReadLog(from, std::min(max, kReadBatch));
  if (!events) return std::unexpected(events.error());
  uint64_t next = from;
  for (const StoredEvent& e : *events) {
    out->append(SseMessage(e));
    next = e.position() + 1;
  }
  std::lock_guard lock(mu_);
  read_alone_ += events->size();
  return next;
}

Status EventFeed::Fill(std::unique_lock<std::mutex>& lock, uint64_t start) {
  filling_ = true;
  lock.unlock();
  auto events = store_->ReadLog(start, kReadBatch);
  std::deque<Message> fresh;
  if (events) {
    for (const StoredEvent& e : *events) fresh.push_back({e.position(), SseMessage(e)});
  }
  lock.lock();
  filling_ = false;
  filled_.notify_all();
  if (!events) return std::unexpected(events.error());
  if (fresh.empty()) return Ok();
  if (ring_.empty() || start != EndLocked()) {  // restart the ring at `start`
    ring_.clear();
    bytes_ = 0;
    first_ = start;
  }
  formatted_ += fresh.size();
  for (Message& m : fresh) {
    bytes_ += m.text.size();
    ring_.push_back(std::move(m));
  }
  while (ring_.size() > 1 && (ring_.size() > max_events_ || bytes_ > max_bytes_)) {
    bytes_ -= ring_.front().text.size();
    ring_.pop_front();
    ++first_;
  }
  return Ok();
}

uint64_t EventFeed::formatted() const {
  std::lock_guard lock(mu_);
  return formatted_;
}

uint64_t EventFeed::read_alone() const {
  std::lock_guard lock(mu_);
  return read_alone_;
}

}  // namespace bitacora::shim
