// Bucket 0 holds [0, kFloor); bucket b >= 1 holds [kFloor * g^(b-1), kFloor * g^b) with g = 1.01.
// Values beyond the last bucket land in it (1e12 ms is 31 years: never reached by a run).
#include "models/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
constexpr double kFloor = 0.01;  // ms
constexpr double kGrowth = 1.01;
const double kLogGrowth = std::log(kGrowth);
constexpr int kBuckets = 2 + 2800;  // up to 0.01 * 1.01^2800 ~ 1.3e10 ms
}  // namespace

Histogram::Histogram() : weights_(kBuckets, 0.0) {}

int Histogram::bucket_of(double value) const {
  if (value < kFloor) return 0;
  const int b = 1 + static_cast<int>(std::log(value / kFloor) / kLogGrowth);
  return std::min(b, kBuckets - 1);
}

double Histogram::bucket_low(int bucket) const {
  return bucket == 0 ? 0.0 : kFloor * std::pow(kGrowth, bucket - 1);
}

void Histogram::add(double value, double weight) {
  weights_[bucket_of(value)] += weight;
  total_weight_ += weight;
  weighted_sum_ += value * weight;
  max_ = std::max(max_, value);
}

void Histogram::add_uniform(double lo, double hi, double weight) {
  const int first = bucket_of(lo), last = bucket_of(hi);
  if (first == last || hi <= lo) {
    weights_[first] += weight;
  } else {
    for (int b = first; b <= last; ++b) {
      const double from = std::max(lo, bucket_low(b));
      const double to = std::min(hi, b + 1 < kBuckets ? bucket_low(b + 1) : hi);
      if (to > from) weights_[b] += weight * (to - from) / (hi - lo);
    }
  }
  total_weight_ += weight;
  weighted_sum_ += 0.5 * (lo + hi) * weight;
  max_ = std::max(max_, hi);
}

double Histogram::quantile(double q) const {
  if (total_weight_ <= 0) return 0;
  const double target = q * total_weight_;
  double cumulative = 0;
  for (int b = 0; b < kBuckets; ++b) {
    if (weights_[b] <= 0) continue;
    if (cumulative + weights_[b] >= target) {
      const double low = bucket_low(b);
      const double high = b + 1 < kBuckets ? bucket_low(b + 1) : low;
      const double within = (target - cumulative) / weights_[b];
      return std::min(max_, low + within * (high - low));
    }
    cumulative += weights_[b];
  }
  return max_;
}

}  // namespace kds::models
