#include "models/fast_round.hpp"

#include <cmath>
#include <cstdint>
#include <random>

#include <boost/test/unit_test.hpp>

using namespace kds::models;

namespace {
// Same value and same sign (std::round(-0.3) is -0.0).
bool same_as_std_round(double x) {
  const double want = std::round(x), got = round_half_away(x);
  return got == want && std::signbit(got) == std::signbit(want);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(fast_round)

// Halves go away from zero, as std::round does; the sign of a zero result is kept.
BOOST_AUTO_TEST_CASE(rounds_halves_away_from_zero_and_keeps_the_sign_of_zero) {
  for (double x : {0.0, -0.0, 0.3, -0.3, 0.5, -0.5, 1.5, -1.5, 2.5, -2.5, 0.49999999999999994,
                   -0.49999999999999994, 4503599627370495.5, -4503599627370495.5}) {
    BOOST_TEST(same_as_std_round(x), "x = " << x);
  }
}

// From 2^52 on every double is whole; infinities and NaN come back unchanged.
BOOST_AUTO_TEST_CASE(leaves_whole_and_non_finite_values_unchanged) {
  for (double x : {4503599627370496.0, -4503599627370497.0, 1e300, -1e300, HUGE_VAL, -HUGE_VAL}) {
    BOOST_TEST(same_as_std_round(x), "x = " << x);
  }
  BOOST_TEST(std::isnan(round_half_away(std::nan(""))));
}

// The oracle is std::round itself, on byte counts of every magnitude the model produces.
BOOST_AUTO_TEST_CASE(matches_std_round_on_random_values) {
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> exponent(-3.0, 16.0);
  for (int i = 0; i < 200000; ++i) {
    const double x = std::pow(10.0, exponent(rng)) * (i % 2 ? -1.0 : 1.0);
    BOOST_TEST_REQUIRE(same_as_std_round(x), "x = " << x);
  }
}

BOOST_AUTO_TEST_SUITE_END()
