// One Eigen array per step boundary: appending is a vector add, a lookup at a time is a binary
// search over the boundaries, and a reader's FIFO lookup walks forward from its last boundary.
// Memory: shards x steps held x 12 bytes (1,000 shards x 1,440 steps: 17 MB); the steps held are
// those since the oldest time a consumer can still ask for (drop_before).
#include "models/fluid_arrival_history.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace kds::models {

FluidArrivalHistory::FluidArrivalHistory(int shards) {
  times_.push_back(0.0);
  cumulative_.push_back(Eigen::ArrayXd::Zero(shards));
}

void FluidArrivalHistory::append(double t_s, const Eigen::ArrayXd& stored,
                                 const Eigen::ArrayXd& stored_bytes) {
  bytes_per_record_.push_back(
      (stored > 0).select(stored_bytes / stored.max(1e-300), 0.0).cast<float>());
  Eigen::ArrayXd next = stored;
  const Eigen::ArrayXd& last = cumulative_.back();
  const Eigen::Index common = std::min(last.size(), next.size());
  next.head(common) += last.head(common);
  times_.push_back(t_s);
  cumulative_.push_back(std::move(next));
}

void FluidArrivalHistory::drop_before(double t_s) {
  const size_t k = boundary_before(t_s);
  if (k < 1 || 2 * k < times_.size()) return;  // compact once half the arrays are stale
  const auto drop = static_cast<std::ptrdiff_t>(k);
  times_.erase(times_.begin(), times_.begin() + drop);
  cumulative_.erase(cumulative_.begin(), cumulative_.begin() + drop);
  bytes_per_record_.erase(bytes_per_record_.begin(), bytes_per_record_.begin() + drop);
  base_ += k;
}

size_t FluidArrivalHistory::boundary_before(double t_s) const {
  const auto it = std::upper_bound(times_.begin(), times_.end(), t_s);
  return it == times_.begin() ? 0 : static_cast<size_t>(it - times_.begin()) - 1;
}

Eigen::ArrayXd FluidArrivalHistory::cumulative_at(double t_s, int shards) const {
  Eigen::ArrayXd out = Eigen::ArrayXd::Zero(shards);
  const size_t j = boundary_before(t_s);
  const Eigen::ArrayXd& a = cumulative_[j];
  const Eigen::Index na = std::min<Eigen::Index>(a.size(), shards);
  out.head(na) = a.head(na);
  if (j + 1 < times_.size() && t_s > times_[j]) {
    const double f = (t_s - times_[j]) / (times_[j + 1] - times_[j]);
    const Eigen::ArrayXd& b = cumulative_[j + 1];
    const Eigen::Index nb = std::min<Eigen::Index>(b.size(), shards);
    out.head(nb) += f * (b.head(nb) - out.head(nb));
  }
  return out;
}

double FluidArrivalHistory::cumulative_at(int shard, double t_s) const {
  const size_t j = boundary_before(t_s);
  const double a = at(j, shard);
  if (j + 1 >= times_.size() || t_s <= times_[j]) return a;
  const double f = (t_s - times_[j]) / (times_[j + 1] - times_[j]);
  return a + f * (at(j + 1, shard) - a);
}

size_t FluidArrivalHistory::boundary_of(int shard, double ordinal, int hint) const {
  const size_t last = times_.size() - 1;
  const auto local = static_cast<int64_t>(hint) - static_cast<int64_t>(base_);
  auto j = static_cast<size_t>(std::clamp<int64_t>(local, 0, static_cast<int64_t>(last)));
  while (j < last && at(j + 1, shard) <= ordinal) ++j;
  return j;
}

double FluidArrivalHistory::bytes_per_record_at(int shard, double ordinal, int hint) const {
  const size_t j = boundary_of(shard, ordinal, hint);
  if (j >= bytes_per_record_.size()) return 0.0;
  const Eigen::ArrayXf& b = bytes_per_record_[j];
  return shard < b.size() ? static_cast<double>(b[shard]) : 0.0;
}

double FluidArrivalHistory::arrival_time(int shard, double ordinal, int& hint) const {
  const size_t last = times_.size() - 1;
  const size_t j = boundary_of(shard, ordinal, hint);
  hint = static_cast<int>(base_ + j);
  if (j >= last) return times_[last];
  const double a = at(j, shard), b = at(j + 1, shard);
  const double f = b > a ? std::clamp((ordinal - a) / (b - a), 0.0, 1.0) : 0.0;
  return times_[j] + f * (times_[j + 1] - times_[j]);
}

}  // namespace kds::models
