// CloudWatch metric alarms (SPEC §4 "alarms and autoscalers"): the M-out-of-N evaluation of one
// metric against a threshold, with CloudWatch's treatment of missing data, as the CloudWatch user
// guide's "Using Amazon CloudWatch Alarms" describes it (awsdocs/amazon-cloudwatch-user-guide,
// AlarmThatSendsEmail.md, "How alarm state is evaluated when data is missing", both of its tables).
// The alarms of a scenario are evaluated on the finished run (alarm_history.hpp); the autoscaler
// policies evaluate their own alarms while the run goes on, with the same evaluate_range.
#ifndef KDS_MODELS_CLOUDWATCH_ALARM_HPP_
#define KDS_MODELS_CLOUDWATCH_ALARM_HPP_

#include <optional>
#include <string>
#include <vector>

namespace kds::models {

enum class AlarmState { kInsufficientData, kOk, kAlarm };
enum class TreatMissingData { kMissing, kIgnore, kBreaching, kNotBreaching };
enum class AlarmComparison { kGreaterOrEqual, kGreater, kLess, kLessOrEqual };
// How an alarm period's datapoint is made of the metric's values in it (kds-sim publishes one
// value per report interval, so a 5-minute Average of a 1-minute metric is the mean of 5 values).
enum class AlarmStatistic { kSum, kAverage, kMaximum, kMinimum, kSampleCount };

// The scenario's names (SPEC §4), for the loader and the writers.
const char* alarm_state_name(AlarmState state);  // "OK", "ALARM", "INSUFFICIENT_DATA"
const char* comparison_symbol(AlarmComparison comparison);  // ">=", ">", "<", "<="
const char* statistic_name(AlarmStatistic statistic);      // "Sum", "Average", ...

// How many of the N most recent datapoints must breach, and how missing ones count.
struct AlarmRule {
  int evaluation_periods = 1;   // N. Default: 1
  int datapoints_to_alarm = 1;  // M <= N. Default: 1
  // The datapoints CloudWatch retrieves at each evaluation (the "evaluation range"); the guide's
  // example retrieves 5 for N = 3, and says only that it is "a higher number" than N. kds-sim's
  // choice: N + 2, a parameter of the alarm.
  int evaluation_range = 3;
  TreatMissingData treat_missing_data = TreatMissingData::kMissing;
};

// One datapoint of the evaluation range: nullopt if missing, else whether it breaches.
using AlarmPoint = std::optional<bool>;

// The state after one evaluation of `range` (oldest first, `rule.evaluation_range` points):
// - with N or more datapoints present, the N most recent of them decide (missing data is not
//   used): M or more breaching is ALARM, else OK;
// - with none present: INSUFFICIENT_DATA (missing), `current` (ignore), ALARM (breaching),
//   OK (notBreaching);
// - with fewer than N present, all of them count, and the missing ones fill the rest of the N:
//   as breaching or not for breaching and notBreaching. With missing and ignore, M breaching is
//   ALARM and any non-breaching datapoint makes it OK; otherwise (all present ones breach, fewer
//   than M) ignore keeps `current`, and missing is INSUFFICIENT_DATA, or ALARM when the oldest
//   datapoint of the range is present (the guide's table 1, row 6: "the oldest evaluated data
//   point is breaching and there aren't any non-breaching data points").
AlarmState evaluate_range(const std::vector<AlarmPoint>& range, const AlarmRule& rule,
                          AlarmState current);

bool breaches(double value, AlarmComparison comparison, double threshold);

// Combines the values of one alarm period. Returns nullopt if there are none (a missing
// datapoint). SampleCount counts the values.
std::optional<double> alarm_statistic(const std::vector<double>& values, AlarmStatistic statistic);

// An alarm of the scenario (SPEC §4 `alarms[]`) on a metric of metrics.csv.
struct AlarmSpec {
  std::string name;
  std::string metric;     // a CloudWatch name, e.g. "GetRecords.IteratorAgeMilliseconds"
  std::string dimension;  // "stream", "consumer:<name>" or a shard id
  AlarmStatistic statistic = AlarmStatistic::kMaximum;
  double period_s = 60;  // a multiple of the report interval
  AlarmRule rule;
  double threshold = 0;
  AlarmComparison comparison = AlarmComparison::kGreaterOrEqual;
};

// A state change: at the end of the period whose datapoint caused it.
struct AlarmTransition {
  double at_s = 0;
  AlarmState state = AlarmState::kInsufficientData;
};

// An alarm's history over a run, as summary.json reports it.
struct AlarmResult {
  std::string name;
  std::string metric;     // CloudWatch metric name, as in metrics.csv
  std::string dimension;  // as in metrics.csv: "stream", "consumer:<name>", a shard id; or a
                          // policy's own expression ("usage factor")
  std::string statistic;
  std::string comparison;
  double threshold = 0;  // the last one, for policies whose threshold follows the shard count
  double period_s = 60;
  std::vector<AlarmTransition> transitions;  // every change from INSUFFICIENT_DATA at 0 s

  // The state in force at t_s (a transition at t_s included).
  AlarmState state_at(double t_s) const;
  std::optional<double> first_alarm_s() const;
  double seconds_in_alarm(double end_s) const;
  // Appends a transition if `state` differs from the state in force.
  void record(double at_s, AlarmState state);
};

}  // namespace kds::models

#endif  // KDS_MODELS_CLOUDWATCH_ALARM_HPP_
