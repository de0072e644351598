// A reactive autoscaler (SPEC §4 `autoscaler`): a policy that looks at the stream's CloudWatch
// metrics at its own times and asks the control plane for a new shard count. The simulation runs
// it as an actor (sim/autoscaler_actor.hpp); the control plane applies AWS's rules to its
// requests (UpdateShardCount's duration, 2x / half, 10 per rolling 24 h, ResourceInUse, PROVISIONED
// only), and every request is reported in stream.scaling_actions with its outcome.
#ifndef KDS_MODELS_AUTOSCALER_HPP_
#define KDS_MODELS_AUTOSCALER_HPP_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/cloudwatch_alarm.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// What a policy sees when it checks.
struct AutoscalerView {
  const RunResult& run;  // the metrics of the report periods before readable_periods are final
  double now_s = 0;
  int open_shards = 0;          // DescribeStreamSummary's OpenShardCount now
  size_t readable_periods = 0;  // report periods that ended at least alarm_action_delay ago
  // The policy's own last request and its outcome so far, or nullptr.
  const ScalingAction* last_request = nullptr;
  // UpdateShardCount works on PROVISIONED streams only: after a switch to on demand the policies
  // keep evaluating their alarms but request nothing.
  bool provisioned = true;

  // The policy's last request is still being handled: not yet taken, or accepted and not done.
  bool activity_in_progress() const;
};

struct ScalingDecision {
  int target = 0;
  std::string trigger;  // the alarm or vote that made it, for stream.scaling_actions[].trigger
};

class Autoscaler {
 public:
  virtual ~Autoscaler() = default;
  // The request's `by`: "autoscaler:<policy>".
  virtual std::string name() const = 0;
  // The policy's first check after t_s.
  virtual double next_check_after(double t_s) const = 0;
  // Looks at the metrics; returns the shard count to request, if any.
  virtual std::optional<ScalingDecision> check(const AutoscalerView& view) = 0;
  // After the run: takes in the outcome of the last request, which came after the last check.
  virtual void finish(const AutoscalerView& /*view*/) {}
  // The alarms the policy drives, with their histories so far.
  virtual std::vector<AlarmResult> alarms() const { return {}; }
};

// The scenario's policy. REQUIRES: scenario.autoscaler.
std::unique_ptr<Autoscaler> make_autoscaler(const Scenario& scenario);

// The report periods readable at now_s: those that ended at least `delay_s` before.
size_t readable_periods(double now_s, double delay_s, double interval_s, size_t periods);

}  // namespace kds::models

#endif  // KDS_MODELS_AUTOSCALER_HPP_
