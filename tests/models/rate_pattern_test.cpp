// Rate patterns (SPEC §2 `rate`): the expected records in a slice is the rate's exact integral.
#include "models/rate_pattern.hpp"

#include <boost/test/unit_test.hpp>

using namespace kds::models;
namespace tt = boost::test_tools;

BOOST_AUTO_TEST_SUITE(rate_pattern)

BOOST_AUTO_TEST_CASE(steps_integrate_piecewise) {
  RateSpec spec;
  spec.kind = RateSpec::Kind::kSteps;
  spec.steps = {{0, 1000}, {1800, 5000}};
  const RatePattern rate(spec);
  BOOST_TEST(rate.rate_at(1799) == 1000.0);
  BOOST_TEST(rate.rate_at(1800) == 5000.0);
  BOOST_TEST(rate.records_between(1790, 1810) == 10 * 1000.0 + 10 * 5000.0, tt::tolerance(1e-9));
}

BOOST_AUTO_TEST_CASE(ramp_is_linear_then_flat) {
  RateSpec spec;
  spec.kind = RateSpec::Kind::kRamp;
  spec.ramp_from_per_s = 1000;
  spec.ramp_to_per_s = 5000;
  spec.ramp_over_s = 3600;
  const RatePattern rate(spec);
  BOOST_TEST(rate.rate_at(1800) == 3000.0, tt::tolerance(1e-9));
  BOOST_TEST(rate.records_between(0, 3600) == 3000.0 * 3600, tt::tolerance(1e-9));
  BOOST_TEST(rate.records_between(3600, 3700) == 5000.0 * 100, tt::tolerance(1e-9));
}

// A whole diurnal period averages to the mean; the peak is at peak_at.
BOOST_AUTO_TEST_CASE(diurnal_averages_to_its_mean_over_a_period) {
  RateSpec spec;
  spec.kind = RateSpec::Kind::kDiurnal;
  spec.diurnal_mean_per_s = 2000;
  spec.diurnal_amplitude = 0.5;
  spec.diurnal_period_s = 86400;
  spec.diurnal_peak_at_s = 14 * 3600;
  const RatePattern rate(spec);
  BOOST_TEST(rate.records_between(0, 86400) == 2000.0 * 86400, tt::tolerance(1e-9));
  BOOST_TEST(rate.rate_at(14 * 3600) == 3000.0, tt::tolerance(1e-9));
  BOOST_TEST(rate.rate_at(2 * 3600) == 1000.0, tt::tolerance(1e-9));
  // The integral over one second matches the rate there.
  BOOST_TEST(rate.records_between(5000, 5001) == rate.rate_at(5000.5), tt::tolerance(1e-6));
}

// A CloudWatch trace replays per-period sums as constant rates; nothing after its end.
BOOST_AUTO_TEST_CASE(trace_replays_period_sums) {
  RateSpec spec;
  spec.kind = RateSpec::Kind::kTrace;
  spec.trace_period_s = 60;
  spec.trace_per_s = {100, 200, 50};
  const RatePattern rate(spec);
  BOOST_TEST(rate.records_between(0, 180) == 60.0 * (100 + 200 + 50), tt::tolerance(1e-9));
  BOOST_TEST(rate.records_between(30, 90) == 30.0 * 100 + 30.0 * 200, tt::tolerance(1e-9));
  BOOST_TEST(rate.records_between(180, 240) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
