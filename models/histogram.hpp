// A weighted histogram of non-negative values (milliseconds) in log-spaced buckets at most 1.6 %
// wide, for the p50/p99 of IteratorAge samples and of per-record propagation delays without keeping
// the samples. The mean and the maximum are exact; percentiles are within a bucket (1.6 %). A batch
// of records whose delays spread evenly over [lo, hi] is one add_uniform() call, O(1) whatever the
// span: the even density is kept in a difference array and spread over the buckets only when a
// quantile is asked for.
#ifndef KDS_MODELS_HISTOGRAM_HPP_
#define KDS_MODELS_HISTOGRAM_HPP_

#include <vector>

namespace kds::models {

class Histogram {
 public:
  Histogram();
  void add(double value, double weight = 1.0);
  // `weight` spread evenly over [lo, hi]. REQUIRES: 0 <= lo <= hi.
  void add_uniform(double lo, double hi, double weight);

  double total_weight() const { return total_weight_; }
  double mean() const { return total_weight_ > 0 ? weighted_sum_ / total_weight_ : 0.0; }
  double max() const { return max_; }
  // Value below which a share q of the weight lies. 0 when empty.
  double quantile(double q) const;

 private:
  int bucket_of(double value) const;
  std::vector<double> weights_;        // weight placed directly in each bucket
  std::vector<double> density_steps_;  // difference array of an even density (weight per ms)
  double total_weight_ = 0;
  double weighted_sum_ = 0;
  double max_ = 0;
};

}  // namespace kds::models

#endif  // KDS_MODELS_HISTOGRAM_HPP_
