// Runs a scenario in this test process (one simulation per process: each case is its own CTest
// test) and returns the assessed result.
#ifndef KDS_TESTS_SIM_HARNESS_HPP_
#define KDS_TESTS_SIM_HARNESS_HPP_

#include <boost/test/unit_test.hpp>

#include "models/run_assessment.hpp"
#include "sim/simulation.hpp"
#include "tests/test_scenarios.hpp"

namespace kds::testing {

// REQUIRES: called once per process (SimGrid allows one engine per process: a second run in the
// same process inherits the first one's clock). Compare runs in separate test cases.
inline models::RunAssessment simulate_doc(const nlohmann::json& doc) {
  static int simulations = 0;
  BOOST_REQUIRE_MESSAGE(++simulations == 1, "one simulation per test process: split the test case");
  const models::Scenario scenario = load_or_fail(doc);
  char name[] = "kds-sim-test";
#ifdef KDS_SANITIZED  // SimGrid actors as threads: see tests/CMakeLists.txt
  char contexts[] = "--cfg=contexts/factory:thread";
  char quiet[] = "--log=xbt_cfg.thres:warning";
  char* argv[] = {name, contexts, quiet, nullptr};
  int argc = 3;
#else
  char* argv[] = {name, nullptr};
  int argc = 1;
#endif
  bool ok = false;
  models::RunResult run = sim::simulate(scenario, &argc, argv, ok);
  BOOST_REQUIRE_MESSAGE(ok, "the simulation deadlocked");
  return models::assess(scenario, std::move(run));
}

// A producer group writing `rate` records/s of `bytes` data bytes with the given keys.
inline nlohmann::json producer(const std::string& name, double rate, double bytes,
                               nlohmann::json keys = "random") {
  return {{"name", name}, {"rate", rate}, {"record_bytes", bytes}, {"keys", keys}};
}

inline nlohmann::json polling_app(const std::string& name, const std::string& idle = "1s") {
  return {{"name", name}, {"type", "polling"}, {"idle_time_between_reads", idle}};
}

}  // namespace kds::testing

#endif  // KDS_TESTS_SIM_HARNESS_HPP_
