#include "models/poisson_sampler.hpp"

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

BOOST_AUTO_TEST_CASE(zero_mean_draws_zero) {
  PoissonSampler sampler;
  std::mt19937_64 rng(1);
  BOOST_TEST(sampler.draw(0.0, rng) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
