// The alarms and the autoscaler in the scenario format (SPEC §4): defaults, and each bad value as
// one error at its pointer, with CloudWatch's or AWS's rule.
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

json alarmed() {
  auto doc = testing::minimal_scenario();
  doc["alarms"] = json::parse(R"([{"name": "lag", "metric": "GetRecords.IteratorAgeMilliseconds",
      "dimension": "consumer:app", "statistic": "Maximum", "period": "1m",
      "evaluation_periods": 5, "datapoints_to_alarm": 3, "threshold": 60000}])");
  return doc;
}

void expect_only_error(const json& doc, const std::string& where, const std::string& text) {
  const ValidationError error = only_error(doc);
  BOOST_TEST(error.where == where);
  BOOST_TEST(error.rule.find(text) != std::string::npos, error.rule);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(alarm_loader)

BOOST_AUTO_TEST_CASE(an_alarm_gets_cloudwatch_defaults) {
  const models::Scenario s = loaded(alarmed());
  BOOST_REQUIRE_EQUAL(s.alarms.size(), 1u);
  const models::AlarmSpec& a = s.alarms[0];
  BOOST_TEST(a.rule.evaluation_periods == 5);
  BOOST_TEST(a.rule.datapoints_to_alarm == 3);
  BOOST_TEST(a.rule.evaluation_range == 7);
  BOOST_TEST((a.rule.treat_missing_data == models::TreatMissingData::kMissing));
  BOOST_TEST((a.comparison == models::AlarmComparison::kGreaterOrEqual));
  BOOST_TEST(a.period_s == 60.0);
}

BOOST_AUTO_TEST_CASE(bad_alarms_are_refused_with_the_rule) {
  expect_only_error(with(alarmed(), "/alarms/0/metric", "IteratorAgeMillis"), "/alarms/0/metric",
                    "has no metric IteratorAgeMillis; it publishes "
                    "GetRecords.IteratorAgeMilliseconds");
  expect_only_error(with(alarmed(), "/alarms/0/dimension", "consumer:nobody"),
                    "/alarms/0/dimension", "names no consumer");
  expect_only_error(with(alarmed(), "/alarms/0/period", "90s"), "/alarms/0/period",
                    "whole multiple of report.interval (60s");
  expect_only_error(with(alarmed(), "/alarms/0/datapoints_to_alarm", 6),
                    "/alarms/0/datapoints_to_alarm", "DatapointsToAlarm <= evaluation_periods");
  expect_only_error(with(with(alarmed(), "/alarms/0/evaluation_periods", 25), "/alarms/0/period",
                         "1h"),
                    "/alarms/0/evaluation_periods", "at most one day");
  expect_only_error(with(alarmed(), "/alarms/0/treat_missing_data", "zero"),
                    "/alarms/0/treat_missing_data", "notBreaching");
  auto twice = alarmed();
  twice["alarms"].push_back(twice["alarms"][0]);
  expect_only_error(twice, "/alarms/1/name", "must be unique");
  expect_only_error(with(alarmed(), "/alarms/0/dimension", "shardId-000000000001"),
                    "/alarms/0/metric", "has no metric");
}

// Every policy resizes with UpdateShardCount: refused at load time on an on-demand stream.
BOOST_AUTO_TEST_CASE(every_policy_is_refused_on_demand) {
  for (const char* policy : {"step", "scaling_utils", "alarm_double_halve"}) {
    auto doc = with(testing::minimal_scenario(), "/autoscaler", {{"policy", policy}});
    doc["stream"] = {{"mode", "ON_DEMAND"}};
    expect_only_error(doc, "/autoscaler/policy",
                      "works on PROVISIONED streams only (it resizes with UpdateShardCount; an "
                      "on-demand stream scales itself), the stream is ON_DEMAND");
  }
}

BOOST_AUTO_TEST_CASE(a_policy_gets_the_originals_defaults) {
  const auto s = loaded(with(testing::minimal_scenario(), "/autoscaler",
                             {{"policy", "scaling_utils"}, {"scale_down", {{"count", 2}}}}));
  const models::ScalingUtilsSpec& u = s.autoscaler->scaling_utils;
  BOOST_TEST(u.check_interval_s == 45.0);
  BOOST_TEST(u.up.threshold_pct == 75.0);
  BOOST_TEST(*u.up.step.pct == 150.0);
  BOOST_TEST(u.down.cool_off_mins == 60.0);
  BOOST_TEST(*u.down.step.count == 2);
  BOOST_TEST(!u.down.step.pct.has_value());
  BOOST_TEST(u.max_shards == 16);
}

BOOST_AUTO_TEST_CASE(bad_policies_are_refused_with_the_rule) {
  const auto base = testing::minimal_scenario();
  expect_only_error(with(base, "/autoscaler", {{"policy", "step"}, {"period", "5m"}}),
                    "/autoscaler/period", "belongs to another policy, not step");
  expect_only_error(
      with(base, "/autoscaler", {{"policy", "step"}, {"min_shards", 5}, {"max_shards", 4}}),
      "/autoscaler/max_shards", "must be at least min_shards (5)");
  expect_only_error(
      with(base, "/autoscaler",
           {{"policy", "scaling_utils"}, {"scale_up", {{"pct", 150}, {"count", 1}}}}),
      "/autoscaler/scale_up/count", "one of them");
  expect_only_error(
      with(base, "/autoscaler", {{"policy", "alarm_double_halve"}, {"up_datapoints", 6}}),
      "/autoscaler/up_datapoints", "DatapointsToAlarm <= evaluation periods");
  auto fast = with(base, "/autoscaler", {{"policy", "step"}});
  fast["service"] = {{"alarm_action_delay", "1s"}};
  expect_only_error(fast, "/service/alarm_action_delay", "at least three engine.time_slice");
  auto coarse = with(base, "/autoscaler", {{"policy", "step"}});
  coarse["report"] = {{"interval", "5m"}};
  expect_only_error(coarse, "/autoscaler/out_period", "whole multiple of report.interval (300s");
  expect_only_error(
      with(base, "/autoscaler",
           {{"policy", "scaling_utils"}, {"scale_down", {{"threshold_pct", 80}}}}),
      "/autoscaler/scale_down/threshold_pct", "must be below scale_up.threshold_pct");
  auto planned = with(base, "/autoscaler", {{"policy", "step"}});
  planned["slo"] = {{"max_iterator_age", "30s"}};
  planned["plan"] = {{"shards", {{"min", 1}, {"max", 8}}}};
  expect_only_error(planned, "/plan", "remove it to plan");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace kds::front
