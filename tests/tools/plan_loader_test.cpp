// The plan block (SPEC §4 "plan", issue 13): what `kds-sim plan` may change, validated by `check`
// like the rest of the scenario. Each bad block gives one error at its pointer.
#include <string>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/tools/scenario_test_support.hpp"
#include "tools/scenario_loader.hpp"

namespace kds::front {
namespace {

using nlohmann::json;
using testing::loaded;
using testing::only_error;
using testing::with;

// The minimal scenario with an SLO, a Lambda consumer and a plan block.
json planned() {
  return json::parse(R"({
    "name": "planned", "duration": "1h", "stream": {"shards": 2},
    "producers": [{"name": "web", "rate": 100, "record_bytes": 1000}],
    "consumers": [{"name": "app", "type": "polling"},
                  {"name": "fn", "type": "lambda"}],
    "slo": {"max_iterator_age": "30s"},
    "plan": {"modes": ["PROVISIONED", "ON_DEMAND"], "shards": {"min": 1, "max": 20},
             "consumers": {"app": {"types": ["polling", "efo"]},
                           "fn": {"parallelization_factor": [1, 10], "batch_size": [10, 1000]}},
             "headroom": 1.25}
  })");
}

void expect_only_error(const json& doc, const std::string& where, const std::string& rule) {
  const ValidationError error = only_error(doc);
  BOOST_TEST(error.where == where);
  BOOST_TEST(error.rule == rule);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(plan_block)

BOOST_AUTO_TEST_CASE(loads_what_the_plan_may_change) {
  const models::Scenario s = loaded(planned());
  BOOST_REQUIRE(s.plan.has_value());
  BOOST_TEST(s.plan->modes.size() == 2u);
  BOOST_TEST(s.plan->shards.max == 20);
  BOOST_REQUIRE(s.plan->consumers.size() == 2u);
  BOOST_TEST(s.plan->consumers[0].name == "app");
  BOOST_TEST(s.plan->consumers[0].types.size() == 2u);
  BOOST_TEST(s.plan->consumers[1].parallelization_factor->max == 10);
  BOOST_TEST(s.plan->consumers[1].batch_size->min == 10);
  BOOST_TEST(s.plan->headroom == 1.25);
  // Without modes, all three are considered.
  json all = planned();
  all["plan"].erase("modes");
  BOOST_TEST(loaded(all).plan->modes.size() == 3u);
}

BOOST_AUTO_TEST_CASE(refuses_an_unknown_consumer_with_a_suggestion) {
  expect_only_error(with(planned(), "/plan/consumers/ap", json{{"types", {"efo"}}}),
                    "/plan/consumers/ap",
                    "unknown consumer \"ap\"; the scenario's consumers: app, fn; did you mean "
                    "\"app\"?");
}

BOOST_AUTO_TEST_CASE(refuses_empty_ranges_and_min_above_max) {
  expect_only_error(with(planned(), "/plan/consumers/fn/parallelization_factor", json{8, 2}),
                    "/plan/consumers/fn/parallelization_factor",
                    "is an empty range: min 8 > max 2");
  expect_only_error(with(planned(), "/plan/consumers/fn/batch_size", json::array()),
                    "/plan/consumers/fn/batch_size", "must be [min, max], got []");
  expect_only_error(with(planned(), "/plan/shards", json{{"min", 30}, {"max", 20}}),
                    "/plan/shards/min", "is an empty range: min 30 > max 20");
  expect_only_error(with(planned(), "/plan/consumers/fn/parallelization_factor", json{1, 11}),
                    "/plan/consumers/fn/parallelization_factor/1",
                    "must be 1..10 (Lambda limit), got 11");
  expect_only_error(with(planned(), "/plan/modes", json::array()), "/plan/modes",
                    "must name at least one mode");
  expect_only_error(with(planned(), "/plan/consumers/app/types", json::array()),
                    "/plan/consumers/app/types", "must name at least one read type");
}

BOOST_AUTO_TEST_CASE(refuses_lambda_settings_on_other_consumers) {
  expect_only_error(with(planned(), "/plan/consumers/app/batch_size", json{1, 10}),
                    "/plan/consumers/app/batch_size",
                    "only for a lambda consumer (\"app\" is polling)");
}

// Modes the scenario's features forbid: resharding events need PROVISIONED (fact sheet §4: an
// on-demand stream cannot be resharded); 21 EFO consumers the plan may not change need Advantage
// (T14); a scenario that switches modes leaves the plan no mode to choose.
BOOST_AUTO_TEST_CASE(refuses_a_mode_the_scenarios_features_forbid) {
  json reshards = with(planned(), "/events",
                       json::parse(R"([{"at": "10m", "update_shard_count": 4}])"));
  expect_only_error(reshards, "/plan/modes/1",
                    "ON_DEMAND cannot reshard, and the scenario does (/events/0); resharding "
                    "events need PROVISIONED");
  json many = planned();
  many["consumers"] = json::array();
  for (int i = 0; i < 21; ++i) many["consumers"].push_back({{"name", "e" + std::to_string(i)}, {"type", "efo"}});
  many["stream"] = {{"mode", "ON_DEMAND_ADVANTAGE"}};
  many["plan"] = {{"modes", {"ON_DEMAND_ADVANTAGE", "PROVISIONED"}}};
  expect_only_error(many, "/plan/modes/1",
                    "PROVISIONED allows at most 20 registered (EFO) consumers "
                    "(RegisterStreamConsumer limit); the scenario keeps 21");
  json switches = with(planned(), "/events",
                       json::parse(R"([{"at": "10m", "switch_mode": "ON_DEMAND"}])"));
  expect_only_error(switches, "/plan/modes",
                    "the plan chooses the mode, but the scenario switches it (/events/0); remove "
                    "the switch_mode events to plan");
}

// Without a modes list the plan considers every mode the scenario allows: a resharding scenario
// gets PROVISIONED alone, not an error about a key the user never wrote.
BOOST_AUTO_TEST_CASE(the_default_modes_leave_out_the_forbidden_ones) {
  json doc = with(planned(), "/events", json::parse(R"([{"at": "10m", "update_shard_count": 4}])"));
  doc["plan"].erase("modes");
  const models::Scenario s = loaded(doc);
  BOOST_REQUIRE(s.plan->modes.size() == 1u);
  BOOST_TEST((s.plan->modes[0] == models::PlanMode::kProvisioned));
}

// Each combination of consumer choices is searched on its own: at most 64.
BOOST_AUTO_TEST_CASE(refuses_more_than_64_consumer_combinations) {
  json doc = planned();
  // fn: batch sizes 10, 100 (its own), 1000 -> 3; app: 2 types. 6 combinations: accepted.
  BOOST_TEST(loaded(doc).plan->consumers.size() == 2u);
  for (int i = 0; i < 5; ++i) {
    const std::string name = "e" + std::to_string(i);
    doc["consumers"].push_back({{"name", name}, {"type", "polling"}});
    doc["plan"]["consumers"][name] = {{"types", {"polling", "efo"}}};
  }
  expect_only_error(doc, "/plan/consumers",
                    "allows more than 64 combinations of read types and batch sizes (each is "
                    "searched); fix some consumers' choices");
}

BOOST_AUTO_TEST_CASE(a_plan_needs_an_objective) {
  json doc = planned();
  doc.erase("slo");
  const ValidationError error = only_error(doc);
  BOOST_TEST(error.where == "/slo");
  BOOST_TEST(error.rule.rfind("required by plan: state at least one objective", 0) == 0u);
  expect_only_error(with(planned(), "/plan/headroom", 0.5), "/plan/headroom",
                    "must be 1..100 (a traffic multiple), got 0.5");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kds::front
