#include "models/reserved_concurrency.hpp"

#include <boost/test/unit_test.hpp>

using kds::models::ReservedConcurrency;

BOOST_AUTO_TEST_SUITE(reserved_concurrency)

// T21: two lanes busy all of a 1 s slice are 2 concurrent executions; a third is throttled at a
// limit of 2, whichever order the lanes come in.
BOOST_AUTO_TEST_CASE(a_full_slice_refuses_another_invocation) {
  ReservedConcurrency c(2, 1.0);
  BOOST_TEST(c.try_reserve(0.0, 1.0));
  BOOST_TEST(c.try_reserve(0.0, 1.0));
  BOOST_TEST(!c.try_reserve(0.5, 0.6));
  BOOST_TEST(c.load_at(0.2) == 2.0);
  BOOST_TEST(c.try_reserve(1.0, 1.5));  // the next slice is free
}

// An invocation still running from an earlier slice holds its part of the later one first: a
// 1.05 s invocation holds 5 % of the next slice, so only 0.95 s of another fits there at a limit
// of 1 (the check that once let lanes busy from a previous step pass unchecked).
BOOST_AUTO_TEST_CASE(a_long_invocation_holds_its_part_of_the_next_slice) {
  ReservedConcurrency c(1, 1.0);
  BOOST_TEST(c.try_reserve(0.0, 1.05));
  c.forget_before(1.0);
  BOOST_TEST(c.load_at(1.0) == 0.05, boost::test_tools::tolerance(1e-12));
  BOOST_TEST(!c.try_reserve(1.0, 2.0));
  BOOST_TEST(c.try_reserve(1.05, 2.0));
  BOOST_TEST(c.load_at(1.5) == 1.0, boost::test_tools::tolerance(1e-12));
}

// Little's law: 2,000 lanes busy 75 ms each in a slice are 150 concurrent executions, under a
// limit of 150 and not one more.
BOOST_AUTO_TEST_CASE(short_invocations_hold_their_busy_time_only) {
  ReservedConcurrency c(150, 1.0);
  int admitted = 0;
  for (int lane = 0; lane < 2100; ++lane) admitted += c.try_reserve(0.0, 0.075) ? 1 : 0;
  BOOST_TEST(admitted == 2000);
  BOOST_TEST(c.load_at(0.0) == 150.0, boost::test_tools::tolerance(1e-9));
}

// An invocation far longer than any before (15 minutes over 10 ms slices) grows the ring and
// holds every slice it spans; slices forgotten are reused for later ones.
BOOST_AUTO_TEST_CASE(long_invocations_span_many_slices) {
  ReservedConcurrency c(1, 0.01);
  BOOST_TEST(c.try_reserve(0.0, 900.0));
  BOOST_TEST(!c.try_reserve(450.0, 450.005));
  c.forget_before(899.995);
  BOOST_TEST(c.load_at(899.995) == 1.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(c.try_reserve(900.0, 900.02));
  c.forget_before(5000.0);  // a long pause: nothing is held
  BOOST_TEST(c.load_at(5000.0) == 0.0);
  BOOST_TEST(c.try_reserve(5000.0, 5000.01));
}

BOOST_AUTO_TEST_SUITE_END()
