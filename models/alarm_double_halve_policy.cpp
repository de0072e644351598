// The alarms notify the scaling Lambda through SNS when they enter ALARM (a state change, not every
// period). The Lambda reads OpenShardCount, asks UpdateShardCount for twice or half of it (half
// rounded down, at least 1; kds-sim also keeps to min_shards/max_shards), rewrites both alarms
// with s1 = the new count and sets both to INSUFFICIENT_DATA, so that they judge their past
// datapoints anew and may fire again. Its error handler sets the alarm to OK after a failed
// request, except on ResourceInUseException, which leaves it in ALARM. kds-sim applies the
// Lambda's reply when the policy decides (the control plane takes the request in the same
// instant) and undoes it at the next check if the request was refused.
#include "models/alarm_double_halve_policy.hpp"

#include <algorithm>
#include <cmath>

#include "models/cloudwatch_metric.hpp"
#include "models/limits.hpp"
#include "models/units.hpp"

namespace kds::models {

namespace {
AlarmResult usage_alarm(const char* name, const char* comparison, double threshold,
                        double period_s) {
  AlarmResult header;
  header.name = name;
  header.metric = "usage factor";  // metric math over IncomingBytes and IncomingRecords
  header.dimension = "stream";
  header.statistic = "metric math";
  header.comparison = comparison;
  header.threshold = threshold;
  header.period_s = period_s;
  return header;
}

AlarmRule m_of_n(int m, int n) {
  AlarmRule rule;
  rule.evaluation_periods = n;
  rule.datapoints_to_alarm = m;
  rule.evaluation_range = n + 2;
  rule.treat_missing_data = TreatMissingData::kIgnore;  // PutMetricAlarm's TreatMissingData
  return rule;
}

// Removes the transition recorded at at_s, if it is the last one.
void undo_transition(AlarmTrack& track, double at_s) {
  auto& transitions = track.result().transitions;
  if (!transitions.empty() && transitions.back().at_s == at_s) transitions.pop_back();
}
}  // namespace

AlarmDoubleHalvePolicy::AlarmDoubleHalvePolicy(const Scenario& scenario)
    : spec_(scenario.autoscaler->alarm_double_halve),
      interval_s_(scenario.report.interval_s),
      delay_s_(scenario.service.alarm_action_delay_s),
      up_(usage_alarm("alarm_double_halve:scale-up", ">=", spec_.up_threshold, spec_.period_s),
          m_of_n(spec_.up_datapoints, spec_.up_evaluation_periods), spec_.period_s, interval_s_),
      down_(usage_alarm("alarm_double_halve:scale-down", "<", spec_.down_threshold,
                        spec_.period_s),
            m_of_n(spec_.down_datapoints, spec_.down_evaluation_periods), spec_.period_s,
            interval_s_),
      s1_(scenario.shards),
      down_threshold_(scenario.shards <= std::max(1, spec_.min_shards) ? -1.0
                                                                        : spec_.down_threshold) {}

double AlarmDoubleHalvePolicy::next_check_after(double t_s) const {
  const double k = std::floor((t_s - delay_s_) / spec_.period_s + 1e-9) + 1;
  return std::max(k, 1.0) * spec_.period_s + delay_s_;
}

AlarmDoubleHalvePolicy::Usage AlarmDoubleHalvePolicy::usage(const AutoscalerView& view,
                                                            int64_t j) const {
  Usage u;
  const size_t per = up_.report_periods_per_period();
  const size_t first = static_cast<size_t>(j) * per;
  for (size_t p = first; p < std::min(first + per, view.run.periods); ++p) {
    u.bytes += view.run.stream.periods.incoming_bytes[p];
    u.records += view.run.stream.periods.incoming_records[p];
    u.iterator_age_ms = std::max(u.iterator_age_ms, stream_iterator_age_ms(view.run, p).value_or(0));
  }
  return u;
}

double AlarmDoubleHalvePolicy::usage_factor(const Usage& u) const {
  const double e3 = u.bytes / (kBytesPerMiB * spec_.period_s * s1_);
  const double e4 = u.records / (kShardWriteRecordsPerS * spec_.period_s * s1_);
  return std::max(e3, e4);
}

void AlarmDoubleHalvePolicy::settle(const AutoscalerView& view) {
  if (!pending_ || view.last_request == nullptr ||
      view.last_request->outcome == ScalingAction::Outcome::kPending)
    return;
  if (view.last_request->outcome == ScalingAction::Outcome::kRefused) {
    undo_transition(up_.track(), pending_->at_s);
    undo_transition(down_.track(), pending_->at_s);
    s1_ = pending_->previous_s1;
    down_threshold_ = pending_->previous_down_threshold;
    if (view.last_request->reason.rfind("ResourceInUseException", 0) != 0)
      (pending_->up ? up_ : down_).track().set_state(pending_->at_s, AlarmState::kOk);
  }
  pending_.reset();
}

std::optional<ScalingDecision> AlarmDoubleHalvePolicy::check(const AutoscalerView& view) {
  settle(view);
  const AlarmState up_before = up_.track().state(), down_before = down_.track().state();
  up_.track().result().threshold = spec_.up_threshold;
  down_.track().result().threshold = down_threshold_;
  up_.advance(
      view.readable_periods,
      [&](int64_t j) { return std::optional<double>(usage_factor(usage(view, j))); },
      [&](double e6) { return e6 >= spec_.up_threshold; });
  down_.advance(
      view.readable_periods,
      [&](int64_t j) {
        const Usage u = usage(view, j);
        const double e5 = (u.iterator_age_ms / 1000 / 60) *
                          (down_threshold_ / spec_.iterator_age_guard_mins);
        return std::optional<double>(std::max(usage_factor(u), e5));
      },
      [&](double e6) { return e6 < down_threshold_; });

  const bool up = up_before != AlarmState::kAlarm && up_.track().state() == AlarmState::kAlarm;
  const bool down =
      down_before != AlarmState::kAlarm && down_.track().state() == AlarmState::kAlarm;
  if ((!up && !down) || !view.provisioned) return std::nullopt;
  int target = up ? std::min(spec_.max_shards, view.open_shards * 2)
                  : std::max({spec_.min_shards, view.open_shards / 2, 1});
  if (target == view.open_shards) return std::nullopt;
  pending_ = Pending{view.now_s, s1_, down_threshold_, up};
  s1_ = target;
  // scale.go at 1 shard: "so that scale down alarm remains in OK state"; likewise at min_shards.
  down_threshold_ = target <= std::max(1, spec_.min_shards) ? -1.0 : spec_.down_threshold;
  up_.track().set_state(view.now_s, AlarmState::kInsufficientData);
  down_.track().set_state(view.now_s, AlarmState::kInsufficientData);
  return ScalingDecision{target, up ? "alarm_double_halve:scale-up entered ALARM"
                                    : "alarm_double_halve:scale-down entered ALARM"};
}

std::vector<AlarmResult> AlarmDoubleHalvePolicy::alarms() const {
  return {up_.track().result(), down_.track().result()};
}

}  // namespace kds::models
