// Group commit: who commits which queued appends. One writer at a time: an append that finds
// nobody committing commits itself on its own thread; appends that queue up behind a commit are
// taken, in groups, by the writer thread until the queue stays empty (writer.cc commits a group).
#include <chrono>
#include <mutex>
#include <vector>

#include "core/store/store_impl.h"

namespace bitacora {

Result<AppendResult> EventStore::Impl::Submit(AppendRequest request) {
  Pending pending{std::move(request), std::nullopt, {}, {}, false};
  std::unique_lock<std::mutex> lock(queue_mu);
  if (stopping) return Fail(Code::kStoreClosed, "the store is closing");
  queue.push_back(&pending);
  if (leader != Leader::kNone) {
    if (leader == Leader::kWriter) writer_cv.notify_one();
    lock.unlock();
    std::unique_lock<std::mutex> mine(pending.mu);
    pending.cv.wait(mine, [&] { return pending.done; });
    return std::move(*pending.outcome);
  }
  // Nobody is committing, so the queue held nothing else: commit on this thread, with no
  // hand-off to the writer thread and back. Appends arriving meanwhile are the writer's.
  leader = Leader::kCaller;
  CommitFront(lock, &pending);
  if (!queue.empty()) {
    leader = Leader::kWriter;
    writer_cv.notify_one();
  } else {
    leader = Leader::kNone;
    drained_cv.notify_all();
  }
  return std::move(*pending.outcome);
}

void EventStore::Impl::CommitFront(std::unique_lock<std::mutex>& lock, const Pending* self) {
  // The group stays queued while it is written, so appends arriving meanwhile wait behind it.
  std::vector<Pending*> group;
  size_t grouped = 0;
  for (Pending* p : queue) {
    if (!group.empty() && grouped + p->request.events.size() > options.max_group_events) break;
    grouped += p->request.events.size();
    group.push_back(p);
  }
  lock.unlock();
  CommitGroup(group);
  lock.lock();
  for (size_t i = 0; i < group.size(); ++i) queue.pop_front();
  lock.unlock();
  for (Pending* p : group) {
    if (p == self) continue;
    // Signalled under its mutex: a waiter's Pending ends as soon as it sees `done`.
    std::lock_guard<std::mutex> theirs(p->mu);
    p->done = true;
    p->cv.notify_one();
  }
  lock.lock();
}

void EventStore::Impl::WriterLoop() {
  // How long the writer stays in charge after emptying the queue: the threads whose appends it
  // just committed often append again at once, and should find it rather than commit alone.
  constexpr auto kLinger = std::chrono::microseconds(250);
  std::unique_lock<std::mutex> lock(queue_mu);
  for (;;) {
    writer_cv.wait(lock, [this] { return leader == Leader::kWriter || writer_exit; });
    if (leader != Leader::kWriter) return;  // writer_exit, and nothing is queued
    do {
      while (!queue.empty()) CommitFront(lock, nullptr);
    } while (!stopping &&
             writer_cv.wait_for(lock, kLinger, [this] { return !queue.empty() || stopping; }));
    leader = Leader::kNone;  // the queue is empty: the wait timed out, or appends are refused
    drained_cv.notify_all();
  }
}

void EventStore::Impl::StartWriter() {
  writer = std::thread([this] { WriterLoop(); });
}

void EventStore::Impl::StopWriter() {
  {
    std::unique_lock<std::mutex> lock(queue_mu);
    stopping = true;
    writer_cv.notify_all();  // ends the writer's linger
    drained_cv.wait(lock, [this] { return leader == Leader::kNone; });
    writer_exit = true;
  }
  writer_cv.notify_all();
  if (writer.joinable()) writer.join();
}

}  // namespace bitacora
