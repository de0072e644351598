#include "models/histogram.hpp"

#include <cmath>

#include <boost/test/unit_test.hpp>

using namespace kds::models;

BOOST_AUTO_TEST_SUITE(histogram)

// A bucket is at most 1/64 of its value wide: the median of one value is that value within 1/64,
// across the octaves and at the edges of the sub-buckets.
BOOST_AUTO_TEST_CASE(median_of_one_value_is_within_its_bucket) {
  for (double v : {0.01, 0.0100001, 0.015625, 0.0199999, 1.0, 3.14159, 999.0, 1024.0, 1e6, 8.6e7}) {
    Histogram h;
    h.add(v);
    BOOST_TEST(std::fabs(h.quantile(0.5) - v) <= v / 64.0, "v = " << v);
    BOOST_TEST(h.mean() == v);
    BOOST_TEST(h.max() == v);
  }
}

// Values below the floor (0.01 ms) share bucket 0.
BOOST_AUTO_TEST_CASE(values_below_the_floor_fall_in_the_first_bucket) {
  Histogram h;
  h.add(0.0, 3.0);
  h.add(0.009);
  BOOST_TEST(h.quantile(0.5) <= 0.01);
  BOOST_TEST(h.total_weight() == 4.0);
}

BOOST_AUTO_TEST_SUITE_END()
