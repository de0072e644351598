// IteratorAge floors and transients of the fluid model (models/fluid_iterator_age.hpp).
#include "models/fluid_iterator_age.hpp"

#include <boost/test/unit_test.hpp>

#include "models/fluid_service_rates.hpp"
#include "tests/test_scenarios.hpp"

using namespace kds::models;

namespace {
Scenario scenario() {
  return kds::testing::load_or_fail(kds::testing::minimal_scenario_doc());
}
}  // namespace

BOOST_AUTO_TEST_SUITE(fluid_iterator_age)

// The quantile that sets the widest record spacing: P(X <= c) for Poisson(50) passes 1e-8 at 16
// (P(X <= 15) = 6.4e-9, P(X <= 16) = 2.0e-8) and 0.5 at 50 (P(X <= 49) = 0.481).
BOOST_AUTO_TEST_CASE(poisson_low_quantile_is_the_smallest_count_reaching_p) {
  BOOST_TEST(poisson_low_quantile(50, 1e-8) == 16.0);
  BOOST_TEST(poisson_low_quantile(50, 0.5) == 50.0);
}

// README "latencies": a polling app keeping up on 1,000 records/s sees the 25 ms propagation plus
// the 1 ms spacing of records; an EFO app at the tip reports MillisBehindLatest 0.
BOOST_AUTO_TEST_CASE(a_polling_app_keeping_up_sees_propagation_plus_spacing) {
  const Scenario s = scenario();
  ConsumerSpec polling, efo;
  efo.type = ConsumerType::kEfo;
  const Eigen::ArrayXd rate = Eigen::ArrayXd::Constant(2, 1000.0);
  const Eigen::ArrayXd one = Eigen::ArrayXd::Ones(2);
  BOOST_TEST(caught_up_iterator_age_ms(polling, s, rate, one, one)[0] == 26.0,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(caught_up_iterator_age_ms(efo, s, rate, one, one).maxCoeff() == 0.0);
}

// A Lambda lane invokes each poll's records in batches one after the other: 300 records/s on one
// lane with batches of 100 take 3 x (20 ms + 100 x 1 ms) = 360 ms, and the last batch's newest
// record then is 25 + 3.3 + 360 ms old.
BOOST_AUTO_TEST_CASE(a_lambda_lane_adds_the_time_it_is_busy_with_a_poll) {
  const Scenario s = scenario();
  ConsumerSpec fn;
  fn.type = ConsumerType::kLambda;
  fn.batch_size = 100;
  fn.per_invoke_s = 0.02;
  fn.per_record_invoke_s = 0.001;
  const Eigen::ArrayXd rate = Eigen::ArrayXd::Constant(1, 300.0);
  const Eigen::ArrayXd one = Eigen::ArrayXd::Ones(1), full = Eigen::ArrayXd::Constant(1, 100.0);
  BOOST_TEST(lambda_hot_lane_busy_s(fn, s, rate, one, full)[0] == 0.36,
             boost::test_tools::tolerance(1e-9));
  BOOST_TEST(caught_up_iterator_age_ms(fn, s, rate, one, full)[0] == 25 + 1000.0 / 300 + 360,
             boost::test_tools::tolerance(1e-9));
}

// T6: a call returns at most 10,000 records, so a polling app's first read of a larger backlog
// reports the age of its 10,000th record; of a smaller one, the tip's.
BOOST_AUTO_TEST_CASE(a_first_read_returns_a_calls_worth) {
  const Scenario s = scenario();
  ConsumerSpec polling;
  const FluidFirstRead big = fluid_first_read(polling, s, 50000, 100);
  BOOST_TEST(big.records == 10000.0);
  BOOST_TEST(big.reports_age);
  BOOST_TEST(!fluid_first_read(polling, s, 5000, 100).reports_age);
}

// Of k shards closed together the last call on the latest comes about k / (k + 1) of a cycle later.
BOOST_AUTO_TEST_CASE(the_last_call_on_closed_shards_comes_within_a_cycle) {
  BOOST_TEST(polling_last_read_age_ms(1.05, 1, 0) == 525.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(polling_last_read_age_ms(1.05, 2, 10) == 10000.0, boost::test_tools::tolerance(1e-9));
}

BOOST_AUTO_TEST_SUITE_END()
