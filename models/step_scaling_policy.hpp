// The `step` autoscaler: aws-samples/aws-application-auto-scaling-kinesis (planning.md §2.3).
// Two CloudWatch alarms on the stream's IncomingRecords (Sum): scale-out when a period's records
// reach out_threshold_pct of the record capacity (shards x 1,000 records/s x period), scale-in when
// they stay under in_threshold_pct; Application Auto Scaling's step policies then add or remove
// step_shards (or step_pct) through the sample's custom resource, which calls UpdateShardCount.
#ifndef KDS_MODELS_STEP_SCALING_POLICY_HPP_
#define KDS_MODELS_STEP_SCALING_POLICY_HPP_

#include "models/alarm_history.hpp"
#include "models/autoscaler.hpp"

namespace kds::models {

// Application Auto Scaling's PercentChangeInCapacity rounding: a change over 1 is rounded down
// (12.7 -> 12), one between 0 and 1 becomes 1, and the same toward zero for decreases (-6.67 -> -6,
// -0.5 -> -1). (EC2/Application Auto Scaling user guides, "scaling adjustment types"; UNCERTAIN,
// not in the reference files.)
int percent_change_in_capacity(int capacity, double pct);

class StepScalingPolicy : public Autoscaler {
 public:
  explicit StepScalingPolicy(const Scenario& scenario);
  std::string name() const override { return "autoscaler:step"; }
  double next_check_after(double t_s) const override;
  std::optional<ScalingDecision> check(const AutoscalerView& view) override;
  std::vector<AlarmResult> alarms() const override;

 private:
  // The alarm's threshold for the shard count the custom resource last set (the sample's Lambda
  // rewrites both alarms after each resize).
  double threshold(double pct, double period_s) const;
  int adjustment(int capacity) const;

  StepScalingSpec spec_;
  double interval_s_, delay_s_;
  PolicyAlarm out_, in_;
  int desired_;  // DesiredCapacity: the last accepted target
  double last_out_done_s_ = -1e300, last_in_done_s_ = -1e300;
  double settled_at_s_ = -1;  // the request (by its time) whose completion is counted
};

}  // namespace kds::models

#endif  // KDS_MODELS_STEP_SCALING_POLICY_HPP_
