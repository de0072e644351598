#include "models/on_demand_scaling.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"
#include "models/peak_windows.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
// KDS records/s the stream-wide capacity allows per byte/s: 1,000 records/s per MiB/s, as a shard.
constexpr double kRecordsPerByte = kShardWriteRecordsPerS / kShardWriteBytesPerS;
}  // namespace

OnDemandScaling::OnDemandScaling(const Scenario& scenario)
    : service_(scenario.service),
      initial_bytes_per_s_(scenario.on_demand_floor_write_mib_per_s() * kBytesPerMiB),
      max_bytes_per_s_(scenario.on_demand_max_write_mib_per_s * kBytesPerMiB),
      window_s_(scenario.service.on_demand_peak_window_s),
      capacity_bytes_per_s_(initial_bytes_per_s_),
      records_bucket_(0, 0),
      bytes_bucket_(0, 0) {
  // The previous peak counts as a window that ended at the start, already matured.
  if (scenario.previous_peak_mib_per_s)
    peaks_.push_back({0.0, *scenario.previous_peak_mib_per_s * kBytesPerMiB});
  mature(0);
  // The buckets start full: a stream does not begin in debt.
  const double burst_bytes =
      std::max(capacity_bytes_per_s_, scenario.max_record_size_kib * kBytesPerKiB);
  records_bucket_ =
      TokenBucket(capacity_bytes_per_s_ * kRecordsPerByte, capacity_bytes_per_s_ * kRecordsPerByte);
  bytes_bucket_ = TokenBucket(burst_bytes, capacity_bytes_per_s_);
  max_record_bytes_ = scenario.max_record_size_kib * kBytesPerKiB;
}

void OnDemandScaling::mature(double t_s) {
  while (!pending_.empty() && pending_.front().end_s + service_.on_demand_scale_up_delay_s <= t_s) {
    const Window w = pending_.front();
    pending_.pop_front();
    while (!peaks_.empty() && peaks_.back().bytes_per_s <= w.bytes_per_s) peaks_.pop_back();
    peaks_.push_back(w);
  }
  while (!peaks_.empty() && peaks_.front().end_s + service_.on_demand_peak_memory_s < t_s)
    peaks_.pop_front();
  const double peak = peaks_.empty() ? 0.0 : peaks_.front().bytes_per_s;
  capacity_bytes_per_s_ = std::min(max_bytes_per_s_, std::max(initial_bytes_per_s_, 2 * peak));
}

void OnDemandScaling::hold_capacity(double bytes_per_s, double t_s) {
  mature(t_s);
  // As a matured peak of half the capacity at t_s: the sliding maximum stays decreasing.
  const Window w{t_s, bytes_per_s / 2};
  while (!peaks_.empty() && peaks_.back().bytes_per_s <= w.bytes_per_s) peaks_.pop_back();
  peaks_.push_back(w);
  mature(t_s);
}

double OnDemandScaling::write_bytes_per_s(double t_s) {
  mature(t_s);
  return capacity_bytes_per_s_;
}

double OnDemandScaling::admitted_fraction(int64_t kds_records, double bytes, double slice_end_s) {
  const double capacity = write_bytes_per_s(slice_end_s);
  if (bytes_bucket_.refill_per_s() != capacity) {
    // Capacity changes from the end of the previous slice on.
    bytes_bucket_.set_rate(std::max(capacity, max_record_bytes_), capacity);
    records_bucket_.set_rate(capacity * kRecordsPerByte, capacity * kRecordsPerByte);
  }
  records_bucket_.refill(slice_end_s);
  bytes_bucket_.refill(slice_end_s);
  double fraction = 1.0;
  if (kds_records > 0)
    fraction = std::min(fraction, records_bucket_.level() / static_cast<double>(kds_records));
  if (bytes > 0) fraction = std::min(fraction, bytes_bucket_.level() / bytes);
  fraction = std::max(0.0, fraction);
  records_bucket_.take_debt(fraction * static_cast<double>(kds_records));
  bytes_bucket_.take_debt(fraction * bytes);
  return fraction;
}

void OnDemandScaling::observe_demand(double t0_s, double t1_s, double first_attempt_bytes) {
  for_each_peak_window(t0_s, t1_s, window_s_, [&](int64_t w, double share) {
    if (w != window_index_) {
      pending_.push_back(
          {static_cast<double>(window_index_ + 1) * window_s_, window_bytes_ / window_s_});
      window_index_ = w;
      window_bytes_ = 0;
    }
    window_bytes_ += share * first_attempt_bytes;
  });
}

void OnDemandScaling::observe_shard(int shard, double t0_s, double t1_s, double accepted_bytes) {
  const auto s = static_cast<size_t>(shard);
  if (s >= split_due_s_.size()) {
    shard_window_bytes_.resize(s + 1, 0.0);
    shard_window_index_.resize(s + 1, -1);
    split_due_s_.resize(s + 1, 0.0);
  }
  for_each_peak_window(t0_s, t1_s, window_s_, [&](int64_t w, double share) {
    if (w != shard_window_index_[s]) {
      // A window just ended for this shard: was it over the split threshold?
      if (shard_window_index_[s] >= 0 && split_due_s_[s] == 0 &&
          shard_window_bytes_[s] / window_s_ > service_.on_demand_split_threshold_bytes_per_s) {
        split_due_s_[s] = static_cast<double>(shard_window_index_[s] + 1) * window_s_ +
                          service_.on_demand_split_delay_s;
      }
      shard_window_index_[s] = w;
      shard_window_bytes_[s] = 0;
    }
    shard_window_bytes_[s] += share * accepted_bytes;
  });
}

std::vector<int> OnDemandScaling::hot_shards_due(double t_s) {
  std::vector<int> due;
  for (size_t s = 0; s < split_due_s_.size(); ++s) {
    if (split_due_s_[s] > 0 && split_due_s_[s] <= t_s) {
      due.push_back(static_cast<int>(s));
      split_due_s_[s] = 0;
    }
  }
  return due;
}

int OnDemandScaling::min_open_shards(double t_s) {
  return static_cast<int>(std::ceil(write_bytes_per_s(t_s) / kShardWriteBytesPerS - 1e-9));
}

int OnDemandScaling::max_open_shards(double t_s) {
  return static_cast<int>(std::ceil(2 * write_bytes_per_s(t_s) / kShardWriteBytesPerS - 1e-9));
}

}  // namespace kds::models
