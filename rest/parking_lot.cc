#include "rest/parking_lot.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>

namespace bitacora::shim {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kMaxWait{200};  // also bounds how late an expiry is noticed

}  // namespace

ParkingLot::ParkingLot(Handler ready, Handler expired)
    : ready_(std::move(ready)),
      expired_(std::move(expired)),
      wake_fd_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

ParkingLot::~ParkingLot() {
  Stop();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool ParkingLot::Park(ParkedConnection c) {
  {
    std::lock_guard lock(mu_);
    if (stopped_ || wake_fd_ < 0) return false;
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
    incoming_.push_back(std::move(c));
    ++parked_;
  }
  Wake();
  return true;
}

void ParkingLot::Stop() {
  std::thread thread;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    thread = std::move(thread_);
  }
  Wake();
  if (thread.joinable()) {
    thread.join();  // Run() hands every connection it holds to expired_
  }
  std::vector<ParkedConnection> left;
  {
    std::lock_guard lock(mu_);
    left.swap(incoming_);
    parked_ = 0;
  }
  for (ParkedConnection& c : left) expired_(std::move(c));
}

size_t ParkingLot::parked() const {
  std::lock_guard lock(mu_);
  return parked_;
}

void ParkingLot::Wake() {
  const uint64_t one = 1;
  [[maybe_unused]] ssize_t n = ::write(wake_fd_, &one, sizeof one);
}

void ParkingLot::Run() {
  std::vector<ParkedConnection> held;
  std::vector<pollfd> fds;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopped_) break;
      for (ParkedConnection& c : incoming_) held.push_back(std::move(c));
      incoming_.clear();
    }
    auto wait = kMaxWait;
    const auto now = Clock::now();
    for (const ParkedConnection& c : held) {
      wait =
          std::min(wait, std::chrono::duration_cast<std::chrono::milliseconds>(c.idle_until - now) +
                             std::chrono::milliseconds(1));
    }
    fds.assign(1, pollfd{wake_fd_, POLLIN, 0});
    for (const ParkedConnection& c : held) fds.push_back(pollfd{c.sock, POLLIN, 0});
    int n;
    do {
      n = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<int64_t>(0, wait.count())));
    } while (n < 0 && errno == EINTR);
    if (fds[0].revents & POLLIN) {
      uint64_t count;
      [[maybe_unused]] ssize_t r = ::read(wake_fd_, &count, sizeof count);
    }
    // Hand back the ready ones and close the expired ones; keep the rest, in order.
    const auto after = Clock::now();
    std::vector<ParkedConnection> kept;
    kept.reserve(held.size());
    size_t gone = 0;
    for (size_t i = 0; i < held.size(); ++i) {
      const short revents = fds[i + 1].revents;
      if (revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
        ready_(std::move(held[i]));
        ++gone;
      } else if (after >= held[i].idle_until) {
        expired_(std::move(held[i]));
        ++gone;
      } else {
        kept.push_back(std::move(held[i]));
      }
    }
    held.swap(kept);
    if (gone > 0) {
      std::lock_guard lock(mu_);
      parked_ -= gone;
    }
  }
  for (ParkedConnection& c : held) expired_(std::move(c));
  std::lock_guard lock(mu_);
  parked_ -= std::min(parked_, held.size());
}

}  // namespace bitacora::shim
