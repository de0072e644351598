// Bucket 0 holds [0, kFloor). Above it, each power of two is cut into 64 equal buckets, as HDR
// histograms do: a bucket is at most 1/64 (1.6 %) of its value wide, and finding it takes the
// double's exponent and mantissa, no logarithm. Values beyond the last bucket land in it
// (kFloor * 2^44 ms is five years: beyond any run's delays).
#include "models/histogram.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
constexpr double kFloor = 0.01;  // ms
constexpr int kSubBuckets = 64;
constexpr int kOctaves = 44;
constexpr int kBuckets = 1 + kOctaves * kSubBuckets;

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

Histogram::Histogram() : weights_(kBuckets, 0.0), density_steps_(kBuckets + 1, 0.0) {
  bucket_lows();
}

int Histogram::bucket_of(double value) const {
  const double scaled = value / kFloor;
  if (!(scaled >= 1.0)) return 0;
  int exponent = 0;
  const double mantissa =
      std::frexp(scaled, &exponent);  // scaled = mantissa * 2^exponent, mantissa in [0.5, 1)
  const int octave = exponent - 1;
  if (octave >= kOctaves) return kBuckets - 1;
  const int sub = static_cast<int>((2.0 * mantissa - 1.0) * kSubBuckets);
  return 1 + octave * kSubBuckets + std::min(sub, kSubBuckets - 1);
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
    const auto& lows = bucket_lows();
    const double density = weight / (hi - lo);
    weights_[first] += density * (lows[first + 1] - lo);
    weights_[last] += density * (hi - lows[last]);
    density_steps_[first + 1] += density;  // buckets first+1 .. last-1 are fully covered
    density_steps_[last] -= density;
  }
  total_weight_ += weight;
  weighted_sum_ += 0.5 * (lo + hi) * weight;
  max_ = std::max(max_, hi);
}

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
