// Poisson-distributed record counts, fast when many shards in a row draw with the same mean.
//
// The write path draws one count per shard and slice; with evenly spread keys every shard of a
// slice has the same mean. For a mean asked for twice in a row the sampler builds that mean's
// cumulative table (mean +- 12 standard deviations, which leaves out less than 1e-30 of the mass)
// and draws by inversion; other means go to std::poisson_distribution. Both are exact Poisson
// draws; only the random numbers used differ. The inversion starts from a guide table (the first
// count for each of cdf_.size() equal steps of probability), so it looks at one or two entries
// instead of a binary search's eight.
#ifndef KDS_MODELS_POISSON_SAMPLER_HPP_
#define KDS_MODELS_POISSON_SAMPLER_HPP_

#include <cstdint>
#include <random>
#include <vector>

namespace kds::models {

class PoissonSampler {
 public:
  // REQUIRES: mean >= 0 and finite.
  int64_t draw(double mean, std::mt19937_64& rng);

 private:
  void build_table(double mean);
  double last_mean_ = -1;        // the mean of the previous draw
  double table_mean_ = -1;       // the mean cdf_ was built for
  int64_t table_first_ = 0;      // the count cdf_[0] is for
  std::vector<double> cdf_;      // P(X <= table_first_ + i)
  std::vector<uint32_t> guide_;  // guide_[j]: first i with cdf_[i] > j / size * cdf_.back()
  std::poisson_distribution<int64_t> fallback_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_POISSON_SAMPLER_HPP_
