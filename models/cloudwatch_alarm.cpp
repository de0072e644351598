// The evaluation follows the user guide's three cases ("If no data points in the evaluation range
// are missing ... If some are missing, but the number of existing data points retrieved is equal
// to or more than the alarm's Evaluation Periods ... lower than ...: CloudWatch fills in the
// missing data points with the result you specified ... any real data points in the evaluation
// range, no matter when they were reported, are included"). The guide words `missing` and `ignore`
// only through its two tables; the rules in the header reproduce every row of both (the test
// checks them all), and the one row they alone explain is cited there.
#include "models/cloudwatch_alarm.hpp"

#include <algorithm>
#include <cstddef>

namespace kds::models {

const char* alarm_state_name(AlarmState state) {
  switch (state) {
    case AlarmState::kOk:
      return "OK";
    case AlarmState::kAlarm:
      return "ALARM";
    case AlarmState::kInsufficientData:
      break;
  }
  return "INSUFFICIENT_DATA";
}

const char* comparison_symbol(AlarmComparison comparison) {
  switch (comparison) {
    case AlarmComparison::kGreater:
      return ">";
    case AlarmComparison::kLess:
      return "<";
    case AlarmComparison::kLessOrEqual:
      return "<=";
    case AlarmComparison::kGreaterOrEqual:
      break;
  }
  return ">=";
}

const char* statistic_name(AlarmStatistic statistic) {
  switch (statistic) {
    case AlarmStatistic::kSum:
      return "Sum";
    case AlarmStatistic::kAverage:
      return "Average";
    case AlarmStatistic::kMinimum:
      return "Minimum";
    case AlarmStatistic::kSampleCount:
      return "SampleCount";
    case AlarmStatistic::kMaximum:
      break;
  }
  return "Maximum";
}

bool breaches(double value, AlarmComparison comparison, double threshold) {
  switch (comparison) {
    case AlarmComparison::kGreater:
      return value > threshold;
    case AlarmComparison::kLess:
      return value < threshold;
    case AlarmComparison::kLessOrEqual:
      return value <= threshold;
    case AlarmComparison::kGreaterOrEqual:
      break;
  }
  return value >= threshold;
}

AlarmState evaluate_range(const std::vector<AlarmPoint>& range, const AlarmRule& rule,
                          AlarmState current) {
  const int n = rule.evaluation_periods, m = rule.datapoints_to_alarm;
  std::vector<bool> present;
  for (const AlarmPoint& point : range) {
    if (point) present.push_back(*point);
  }
  const auto count_breaching = [](auto first, auto last) {
    return static_cast<int>(std::count(first, last, true));
  };
  const int k = static_cast<int>(present.size());
  if (k >= n) {
    return count_breaching(present.end() - n, present.end()) >= m ? AlarmState::kAlarm
                                                                  : AlarmState::kOk;
  }
  const int breaching = count_breaching(present.begin(), present.end());
  const int fill = n - k;  // datapoints the treatment stands in for
  switch (rule.treat_missing_data) {
    case TreatMissingData::kBreaching:
      return breaching + fill >= m ? AlarmState::kAlarm : AlarmState::kOk;
    case TreatMissingData::kNotBreaching:
      return breaching >= m ? AlarmState::kAlarm : AlarmState::kOk;
    case TreatMissingData::kMissing:
    case TreatMissingData::kIgnore:
      break;
  }
  const bool ignore = rule.treat_missing_data == TreatMissingData::kIgnore;
  if (k == 0) return ignore ? current : AlarmState::kInsufficientData;
  if (breaching >= m) return AlarmState::kAlarm;
  if (breaching < k) return AlarmState::kOk;  // a non-breaching datapoint is present
  if (ignore) return current;
  return !range.empty() && range.front() ? AlarmState::kAlarm : AlarmState::kInsufficientData;
}

std::optional<double> alarm_statistic(const std::vector<double>& values, AlarmStatistic statistic) {
  if (values.empty()) return std::nullopt;
  double sum = 0;
  for (double v : values) sum += v;
  switch (statistic) {
    case AlarmStatistic::kSum:
      return sum;
    case AlarmStatistic::kAverage:
      return sum / static_cast<double>(values.size());
    case AlarmStatistic::kMaximum:
      return *std::max_element(values.begin(), values.end());
    case AlarmStatistic::kMinimum:
      return *std::min_element(values.begin(), values.end());
    case AlarmStatistic::kSampleCount:
      break;
  }
  return static_cast<double>(values.size());
}

AlarmState AlarmResult::state_at(double t_s) const {
  AlarmState state = AlarmState::kInsufficientData;
  for (const AlarmTransition& t : transitions) {
    if (t.at_s > t_s) break;
    state = t.state;
  }
  return state;
}

std::optional<double> AlarmResult::first_alarm_s() const {
  for (const AlarmTransition& t : transitions) {
    if (t.state == AlarmState::kAlarm) return t.at_s;
  }
  return std::nullopt;
}

double AlarmResult::seconds_in_alarm(double end_s) const {
  double total = 0;
  for (size_t i = 0; i < transitions.size(); ++i) {
    if (transitions[i].state != AlarmState::kAlarm) continue;
    const double until = i + 1 < transitions.size() ? transitions[i + 1].at_s : end_s;
    total += std::max(0.0, std::min(until, end_s) - transitions[i].at_s);
  }
  return total;
}

void AlarmResult::record(double at_s, AlarmState state) {
  const AlarmState in_force = transitions.empty() ? AlarmState::kInsufficientData
                                                  : transitions.back().state;
  if (state != in_force) transitions.push_back({at_s, state});
}

}  // namespace kds::models
