#include "rest/stream_gate.h"

namespace bitacora::shim {

StreamGate::Ticket::~Ticket() { gate_->Close(key_); }

Result<std::unique_ptr<StreamGate::Ticket>> StreamGate::Open(const std::string& key) {
  std::lock_guard lock(mu_);
  if (total_ >= max_total_) {
    return Fail(Code::kTooManyStreams, "Hay " + std::to_string(total_) +
                                           " flujos de eventos abiertos, el máximo; reintente más tarde.");
  }
  size_t& mine = by_key_[key];
  if (mine >= max_per_token_) {
    if (mine == 0) by_key_.erase(key);
    return Fail(Code::kTooManyStreams, "Este token ya tiene " + std::to_string(mine) +
                                           " flujos de eventos abiertos, el máximo; cierre alguno.");
  }
  ++mine;
  ++total_;
  return std::unique_ptr<Ticket>(new Ticket(shared_from_this(), key));
}

size_t StreamGate::open() const {
  std::lock_guard lock(mu_);
  return total_;
}

void StreamGate::Close(const std::string& key) {
  std::lock_guard lock(mu_);
  --total_;
  auto it = by_key_.find(key);
  if (it != by_key_.end() && --it->second == 0) by_key_.erase(it);
}

}  // namespace bitacora::shim
