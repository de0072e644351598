// A weighted histogram of non-negative values (milliseconds) in log-spaced buckets at most 1.6 %
// wide, for the p50/p99 of IteratorAge samples and of per-record propagation delays without keeping
// the samples. The mean and the maximum are exact; percentiles are within a bucket (1.6 %). A batch
// of records whose delays spread evenly over [lo, hi] is one add_uniform() call, O(1) whatever the
// span: the even density is kept in a difference array and spread over the buckets only when a
// quantile is asked for.
#ifndef KDS_MODELS_HISTOGRAM_HPP_
#define KDS_MODELS_HISTOGRAM_HPP_

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace kds::models {

class Histogram {
 public:
  // Bucket 0 holds [0, kFloor). Above it, each power of two is cut into kSubBuckets equal buckets,
  // as HDR histograms do: a bucket is at most 1/64 (1.6 %) of its value wide. Values beyond the
  // last bucket land in it (kFloor * 2^44 ms is five years: beyond any run's delays).
  static constexpr double kFloor = 0.01;    // ms
  static constexpr int kSubBucketBits = 6;  // bucket_of reads this many fraction bits
  static constexpr int kSubBuckets = 1 << kSubBucketBits;
  static constexpr int kOctaves = 44;
  static constexpr int kBuckets = 1 + kOctaves * kSubBuckets;

  Histogram();
  // Inline: called once per poll or invocation, the hot path of every consumer.
  void add(double value, double weight = 1.0) {
    weights_[bucket_of(value)] += weight;
    total_weight_ += weight;
    weighted_sum_ += value * weight;
    max_ = std::max(max_, value);
  }
  // `weight` spread evenly over [lo, hi]. REQUIRES: 0 <= lo <= hi. Inline, like add().
  void add_uniform(double lo, double hi, double weight) {
    const int first = bucket_of(lo), last = bucket_of(hi);
    if (first == last || hi <= lo) {
      weights_[first] += weight;
    } else {
      const double* lows = lows_;
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

  // Empties the histogram (its buckets stay allocated).
  void clear() {
    std::fill(weights_.begin(), weights_.end(), 0.0);
    std::fill(density_steps_.begin(), density_steps_.end(), 0.0);
    total_weight_ = weighted_sum_ = max_ = 0;
  }

  double total_weight() const { return total_weight_; }
  double mean() const { return total_weight_ > 0 ? weighted_sum_ / total_weight_ : 0.0; }
  double max() const { return max_; }
  // Value below which a share q of the weight lies. 0 when empty.
  double quantile(double q) const;

 private:
  // Finding the bucket takes the double's exponent and fraction bits, no logarithm and no frexp.
  static int bucket_of(double value) {
    const double scaled = value / kFloor;
    if (!(scaled >= 1.0)) return 0;
    // scaled = 1.f * 2^octave: the octave is the biased exponent less 1023, the sub-bucket the
    // top bits of f.
    uint64_t bits;
    std::memcpy(&bits, &scaled, sizeof bits);
    const int octave = static_cast<int>(bits >> 52) - 1023;
    if (octave >= kOctaves) return kBuckets - 1;
    const int sub = static_cast<int>((bits >> (52 - kSubBucketBits)) & (kSubBuckets - 1));
    return 1 + octave * kSubBuckets + sub;
  }
  std::vector<double> weights_;        // weight placed directly in each bucket
  std::vector<double> density_steps_;  // difference array of an even density (weight per ms)
  double total_weight_ = 0;
  double weighted_sum_ = 0;
  double max_ = 0;
  // Lower bounds of the buckets, plus the upper bound of the last one: a table shared by every
  // histogram, kept here so that add_uniform() does not check its static guard per call.
  const double* lows_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_HISTOGRAM_HPP_
