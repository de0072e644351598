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
  const size_t steps = cdf_.size();
  guide_.resize(steps);
  size_t i = 0;
  for (size_t j = 0; j < steps; ++j) {
    const double step_start = static_cast<double>(j) / static_cast<double>(steps) * cdf_.back();
    while (i + 1 < steps && cdf_[i] <= step_start) ++i;
    guide_[j] = static_cast<uint32_t>(i);
  }
}

int64_t PoissonSampler::draw(double mean, std::mt19937_64& rng) {
  if (mean <= 0) return 0;
  const bool repeated = mean == last_mean_;
  last_mean_ = mean;
  if (mean == table_mean_ || (repeated && mean >= 1.0)) {
    if (mean != table_mean_) build_table(mean);
    const double u = std::uniform_real_distribution<double>(0.0, cdf_.back())(rng);
    // The first i with cdf_[i] > u (the last one if none), as a binary search would find it: the
    // guide gives a start at or before it; the backward step guards against rounding in j.
    const size_t steps = cdf_.size();
    const auto j = std::min(steps - 1, static_cast<size_t>(u / cdf_.back() * steps));
    size_t i = guide_[j];
    while (i > 0 && cdf_[i - 1] > u) --i;
    while (i + 1 < steps && cdf_[i] <= u) ++i;
    return table_first_ + static_cast<int64_t>(i);
  }
  if (mean != fallback_.mean()) fallback_ = std::poisson_distribution<int64_t>(mean);
  return fallback_(rng);
}

}  // namespace kds::models
