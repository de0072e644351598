// CloudWatch alarm evaluation against the user guide's two tables ("How alarm state is evaluated
// when data is missing", awsdocs/amazon-cloudwatch-user-guide AlarmThatSendsEmail.md): every row,
// every treat_missing_data mode; then alarm histories over a run, with transition times exact to
// the period.
#include "models/cloudwatch_alarm.hpp"

#include <string>

#include <boost/test/unit_test.hpp>

#include "models/alarm_history.hpp"
#include "tests/test_scenarios.hpp"

using namespace kds::models;

namespace {
// "0 - X - X": 0 not breaching, X breaching, - missing (the guide's notation), oldest first.
std::vector<AlarmPoint> points(const std::string& row) {
  std::vector<AlarmPoint> out;
  for (char c : row) {
    if (c == '0') out.emplace_back(false);
    if (c == 'X') out.emplace_back(true);
    if (c == '-') out.emplace_back();
  }
  return out;
}

// The states for MISSING, IGNORE, BREACHING, NOT BREACHING, as the guide's columns; "retain" is
// IGNORE's "Retain current state", checked from two different current states.
void check_row(const std::string& row, int m, int n, const std::vector<std::string>& expected) {
  const std::vector<TreatMissingData> modes = {TreatMissingData::kMissing, TreatMissingData::kIgnore,
                                               TreatMissingData::kBreaching,
                                               TreatMissingData::kNotBreaching};
  for (size_t i = 0; i < modes.size(); ++i) {
    AlarmRule rule{n, m, 5, modes[i]};
    for (AlarmState current : {AlarmState::kOk, AlarmState::kAlarm}) {
      const AlarmState got = evaluate_range(points(row), rule, current);
      const std::string want =
          expected[i] == "retain" ? alarm_state_name(current) : expected[i];
      BOOST_TEST(alarm_state_name(got) == want,
                 row << " " << m << " of " << n << " mode " << i << ": got "
                     << alarm_state_name(got) << ", want " << want);
    }
  }
}

// A run whose stream IncomingRecords per 60 s period are `values`.
RunResult run_with_incoming(const std::vector<double>& values) {
  RunResult run;
  run.interval_s = 60;
  run.periods = values.size();
  run.duration_s = 60.0 * static_cast<double>(values.size());
  run.stream.periods.resize(values.size());
  run.stream.periods.incoming_records = values;
  run.stream.open_shard_count.assign(values.size(), 1);
  return run;
}

AlarmSpec incoming_alarm(int m, int n, double period_s, AlarmStatistic statistic) {
  AlarmSpec spec;
  spec.name = "busy";
  spec.metric = "IncomingRecords";
  spec.dimension = "stream";
  spec.statistic = statistic;
  spec.period_s = period_s;
  spec.rule = AlarmRule{n, m, n + 2, TreatMissingData::kMissing};
  spec.threshold = 100;
  spec.comparison = AlarmComparison::kGreaterOrEqual;
  return spec;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(cloudwatch_alarm)

// Table 1: Datapoints to Alarm = Evaluation Periods = 3, the 5 most recent datapoints retrieved.
BOOST_AUTO_TEST_CASE(three_of_three_with_missing_data) {
  check_row("0 - X - X", 3, 3, {"OK", "OK", "OK", "OK"});
  check_row("0 - - - -", 3, 3, {"OK", "OK", "OK", "OK"});
  check_row("- - - - -", 3, 3, {"INSUFFICIENT_DATA", "retain", "ALARM", "OK"});
  check_row("0 X X - X", 3, 3, {"ALARM", "ALARM", "ALARM", "ALARM"});
  check_row("- - - - X", 3, 3, {"INSUFFICIENT_DATA", "retain", "ALARM", "OK"});
  check_row("X - - - -", 3, 3, {"ALARM", "retain", "ALARM", "OK"});
}

// Table 2: 2 out of 3.
BOOST_AUTO_TEST_CASE(two_of_three_with_missing_data) {
  check_row("0 - X - X", 2, 3, {"ALARM", "ALARM", "ALARM", "ALARM"});
  check_row("0 0 X 0 X", 2, 3, {"ALARM", "ALARM", "ALARM", "ALARM"});
  check_row("0 - X - -", 2, 3, {"OK", "OK", "ALARM", "OK"});
  check_row("- - - - 0", 2, 3, {"OK", "OK", "ALARM", "OK"});
  check_row("- - - - X", 2, 3, {"INSUFFICIENT_DATA", "retain", "ALARM", "OK"});
}

// 3 of 5 with every datapoint present: the 5 most recent decide, breaching ones need not be
// consecutive.
BOOST_AUTO_TEST_CASE(three_of_five_need_not_be_consecutive) {
  const AlarmRule rule{5, 3, 7, TreatMissingData::kMissing};
  BOOST_TEST(alarm_state_name(evaluate_range(points("0 0 X 0 X 0 X"), rule, AlarmState::kOk)) ==
             std::string("ALARM"));
  BOOST_TEST(alarm_state_name(evaluate_range(points("X X X 0 X 0 0"), rule, AlarmState::kAlarm)) ==
             std::string("OK"));  // only the last 5 count: X 0 X 0 0
}

BOOST_AUTO_TEST_CASE(statistics_of_an_alarm_period) {
  const std::vector<double> v = {4, 1, 7};
  BOOST_TEST(*alarm_statistic(v, AlarmStatistic::kSum) == 12.0);
  BOOST_TEST(*alarm_statistic(v, AlarmStatistic::kAverage) == 4.0);
  BOOST_TEST(*alarm_statistic(v, AlarmStatistic::kMaximum) == 7.0);
  BOOST_TEST(*alarm_statistic(v, AlarmStatistic::kMinimum) == 1.0);
  BOOST_TEST(*alarm_statistic(v, AlarmStatistic::kSampleCount) == 3.0);
  BOOST_TEST(!alarm_statistic({}, AlarmStatistic::kSum).has_value());
}

// A metric that crosses the threshold at minute 3 and recovers at minute 9, alarm 3 of 5 on 1 min:
// breaching minutes 3..8 (periods 3-8). ALARM when the 3rd breaching period ends (period 5, at
// 360 s); OK when the 5 most recent hold fewer than 3 breaching: after period 11 (X X 0 0 0 at
// periods 7..11 -> 2), at 720 s. In ALARM 360 s; OK first at 60 s (one non-breaching datapoint).
BOOST_AUTO_TEST_CASE(a_metric_that_crosses_and_recovers) {
  const auto scenario = kds::testing::load_or_fail(kds::testing::minimal_scenario_doc());
  const RunResult run =
      run_with_incoming({0, 0, 0, 150, 150, 150, 150, 150, 150, 0, 0, 0, 0, 0, 0});
  const AlarmResult alarm =
      evaluate_alarm(incoming_alarm(3, 5, 60, AlarmStatistic::kSum), scenario, run);
  BOOST_REQUIRE_EQUAL(alarm.transitions.size(), 3u);
  BOOST_TEST(alarm.transitions[0].at_s == 60.0);
  BOOST_TEST((alarm.transitions[0].state == AlarmState::kOk));
  BOOST_TEST(alarm.transitions[1].at_s == 360.0);
  BOOST_TEST((alarm.transitions[1].state == AlarmState::kAlarm));
  BOOST_TEST(alarm.transitions[2].at_s == 720.0);
  BOOST_TEST((alarm.transitions[2].state == AlarmState::kOk));
  BOOST_TEST(*alarm.first_alarm_s() == 360.0);
  BOOST_TEST(alarm.seconds_in_alarm(run.duration_s) == 360.0);
}

// A 5-minute Sum of a 1-minute metric: 30 a minute is 150 per period (breaching >= 100), 10 a
// minute 50. Periods end at 300, 600, 900 s; 1 of 1: ALARM at 300 s, OK at 600 s. The 15-minute
// run has 3 complete periods; the 16th minute starts a 4th that never ends.
BOOST_AUTO_TEST_CASE(an_alarm_period_sums_its_report_periods) {
  const auto scenario = kds::testing::load_or_fail(kds::testing::minimal_scenario_doc());
  std::vector<double> minutes(16, 10);
  for (int m = 0; m < 5; ++m) minutes[m] = 30;
  minutes[15] = 1000;
  RunResult run = run_with_incoming(minutes);
  run.duration_s = 15.5 * 60;
  const AlarmResult alarm =
      evaluate_alarm(incoming_alarm(1, 1, 300, AlarmStatistic::kSum), scenario, run);
  BOOST_REQUIRE_EQUAL(alarm.transitions.size(), 2u);
  BOOST_TEST(alarm.transitions[0].at_s == 300.0);
  BOOST_TEST((alarm.transitions[0].state == AlarmState::kAlarm));
  BOOST_TEST(alarm.transitions[1].at_s == 600.0);
  BOOST_TEST((alarm.transitions[1].state == AlarmState::kOk));
  BOOST_TEST((alarm.state_at(930) == AlarmState::kOk));  // the 4th period never ended
}

BOOST_AUTO_TEST_SUITE_END()
