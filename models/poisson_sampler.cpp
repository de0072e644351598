#include "models/poisson_sampler.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

namespace {
// lgamma_r: std::lgamma writes glibc's global signgam, and draws run on either of two threads.
double log_gamma(double x) {
  int sign = 0;
  return lgamma_r(x, &sign);
}
}  // namespace

void PoissonSampler::build_table(double mean) {
  const double spread = 12.0 * std::sqrt(mean) + 10.0;
  table_first_ = static_cast<int64_t>(std::max(0.0, std::floor(mean - spread)));
  const auto last = static_cast<int64_t>(std::ceil(mean + spread));
  cdf_.clear();
  double cumulative = 0;
  for (int64_t k = table_first_; k <= last; ++k) {
    const double kd = static_cast<double>(k);
    cumulative += std::exp(kd * std::log(mean) - mean - log_gamma(kd + 1.0));
    cdf_.push_back(cumulative);
  }
  // Drawing u in [0, cdf_.back()) renormalises over the table: the mass left out is below 1e-30.
  table_mean_ = mean;
}

int64_t PoissonSampler::draw(double mean, std::mt19937_64& rng) {
  if (mean <= 0) return 0;
  const bool repeated = mean == last_mean_;
  last_mean_ = mean;
  if (mean == table_mean_ || (repeated && mean >= 1.0)) {
    if (mean != table_mean_) build_table(mean);
    const double u = std::uniform_real_distribution<double>(0.0, cdf_.back())(rng);
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
    return table_first_ +
           std::min<int64_t>(it - cdf_.begin(), static_cast<int64_t>(cdf_.size()) - 1);
  }
  if (mean != fallback_.mean()) fallback_ = std::poisson_distribution<int64_t>(mean);
  return fallback_(rng);
}

}  // namespace kds::models
