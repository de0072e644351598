// SLOs judged on a fluid estimate (models/fluid_slo.hpp): the same verdicts as on a run where the
// estimate has the figure, and the propagation-delay SLOs listed as not judged.
#include "models/fluid_slo.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/test_scenarios.hpp"

using namespace kds::models;
using kds::testing::load_or_fail;
using kds::testing::minimal_scenario_doc;

BOOST_AUTO_TEST_SUITE(fluid_slo)

// T1: one shard offered 2,000 records/s (one attempt) throttles half its attempts; a polling app
// keeps up. A 1 % throttle SLO fails at 0.5, the IteratorAge SLO of 30 s holds.
BOOST_AUTO_TEST_CASE(judges_throttling_age_and_losses_and_lists_what_it_cannot) {
  nlohmann::json doc = minimal_scenario_doc();
  doc["duration"] = "10m";
  doc["producers"] = nlohmann::json::array({{{"name", "p"},
                                             {"rate", 2000},
                                             {"arrivals", "uniform"},
                                             {"record_bytes", 100},
                                             {"keys", {{"single", "k"}}},
                                             {"retry", {{"max_attempts", 1}}}}});
  doc["consumers"] = nlohmann::json::array({{{"name", "app"}, {"type", "polling"}}});
  doc["slo"] = {{"max_iterator_age", "30s"},
                {"max_write_throttle_ratio", 0.01},
                {"max_lost_records", 0},
                {"p99_propagation_delay", "5s"}};
  const Scenario s = load_or_fail(doc);
  const FluidSloVerdict v = evaluate_slo(s.slo, estimate_fluid(s));
  BOOST_TEST(!v.verdict.met);
  BOOST_REQUIRE_EQUAL(v.verdict.violations.size(), 1u);
  BOOST_TEST(v.verdict.violations[0].what == "max_write_throttle_ratio");
  BOOST_TEST(v.verdict.violations[0].value == 0.5, boost::test_tools::tolerance(1e-9));
  BOOST_REQUIRE_EQUAL(v.not_judged.size(), 1u);
  BOOST_TEST(v.not_judged[0] == "p99_propagation_delay");

  // Half the rate: nothing throttled, every judged SLO met.
  doc["producers"][0]["rate"] = 900;
  const Scenario calm = load_or_fail(doc);
  BOOST_TEST(evaluate_slo(calm.slo, estimate_fluid(calm)).verdict.met);
}

BOOST_AUTO_TEST_SUITE_END()
