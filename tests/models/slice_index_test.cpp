#include "models/slice_index.hpp"

#include <cmath>

#include <boost/test/unit_test.hpp>

using kds::models::slice_index;

BOOST_AUTO_TEST_SUITE(slice_index_of_a_time)

// k * slice <= t < (k + 1) * slice for the write path's own products, on and around boundaries,
// also where t / slice is beyond 2^24 and an epsilon would be lost (a 10 ms slice after 72.8 h:
// a next boundary computed with floor(t / slice + 1e-9) + 1 equalled t there, and a polling worker
// waited for it forever).
BOOST_AUTO_TEST_CASE(brackets_the_time_between_two_write_path_boundaries) {
  for (double slice : {0.01, 0.015, 0.1, 0.25, 1.0, 7.0}) {
    for (double around : {1.3, 262144.04, 282944.0, 524288.1, 4.0e6, 3.4e7}) {
      const auto k0 = static_cast<int64_t>(std::floor(around / slice));
      for (int64_t k = k0 - 2; k <= k0 + 2; ++k) {
        const double boundary = static_cast<double>(k) * slice;
        for (double t : {std::nextafter(std::nextafter(boundary, 0.0), 0.0),
                         std::nextafter(boundary, 0.0), boundary, std::nextafter(boundary, 1e300),
                         std::nextafter(std::nextafter(boundary, 1e300), 1e300)}) {
          const int64_t i = slice_index(t, slice);
          BOOST_TEST(static_cast<double>(i) * slice <= t, "slice " << slice << " t " << t);
          BOOST_TEST(static_cast<double>(i + 1) * slice > t, "slice " << slice << " t " << t);
        }
      }
    }
  }
}

// Just below a boundary is still the slice before it (a worker back from a stop at
// 1.2999999999999998 s with 100 ms slices must stop at 1.3 s, not 1.4 s).
BOOST_AUTO_TEST_CASE(just_below_a_boundary_is_the_slice_before) {
  BOOST_TEST(slice_index(1.2999999999999998, 0.1) == 12);
  BOOST_TEST(slice_index(13 * 0.1, 0.1) == 13);
  BOOST_TEST(slice_index(0.0, 1.0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
