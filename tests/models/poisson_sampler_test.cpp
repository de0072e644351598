#include "models/poisson_sampler.hpp"

#include <cmath>
#include <map>

#include <boost/test/unit_test.hpp>

using kds::models::PoissonSampler;

namespace {
// Sample mean and variance of n draws with a fixed mean.
std::pair<double, double> moments(double mean, int n) {
  PoissonSampler sampler;
  std::mt19937_64 rng(3);
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const auto x = static_cast<double>(sampler.draw(mean, rng));
    sum += x;
    sum_sq += x * x;
  }
  const double m = sum / n;
  return {m, sum_sq / n - m * m};
}
}  // namespace

BOOST_AUTO_TEST_SUITE(poisson_sampler)

// A Poisson count has variance equal to its mean; the table path (repeated means) keeps it so.
BOOST_AUTO_TEST_CASE(repeated_means_draw_poisson_counts) {
  for (double mean : {0.3, 5.0, 50.0, 5000.0}) {
    const auto [m, v] = moments(mean, 200000);
    BOOST_TEST(m == mean, boost::test_tools::tolerance(0.02));
    BOOST_TEST(v == mean, boost::test_tools::tolerance(0.03));
  }
}

// Each count comes up as often as the Poisson probability says, tails included: the guide table's
// start and the inversion after it must land on the right count, not on a neighbour.
BOOST_AUTO_TEST_CASE(repeated_means_draw_each_count_with_its_probability) {
  constexpr int kDraws = 400000;
  for (double mean : {0.7, 5.0, 50.0}) {
    PoissonSampler sampler;
    std::mt19937_64 rng(11);
    std::map<int64_t, int> counts;
    for (int i = 0; i < kDraws; ++i) ++counts[sampler.draw(mean, rng)];
    for (int64_t k = 0; k <= static_cast<int64_t>(mean * 2 + 6); ++k) {
      const double p = std::exp(static_cast<double>(k) * std::log(mean) - mean -
                                std::lgamma(static_cast<double>(k) + 1.0));
      const double expected = p * kDraws;
      // Five standard deviations of a binomial count, and at least 3 draws of slack.
      const double slack = std::max(3.0, 5.0 * std::sqrt(expected * (1 - p)));
      BOOST_TEST(std::abs(counts[k] - expected) <= slack,
                 "mean " << mean << ", count " << k << ": " << counts[k] << " draws, expected "
                         << expected);
    }
  }
}

BOOST_AUTO_TEST_CASE(zero_mean_draws_zero) {
  PoissonSampler sampler;
  std::mt19937_64 rng(1);
  BOOST_TEST(sampler.draw(0.0, rng) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
