#include "models/kcl_lease_timing.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
constexpr double kEpsilonS = 0.025;  // KCL's epsilon in the renewal and taker intervals
constexpr double kNever = 1e300;
}  // namespace

KclLeaseTiming::KclLeaseTiming(const ConsumerSpec& spec, const std::vector<EventSpec>& events,
                               std::mt19937_64& rng)
    : failover_s_(spec.failover_time_s),
      start_at_s_(spec.start_at_s),
      renewal_interval_s_(spec.failover_time_s / 3 - kEpsilonS),
      taker_interval_s_((spec.failover_time_s + kEpsilonS) * 2),
      down_(static_cast<size_t>(spec.workers)) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int w = 0; w < spec.workers; ++w) {
    renewal_phase_s_.push_back(spec.start_at_s + unit(rng) * renewal_interval_s_);
    taker_phase_s_.push_back(spec.start_at_s + unit(rng) * taker_interval_s_);
  }
  for (const EventSpec& e : events) {
    if (e.kind != EventSpec::Kind::kStopConsumer || e.target != spec.name) continue;
    for (int w = 0; w < spec.workers; ++w) {
      if (e.worker < 0 || e.worker == w)
        down_[static_cast<size_t>(w)].push_back({e.at_s, e.until_s()});
    }
  }
  for (auto& windows : down_) std::sort(windows.begin(), windows.end());
}

bool KclLeaseTiming::is_down(int worker, double t_s) const {
  for (const auto& [from, until] : down_[static_cast<size_t>(worker)]) {
    if (t_s >= from && t_s < until) return true;
  }
  return false;
}

double KclLeaseTiming::up_at(int worker, double t_s) const {
  double up = t_s;
  // Overlapping windows chain: keep extending while the new time is still inside one.
  for (bool extended = true; extended;) {
    extended = false;
    for (const auto& [from, until] : down_[static_cast<size_t>(worker)]) {
      if (up >= from && up < until) {
        up = until;
        extended = true;
      }
    }
  }
  return up;
}

double KclLeaseTiming::next_down_at(int worker, double t_s) const {
  double next = kNever;
  for (const auto& [from, until] : down_[static_cast<size_t>(worker)]) {
    if (from >= t_s) next = std::min(next, from);
  }
  return next;
}

double KclLeaseTiming::down_since(int worker, double t_s) const {
  double since = t_s;
  for (const auto& [from, until] : down_[static_cast<size_t>(worker)]) {
    if (t_s >= from && t_s < until) since = std::min(since, from);
  }
  return since;
}

double KclLeaseTiming::leases_expire_at(int worker, double t_s) const {
  const double down_since = this->down_since(worker, t_s);
  const double phase = renewal_phase_s_[static_cast<size_t>(worker)];
  const double last_renewal =
      phase + std::floor((down_since - phase) / renewal_interval_s_) * renewal_interval_s_;
  return std::max(last_renewal, start_at_s_) + failover_s_;
}

double KclLeaseTiming::next_taker_run_after(int worker, double t_s) const {
  const double phase = taker_phase_s_[static_cast<size_t>(worker)];
  if (t_s < phase) return phase;
  double next = phase + (std::floor((t_s - phase) / taker_interval_s_) + 1) * taker_interval_s_;
  while (next <= t_s) next += taker_interval_s_;  // rounding in floor() may land on t_s itself
  return next;
}

}  // namespace kds::models
