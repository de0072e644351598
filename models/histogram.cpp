// The bucket layout is in histogram.hpp (kFloor, kSubBuckets, bucket_of).
#include "models/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
constexpr double kFloor = Histogram::kFloor;
constexpr int kSubBuckets = Histogram::kSubBuckets;
constexpr int kBuckets = Histogram::kBuckets;

// Lower bounds of the buckets, plus the upper bound of the last one.
const std::vector<double>& bucket_lows() {
  static const std::vector<double> lows = [] {
    std::vector<double> v(kBuckets + 1);
    v[0] = 0;
    for (int b = 1; b <= kBuckets; ++b) {
      const int octave = (b - 1) / kSubBuckets, sub = (b - 1) % kSubBuckets;
      v[b] = kFloor * std::ldexp(1.0 + static_cast<double>(sub) / kSubBuckets, octave);
    }
    return v;
  }();
  return lows;
}
}  // namespace

Histogram::Histogram()
    : weights_(kBuckets, 0.0), density_steps_(kBuckets + 1, 0.0), lows_(bucket_lows().data()) {}

double Histogram::quantile(double q) const {
  if (total_weight_ <= 0) return 0;
  const auto& lows = bucket_lows();
  const double target = q * total_weight_;
  double cumulative = 0, density = 0;
  for (int b = 0; b < kBuckets; ++b) {
    density += density_steps_[b];
    const double weight = weights_[b] + density * (lows[b + 1] - lows[b]);
    if (weight <= 0) continue;
    if (cumulative + weight >= target) {
      const double within = (target - cumulative) / weight;
      return std::min(max_, lows[b] + within * (lows[b + 1] - lows[b]));
    }
    cumulative += weight;
  }
  return max_;
}

}  // namespace kds::models
