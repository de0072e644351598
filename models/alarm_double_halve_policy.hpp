// The `alarm_double_halve` autoscaler: aws-samples/kinesis-auto-scaling (planning.md §2.4,
// golang/scale.go). Two CloudWatch alarms on metric math over 5-minute periods: the usage factor
// e6 = max(IncomingBytes / (1 MiB x period x s1), IncomingRecords / (1,000 x period x s1)), s1 the
// shard count the Lambda last set. The scale-up alarm (e6 >= up_threshold, 5 of 5) doubles the
// stream, the scale-down alarm (e6 < down_threshold, 57 of 60) halves it; on scale-down the math
// also takes e5 = IteratorAge minutes x (down_threshold / s2), so an IteratorAge of s2 minutes
// (iterator_age_guard_mins) or more keeps the alarm OK. Missing data is filled with 0.
#ifndef KDS_MODELS_ALARM_DOUBLE_HALVE_POLICY_HPP_
#define KDS_MODELS_ALARM_DOUBLE_HALVE_POLICY_HPP_

#include "models/alarm_history.hpp"
#include "models/autoscaler.hpp"

namespace kds::models {

class AlarmDoubleHalvePolicy : public Autoscaler {
 public:
  explicit AlarmDoubleHalvePolicy(const Scenario& scenario);
  std::string name() const override { return "autoscaler:alarm_double_halve"; }
  double next_check_after(double t_s) const override;
  std::optional<ScalingDecision> check(const AutoscalerView& view) override;
  void finish(const AutoscalerView& view) override { settle(view); }
  std::vector<AlarmResult> alarms() const override;

 private:
  struct Usage {
    double bytes = 0, records = 0, iterator_age_ms = 0;  // sums, and the maximum age
  };
  Usage usage(const AutoscalerView& view, int64_t j) const;
  double usage_factor(const Usage& u) const;
  // The Lambda's reply to the outcome of its last request (see the .cpp).
  void settle(const AutoscalerView& view);

  AlarmDoubleHalveSpec spec_;
  double interval_s_, delay_s_;
  PolicyAlarm up_, down_;
  int s1_;                 // the shard count in the alarms' metric math
  double down_threshold_;  // -1 once the stream is at 1 shard (scale.go)
  // The request made at the last check, before its outcome is known.
  struct Pending {
    double at_s;
    int previous_s1;
    double previous_down_threshold;
    bool up;
  };
  std::optional<Pending> pending_;
};

}  // namespace kds::models

#endif  // KDS_MODELS_ALARM_DOUBLE_HALVE_POLICY_HPP_
