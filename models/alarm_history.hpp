// Alarm histories over a run: an alarm evaluated at the end of each of its periods, from the
// report-period values of its metric (cloudwatch_metric.hpp) combined by its statistic. The
// scenario's alarms are evaluated on the finished run (evaluate_alarm); the autoscaler policies
// drive an AlarmTrack period by period while the run goes on, with thresholds that follow the
// shard count.
#ifndef KDS_MODELS_ALARM_HISTORY_HPP_
#define KDS_MODELS_ALARM_HISTORY_HPP_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

#include "models/cloudwatch_alarm.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// The value of a report period, or nullopt where it has no datapoint.
using ReportValue = std::function<std::optional<double>(size_t period)>;

// The datapoint of alarm period j, which holds report periods [j x per, (j+1) x per): the
// statistic over the values present, nullopt if none is (or j < 0).
std::optional<double> alarm_datapoint(const ReportValue& value, int64_t j, size_t per,
                                      size_t periods, AlarmStatistic statistic);

// One alarm, evaluated one period after another.
class AlarmTrack {
 public:
  AlarmTrack(AlarmResult header, const AlarmRule& rule);

  // Evaluates the alarm at the end (end_s) of alarm period j, on the evaluation range
  // j - range + 1 .. j; point(i) is datapoint i's verdict (periods before 0 are missing).
  // Records a transition at end_s if the state changes, and returns the state.
  AlarmState evaluate(int64_t j, double end_s, const std::function<AlarmPoint(int64_t)>& point);
  // SetAlarmState: what the alarm-driven policies do after acting.
  void set_state(double at_s, AlarmState state) { result_.record(at_s, state); }

  AlarmState state() const { return result_.state_at(1e300); }
  AlarmResult& result() { return result_; }
  const AlarmResult& result() const { return result_; }

 private:
  AlarmResult result_;
  AlarmRule rule_;
};

// An alarm a policy drives: evaluated at the end of each of its periods once that period is
// readable, every datapoint of the range judged by the policy's current rule (an alarm whose
// threshold or metric math the policy rewrote judges its past datapoints anew, as CloudWatch does).
class PolicyAlarm {
 public:
  PolicyAlarm(AlarmResult header, const AlarmRule& rule, double period_s, double interval_s);

  // Evaluates the alarm periods that ended within the first `readable` report periods and were
  // not evaluated yet; returns how many. datapoint(j) is alarm period j's value (nullopt:
  // missing), breaching(value) the policy's current verdict.
  int advance(size_t readable, const std::function<std::optional<double>(int64_t)>& datapoint,
              const std::function<bool(double)>& breaching);

  AlarmTrack& track() { return track_; }
  const AlarmTrack& track() const { return track_; }
  size_t report_periods_per_period() const { return per_; }

 private:
  AlarmTrack track_;
  double period_s_;
  size_t per_;
  int64_t next_ = 0;  // the next alarm period to evaluate
};

// The scenario alarm's history over the finished run: evaluated at the end of every complete
// alarm period. REQUIRES: CloudWatchMetric::problem(spec.metric, spec.dimension, scenario) is
// nullopt and spec.period_s is a multiple of run.interval_s.
AlarmResult evaluate_alarm(const AlarmSpec& spec, const Scenario& scenario, const RunResult& run);

}  // namespace kds::models

#endif  // KDS_MODELS_ALARM_HISTORY_HPP_
