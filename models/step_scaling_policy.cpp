// Application Auto Scaling invokes a step policy each time its alarm is evaluated in ALARM ("the
// alarm continues to invoke the action for every period that the alarm remains in the new state",
// CloudWatch user guide). The policy ignores an invocation while its scaling activity is in
// progress (the custom resource reports the new capacity only once the stream is ACTIVE again) and
// for `cooldown` after it completed ("the amount of time ... to wait for a previous scaling
// activity to take effect"), counted per direction. A refused request fails the activity: the
// next invocation tries again, and the refusal is reported. New capacity = open shards +
// adjustment, within min_shards..max_shards.
#include "models/step_scaling_policy.hpp"

#include <algorithm>
#include <cmath>

#include "models/limits.hpp"

namespace kds::models {

namespace {
AlarmResult step_alarm(const char* name, const char* comparison, double period_s) {
  AlarmResult header;
  header.name = name;
  header.metric = "IncomingRecords";
  header.dimension = "stream";
  header.statistic = "Sum";
  header.comparison = comparison;
  header.period_s = period_s;
  return header;
}

AlarmRule all_of(int n) {
  AlarmRule rule;
  rule.evaluation_periods = rule.datapoints_to_alarm = n;
  rule.evaluation_range = n + 2;
  return rule;
}
}  // namespace

int percent_change_in_capacity(int capacity, double pct) {
  const double change = capacity * pct / 100;
  if (change >= 1 || change <= -1) return static_cast<int>(std::trunc(change));
  if (change > 0) return 1;
  if (change < 0) return -1;
  return 0;
}

StepScalingPolicy::StepScalingPolicy(const Scenario& scenario)
    : spec_(scenario.autoscaler->step),
      interval_s_(scenario.report.interval_s),
      delay_s_(scenario.service.alarm_action_delay_s),
      out_(step_alarm("step:scale-out", ">", spec_.out_period_s),
           all_of(spec_.out_evaluation_periods), spec_.out_period_s, interval_s_),
      in_(step_alarm("step:scale-in", "<", spec_.in_period_s), all_of(spec_.in_evaluation_periods),
          spec_.in_period_s, interval_s_),
      desired_(scenario.shards) {}

double StepScalingPolicy::next_check_after(double t_s) const {
  // Every report period's end, once CloudWatch has its datapoint.
  const double k = std::floor((t_s - delay_s_) / interval_s_ + 1e-9) + 1;
  return std::max(k, 1.0) * interval_s_ + delay_s_;
}

double StepScalingPolicy::threshold(double pct, double period_s) const {
  return pct / 100 * desired_ * kShardWriteRecordsPerS * period_s;
}

int StepScalingPolicy::adjustment(int capacity) const {
  return spec_.step_pct > 0 ? percent_change_in_capacity(capacity, spec_.step_pct)
                            : spec_.step_shards;
}

std::optional<ScalingDecision> StepScalingPolicy::check(const AutoscalerView& view) {
  const auto& incoming = view.run.stream.periods.incoming_records;
  const auto records = [&](const PolicyAlarm& alarm) {
    return [&](int64_t j) {
      return alarm_datapoint([&](size_t p) { return std::optional<double>(incoming[p]); }, j,
                             alarm.report_periods_per_period(), view.run.periods,
                             AlarmStatistic::kSum);
    };
  };
  // The last request: once accepted its target is the desired capacity the alarms are rewritten
  // for, and its completion starts the cooldown of its direction.
  if (const ScalingAction* last = view.last_request;
      last && last->at_s != settled_at_s_ && last->accepted()) {
    desired_ = last->to;
    if (last->completed_s <= view.now_s) {
      (last->to > last->from ? last_out_done_s_ : last_in_done_s_) = last->completed_s;
      settled_at_s_ = last->at_s;
    }
  }
  const double out_threshold = threshold(spec_.out_threshold_pct, spec_.out_period_s);
  const double in_threshold = threshold(spec_.in_threshold_pct, spec_.in_period_s);
  out_.track().result().threshold = out_threshold;
  in_.track().result().threshold = in_threshold;
  const bool out_invoked =
      out_.advance(view.readable_periods, records(out_),
                   [&](double v) { return v > out_threshold; }) > 0 &&
      out_.track().state() == AlarmState::kAlarm;
  const bool in_invoked =
      in_.advance(view.readable_periods, records(in_), [&](double v) { return v < in_threshold; }) >
          0 &&
      in_.track().state() == AlarmState::kAlarm;

  if (view.activity_in_progress() || !view.provisioned) return std::nullopt;
  if (out_invoked && view.now_s >= last_out_done_s_ + spec_.cooldown_s) {
    const int target = std::min(spec_.max_shards, view.open_shards + adjustment(view.open_shards));
    if (target > view.open_shards) {
      return ScalingDecision{target, "step:scale-out in ALARM"};
    }
  }
  if (in_invoked && !out_invoked && view.now_s >= last_in_done_s_ + spec_.cooldown_s) {
    const int target = std::max(spec_.min_shards, view.open_shards - adjustment(view.open_shards));
    if (target < view.open_shards) {
      return ScalingDecision{target, "step:scale-in in ALARM"};
    }
  }
  return std::nullopt;
}

std::vector<AlarmResult> StepScalingPolicy::alarms() const {
  return {out_.track().result(), in_.track().result()};
}

}  // namespace kds::models
