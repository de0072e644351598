#include "models/autoscaler.hpp"

#include <algorithm>
#include <cmath>

#include "models/alarm_double_halve_policy.hpp"
#include "models/scaling_utils_policy.hpp"
#include "models/step_scaling_policy.hpp"

namespace kds::models {

const char* autoscaler_policy_name(AutoscalerPolicy policy) {
  switch (policy) {
    case AutoscalerPolicy::kScalingUtils:
      return "scaling_utils";
    case AutoscalerPolicy::kAlarmDoubleHalve:
      return "alarm_double_halve";
    case AutoscalerPolicy::kStep:
      break;
  }
  return "step";
}

bool AutoscalerView::activity_in_progress() const {
  if (last_request == nullptr) return false;
  switch (last_request->outcome) {
    case ScalingAction::Outcome::kPending:
      return true;
    case ScalingAction::Outcome::kAccepted:
      return last_request->completed_s > now_s;
    case ScalingAction::Outcome::kApplied:
    case ScalingAction::Outcome::kRefused:
      break;
  }
  return false;
}

std::unique_ptr<Autoscaler> make_autoscaler(const Scenario& scenario) {
  switch (scenario.autoscaler->policy) {
    case AutoscalerPolicy::kScalingUtils:
      return std::make_unique<ScalingUtilsPolicy>(scenario);
    case AutoscalerPolicy::kAlarmDoubleHalve:
      return std::make_unique<AlarmDoubleHalvePolicy>(scenario);
    case AutoscalerPolicy::kStep:
      break;
  }
  return std::make_unique<StepScalingPolicy>(scenario);
}

size_t readable_periods(double now_s, double delay_s, double interval_s, size_t periods) {
  const double ended = std::floor((now_s - delay_s) / interval_s + 1e-9);
  if (ended <= 0) return 0;
  return std::min(periods, static_cast<size_t>(ended));
}

}  // namespace kds::models
