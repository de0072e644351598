// Autoscaler policies driving the simulated stream through the control plane (SPEC §4,
// planning.md §1-2): their alarms, votes and arithmetic, and AWS's rules applied to their requests.
// Defaults unless stated: UpdateShardCount takes 180 s, alarm actions see a period 60 s after it
// ends (service.alarm_action_delay).
#include <string>

#include <boost/test/unit_test.hpp>

#include "tests/sim_harness.hpp"

using kds::models::ScalingAction;
using kds::testing::polling_app;
using kds::testing::producer;
using kds::testing::simulate_doc;
using nlohmann::json;

namespace {
json stream_of(int shards, const std::string& duration, double rate, const json& autoscaler) {
  auto doc = kds::testing::minimal_scenario_doc();
  doc["duration"] = duration;
  doc["stream"]["shards"] = shards;
  doc["producers"] = json::array({producer("app", rate, 100)});
  doc["autoscaler"] = autoscaler;
  return doc;
}

std::vector<const ScalingAction*> by_outcome(const kds::models::RunResult& run,
                                             ScalingAction::Outcome outcome) {
  std::vector<const ScalingAction*> out;
  for (const auto& a : run.stream.scaling_actions)
    if (a.outcome == outcome) out.push_back(&a);
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(autoscaler)

// The step policy (planning.md §2.3) under an overload no 8 shards can carry (9,000 records/s):
// the scale-out alarm (IncomingRecords > 80 % of shards x 1,000 x 60 s) stays in ALARM, and each
// step adds 1 shard: 2 -> 8 in 6 steps. Each waits for the previous activity (180 s) and its
// cooldown (600 s); MaxCapacity 8 stops it.
BOOST_AUTO_TEST_CASE(step_scales_two_to_eight_shards_in_six_steps) {
  const auto a = simulate_doc(stream_of(2, "2h", 9000, {{"policy", "step"}}));
  const auto& actions = a.run.stream.scaling_actions;
  BOOST_REQUIRE_EQUAL(actions.size(), 6u);
  for (size_t i = 0; i < actions.size(); ++i) {
    BOOST_TEST(actions[i].by == "autoscaler:step");
    BOOST_TEST(actions[i].from == 2 + static_cast<int>(i));
    BOOST_TEST(actions[i].to == 3 + static_cast<int>(i));
    BOOST_TEST((actions[i].outcome == ScalingAction::Outcome::kApplied));
    BOOST_TEST(actions[i].completed_s - actions[i].at_s == 180.0);
    if (i > 0) BOOST_TEST(actions[i].at_s - actions[i - 1].at_s >= 600.0 + 180.0);
  }
  // The first datapoint over the threshold: minute 0 (120,000 records > 96,000), ALARM at 60 s,
  // acted on 60 s later.
  BOOST_TEST(actions[0].at_s == 120.0);
  BOOST_TEST(a.run.stream.shards_final == 8);
  BOOST_REQUIRE_EQUAL(a.run.alarms.size(), 2u);
  BOOST_TEST(a.run.alarms[0].name == "step:scale-out");
  BOOST_TEST(*a.run.alarms[0].first_alarm_s() == 60.0);
}

// T12 made stricter (2 scalings per 24 h): the third request is refused with AWS's reason, and the
// policy asks again at the next invocation; every refusal is in scaling_actions, none is lost.
BOOST_AUTO_TEST_CASE(a_refused_request_is_reported_and_retried) {
  auto doc = stream_of(2, "1h", 9000, {{"policy", "step"}});
  doc["service"] = {{"max_scalings_per_24h", 2}};
  const auto a = simulate_doc(doc);
  const auto applied = by_outcome(a.run, ScalingAction::Outcome::kApplied);
  const auto refused = by_outcome(a.run, ScalingAction::Outcome::kRefused);
  BOOST_REQUIRE_EQUAL(applied.size(), 2u);
  BOOST_REQUIRE_GE(refused.size(), 2u);
  BOOST_TEST(refused[0]->from == 4);
  BOOST_TEST(refused[0]->to == 5);
  BOOST_TEST(refused[0]->reason.find("LimitExceededException") == 0);
  BOOST_TEST(refused[0]->at_s >= applied[1]->completed_s + 600.0);
  BOOST_TEST(refused[1]->at_s == refused[0]->at_s + 60.0);  // the next minute's invocation
  BOOST_TEST(a.run.stream.refused_events.empty());  // the scenario's own events only
  BOOST_TEST(a.run.stream.shards_final == 4);
}

// alarm_double_halve (planning.md §2.4): 4 shards at a usage factor of 0.8 (3,200 records/s of
// 4,000). The scale-up alarm needs 5 of 5 five-minute datapoints >= 0.75: ALARM at 1,500 s, the
// Lambda doubles to 8 at 1,560 s. With s1 = 8 the factor is 0.4: no second doubling.
BOOST_AUTO_TEST_CASE(alarm_double_halve_doubles_after_five_datapoints) {
  const auto a = simulate_doc(stream_of(4, "1h", 3200, {{"policy", "alarm_double_halve"}}));
  const auto& actions = a.run.stream.scaling_actions;
  BOOST_REQUIRE_EQUAL(actions.size(), 1u);
  BOOST_TEST(actions[0].at_s == 1560.0);
  BOOST_TEST(actions[0].from == 4);
  BOOST_TEST(actions[0].to == 8);
  BOOST_TEST(a.run.stream.shards_final == 8);
  BOOST_TEST(*a.run.alarms[0].first_alarm_s() == 1500.0);
}

// A usage factor of 0.05 under the scale-down threshold 0.25, 3 of 3 datapoints for a short test:
// ALARM at 900 s, halved 4 -> 2 at 960 s.
BOOST_AUTO_TEST_CASE(alarm_double_halve_halves_under_the_low_threshold) {
  const auto a = simulate_doc(stream_of(
      4, "25m", 200,
      {{"policy", "alarm_double_halve"}, {"down_datapoints", 3}, {"down_evaluation_periods", 3}}));
  const auto& actions = a.run.stream.scaling_actions;
  BOOST_REQUIRE_GE(actions.size(), 1u);
  BOOST_TEST(actions[0].at_s == 960.0);
  BOOST_TEST(actions[0].from == 4);
  BOOST_TEST(actions[0].to == 2);
}

// The same low traffic with a consumer that falls behind (100 ms a record, in parallel on the 4
// shards: 40 of 200 records/s; KCL 1.x, so that GetRecords waits for the processing and its
// IteratorAge shows the lag):
// its IteratorAge passes the 1-minute guard within the first period, so e5 keeps the scale-down
// alarm's metric at or above the threshold: no halving.
BOOST_AUTO_TEST_CASE(the_iterator_age_guard_blocks_scale_down) {
  auto doc = stream_of(4, "25m", 200,
                       {{"policy", "alarm_double_halve"},
                        {"down_datapoints", 3},
                        {"down_evaluation_periods", 3},
                        {"iterator_age_guard_mins", 1}});
  auto slow = polling_app("slow");
  slow["processing"] = {{"per_record", "100ms"}};
  slow["prefetch"] = false;
  doc["consumers"] = json::array({slow});
  const auto a = simulate_doc(doc);
  BOOST_TEST(a.run.stream.scaling_actions.empty());
  BOOST_TEST(!a.run.alarms[1].first_alarm_s().has_value());
  BOOST_TEST(a.run.consumers[0].iterator_age_ms.max() > 60000.0);
}

// scaling_utils (planning.md §1.2-1.3): PUT at 90 % of 4 shards' 4,000 records/s, above the 75 %
// threshold; one app reads it all (GET 45 % of 8,000, no vote). The 15-minute window is full once
// minute 15 is readable (at 960 s): the first check after is at 990 s (every 45 s); PUT votes UP
// and scalePct 150 gives ceil(4 x 1.5) = 6. Capacity is refreshed every 10 minutes (at 1,035 s
// 6 shards: 60 %) and the up cool-off is 15 minutes: no second request.
BOOST_AUTO_TEST_CASE(scaling_utils_scales_up_when_put_votes_up) {
  auto doc = stream_of(4, "40m", 3600, {{"policy", "scaling_utils"}});
  doc["consumers"] = json::array({polling_app("reader")});
  const auto a = simulate_doc(doc);
  const auto& actions = a.run.stream.scaling_actions;
  BOOST_REQUIRE_EQUAL(actions.size(), 1u);
  BOOST_TEST(actions[0].at_s == 990.0);
  BOOST_TEST(actions[0].from == 4);
  BOOST_TEST(actions[0].to == 6);
  BOOST_TEST(actions[0].by == "autoscaler:scaling_utils");
}

// A check at 120 s and a scheduled UpdateShardCount at 120.5 s: the control plane takes them in
// time order, so the autoscaler's request is accepted and the event is refused while UPDATING.
BOOST_AUTO_TEST_CASE(requests_are_taken_in_time_order_with_scheduled_events) {
  auto doc = stream_of(2, "10m", 9000, {{"policy", "step"}});
  doc["events"] = json::parse(R"([{"at": 120.5, "update_shard_count": 4}])");
  const auto a = simulate_doc(doc);
  const auto& actions = a.run.stream.scaling_actions;
  BOOST_REQUIRE_GE(actions.size(), 2u);
  BOOST_TEST(actions[0].by == "autoscaler:step");
  BOOST_TEST(actions[0].at_s == 120.0);
  BOOST_TEST((actions[0].outcome == ScalingAction::Outcome::kApplied));
  BOOST_TEST(actions[1].by == "events");
  BOOST_TEST(actions[1].reason.find("ResourceInUseException") == 0);
  BOOST_REQUIRE_EQUAL(a.run.stream.refused_events.size(), 1u);
}

// An update that would complete when the run ends (request at 120 s + 180 s = 300 s) never
// applied: it is in progress, not applied, and the stream ends with its 2 shards.
BOOST_AUTO_TEST_CASE(an_update_completing_at_the_end_is_in_progress) {
  const auto a = simulate_doc(stream_of(2, "300s", 9000, {{"policy", "step"}}));
  BOOST_REQUIRE_EQUAL(a.run.stream.scaling_actions.size(), 1u);
  BOOST_TEST((a.run.stream.scaling_actions[0].outcome == ScalingAction::Outcome::kAccepted));
  BOOST_TEST(a.run.stream.shards_final == 2);
}

// After a switch to on demand (at 10 min, 30 s to complete) the policy requests nothing more:
// UpdateShardCount works on provisioned streams only.
BOOST_AUTO_TEST_CASE(no_request_after_a_switch_to_on_demand) {
  auto doc = stream_of(2, "1h", 9000, {{"policy", "step"}});
  doc["events"] = json::parse(R"([{"at": "10m", "switch_mode": "ON_DEMAND"}])");
  const auto a = simulate_doc(doc);
  for (const auto& action : a.run.stream.scaling_actions) {
    BOOST_TEST(action.at_s < 630.0);
    BOOST_TEST((action.outcome != ScalingAction::Outcome::kRefused));
  }
}

BOOST_AUTO_TEST_SUITE_END()
