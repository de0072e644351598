// A table of 4,096 quantile midpoints stands for a continuous distribution; a fixed size is one
// exact point. Lognormal sizes use Boost.Math's normal quantile. Total bytes use Boost.Random's
// normal distribution: a ziggurat, mostly one random number and no logarithm per draw, where
// std::normal_distribution (polar method) takes two and a logarithm; this draw runs once per
// shard, slice and producer group.
#include "models/record_size_distribution.hpp"

#include <algorithm>
#include <cmath>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/normal_distribution.hpp>

#include "models/fast_round.hpp"

namespace kds::models {

namespace {
constexpr int kQuantiles = 4096;
}  // namespace

RecordSizeDistribution::RecordSizeDistribution(const RecordSizeSpec& spec, double key_bytes,
                                               double max_record_bytes)
    : key_bytes_(key_bytes) {
  const double max_data = max_record_bytes - key_bytes;
  if (spec.kind == RecordSizeSpec::Kind::kFixed) {
    fixed_ = true;
    quantiles_ = {spec.fixed_bytes};
    oversize_fraction_ = spec.fixed_bytes > max_data ? 1.0 : 0.0;
  } else {
    const boost::math::normal standard_normal;
    int oversize = 0;
    for (int i = 0; i < kQuantiles; ++i) {
      const double p = (i + 0.5) / kQuantiles;
      double bytes = 0;
      if (spec.kind == RecordSizeSpec::Kind::kUniform) {
        bytes = spec.uniform_min_bytes + p * (spec.uniform_max_bytes - spec.uniform_min_bytes);
      } else {
        bytes = spec.lognormal_median_bytes *
                std::exp(spec.lognormal_sigma * boost::math::quantile(standard_normal, p));
      }
      bytes = std::max(1.0, bytes);
      if (bytes > max_data) {
        ++oversize;
      } else {
        quantiles_.push_back(bytes);
      }
    }
    oversize_fraction_ = static_cast<double>(oversize) / kQuantiles;
  }
  if (quantiles_.empty()) quantiles_ = {max_data};  // everything is rejected; keep stats finite
  double sum = 0, sum_sq = 0;
  for (double b : quantiles_) {
    sum += b;
    sum_sq += b * b;
  }
  const double n = static_cast<double>(quantiles_.size());
  mean_ = sum / n;
  stddev_ = std::sqrt(std::max(0.0, sum_sq / n - mean_ * mean_));
  min_ = *std::min_element(quantiles_.begin(), quantiles_.end());
  max_ = *std::max_element(quantiles_.begin(), quantiles_.end());
}

double RecordSizeDistribution::mean_rounded_units(double unit_bytes) const {
  double units = 0;
  for (double b : quantiles_) units += std::ceil((b + key_bytes_) / unit_bytes);
  return units / static_cast<double>(quantiles_.size());
}

double RecordSizeDistribution::draw_total_bytes(int64_t records, std::mt19937_64& rng) const {
  const double n = static_cast<double>(records);
  if (fixed_ || records == 0) return n * mean_;
  const double total =
      n * mean_ + std::sqrt(n) * stddev_ * boost::random::normal_distribution<double>()(rng);
  return round_half_away(std::clamp(total, n * min_, n * max_));
}

}  // namespace kds::models
