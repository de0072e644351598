// The scenario's `autoscaler` (SPEC §4 "alarms and autoscalers"): a reactive policy that resizes a
// provisioned stream through UpdateShardCount. Each policy keeps the keys and the defaults of the
// original it reproduces (reference/planning.md §1-2); durations are in seconds.
#ifndef KDS_MODELS_AUTOSCALER_SPEC_HPP_
#define KDS_MODELS_AUTOSCALER_SPEC_HPP_

#include "models/scaling_utils_resize.hpp"

namespace kds::models {

enum class AutoscalerPolicy { kStep, kScalingUtils, kAlarmDoubleHalve };

const char* autoscaler_policy_name(AutoscalerPolicy policy);  // "step", "scaling_utils", ...

// aws-samples/aws-application-auto-scaling-kinesis (planning.md §2.3): Application Auto Scaling
// step scaling on two alarms over IncomingRecords (Sum), whose thresholds the sample's Lambda
// rewrites after each resize to a percentage of the record capacity (shards x 1,000 records/s x
// period).
struct StepScalingSpec {
  double out_threshold_pct = 80;  // Default: 80 (index.py: "fire at 80% of incoming records")
  double out_period_s = 60;       // Default: 60 s, 1 evaluation period
  int out_evaluation_periods = 1;
  // Default: 16 %: the 80 % threshold over a 300 s period, the sample's scale-in alarm (derived).
  double in_threshold_pct = 16;
  double in_period_s = 300;
  int in_evaluation_periods = 3;
  int step_shards = 1;        // ChangeInCapacity +1 / -1. Default: 1
  double step_pct = 0;        // > 0: PercentChangeInCapacity instead of step_shards
  double cooldown_s = 600;    // Default: 600 s, counted from the end of the scaling activity
  int min_shards = 1;         // ScalableTarget MinCapacity. Default: 1
  int max_shards = 8;         // MaxCapacity. Default: 8
};

// awslabs/amazon-kinesis-scaling-utils' autoscaling monitor (planning.md §1.1-1.3).
struct ScalingUtilsSpec {
  struct Direction {
    double threshold_pct;  // scaleThresholdPct
    double after_mins;     // scaleAfterMins: samples needed in the look-back window
    ScalingStep step;      // scaleCount or scalePct
    double cool_off_mins;  // coolOffMins
  };
  bool put = true;  // scaleOnOperation: PUT and GET by default
  bool get = true;
  double check_interval_s = 45;             // checkInterval. Default: 45 s
  double refresh_shards_after_mins = 10;    // refreshShardsNumberAfterMin. Default: 10
  int min_shards = 1;
  int max_shards = 16;
  Direction up{75, 5, {std::nullopt, 150.0}, 15};    // README example values
  Direction down{25, 15, {std::nullopt, 25.0}, 60};
};

// aws-samples/kinesis-auto-scaling (planning.md §2.4): two CloudWatch alarms on the usage factor
// max(IncomingBytes / (1 MiB x period x s1), IncomingRecords / (1,000 x period x s1)), s1 the
// shard count the Lambda last set; doubles on the up alarm, halves on the down alarm.
struct AlarmDoubleHalveSpec {
  double period_s = 300;  // Default: 5 min (kinesis_scaling_cf.yaml)
  double up_threshold = 0.75;
  int up_datapoints = 5;
  int up_evaluation_periods = 5;
  double down_threshold = 0.25;
  int down_datapoints = 57;
  int down_evaluation_periods = 60;
  // IteratorAge at or above this many minutes blocks scale-down; -1 (the template's default)
  // disables the guard.
  double iterator_age_guard_mins = -1;
  int min_shards = 1;
  int max_shards = 10000;
};

struct AutoscalerSpec {
  AutoscalerPolicy policy = AutoscalerPolicy::kStep;
  StepScalingSpec step;
  ScalingUtilsSpec scaling_utils;
  AlarmDoubleHalveSpec alarm_double_halve;
};

}  // namespace kds::models

#endif  // KDS_MODELS_AUTOSCALER_SPEC_HPP_
