#include "cli/rest/metrics.h"

#include <cstdio>

namespace bitacora::shim {
namespace {

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

void Metrics::ObserveRequest(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), status}];
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
  Histogram& h = it->second;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::CountAppend(uint64_t events) {
  std::lock_guard lock(mu_);
  appended_events_ += events;
  ++appended_commands_;
}

void Metrics::CountRefusal(std::string_view code) {
  std::lock_guard lock(mu_);
  auto it = refusals_.find(code);
  if (it == refusals_.end()) it = refusals_.emplace(std::string(code), 0).first;
  ++it->second;
}

std::string Metrics::Render(uint64_t head_position, uint64_t projection_position) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP bitacora_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE bitacora_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "bitacora_http_requests_total{route=\"" + key.first + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP bitacora_http_request_duration_seconds Time to answer, by route.\n";
  out += "# TYPE bitacora_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + route + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += "bitacora_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             Number(kBuckets[i]) + "\"} " + std::to_string(h.counts[i]) + "\n";
    }
    out += "bitacora_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "bitacora_http_request_duration_seconds_sum{" + label + "} " + Number(h.sum) + "\n";
    out += "bitacora_http_request_duration_seconds_count{" + label + "} " + std::to_string(h.count) + "\n";
  }
  out += "# HELP bitacora_commands_appended_total Commands that appended events.\n";
  out += "# TYPE bitacora_commands_appended_total counter\n";
  out += "bitacora_commands_appended_total " + std::to_string(appended_commands_) + "\n";
  out += "# HELP bitacora_events_appended_total Events appended through the API.\n";
  out += "# TYPE bitacora_events_appended_total counter\n";
  out += "bitacora_events_appended_total " + std::to_string(appended_events_) + "\n";
  out += "# HELP bitacora_command_refusals_total Commands refused or failed, by code.\n";
  out += "# TYPE bitacora_command_refusals_total counter\n";
  for (const auto& [code, n] : refusals_) {
    out += "bitacora_command_refusals_total{code=\"" + code + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP bitacora_log_head_position Position of the last event in the log.\n";
  out += "# TYPE bitacora_log_head_position gauge\n";
  out += "bitacora_log_head_position " + std::to_string(head_position) + "\n";
  out += "# HELP bitacora_projection_position Position the views reflect.\n";
  out += "# TYPE bitacora_projection_position gauge\n";
  out += "bitacora_projection_position " + std::to_string(projection_position) + "\n";
  out += "# HELP bitacora_projection_lag_events Events in the log not yet in the views.\n";
  out += "# TYPE bitacora_projection_lag_events gauge\n";
  const uint64_t lag = head_position > projection_position ? head_position - projection_position : 0;
  out += "bitacora_projection_lag_events " + std::to_string(lag) + "\n";
  return out;
}

}  // namespace bitacora::shim
