// Scenarios for tests, built through the real loader so that defaults and shipped prices are the
// ones users get.
#ifndef KDS_TESTS_TEST_SCENARIOS_HPP_
#define KDS_TESTS_TEST_SCENARIOS_HPP_

#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tools/scenario_loader.hpp"

namespace kds::testing {

// A valid scenario document: one shard, no producers or consumers, 60 s. Tests add to it.
inline nlohmann::json minimal_scenario_doc() {
  return nlohmann::json::parse(R"({
    "name": "test", "duration": "60s", "seed": 7,
    "stream": {"shards": 1}, "producers": [], "consumers": []
  })");
}

// Loads `doc`; fails the test with every error if it is invalid.
inline models::Scenario load_or_fail(const nlohmann::json& doc) {
  auto loaded = front::load_scenario(doc, ".");
  for (const auto& e : loaded.errors) BOOST_TEST_MESSAGE(front::to_string(e));
  BOOST_REQUIRE_MESSAGE(loaded.errors.empty(), "test scenario is invalid");
  return *loaded.scenario;
}

inline models::PriceTable us_east_1_prices() {
  return load_or_fail(minimal_scenario_doc()).prices;
}

}  // namespace kds::testing

#endif  // KDS_TESTS_TEST_SCENARIOS_HPP_
