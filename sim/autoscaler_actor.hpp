// The autoscaler as an actor: it wakes at its policy's check times, shows the policy the metrics
// CloudWatch would have by then, and passes its requests to the control plane.
#ifndef KDS_SIM_AUTOSCALER_ACTOR_HPP_
#define KDS_SIM_AUTOSCALER_ACTOR_HPP_

#include "models/autoscaler.hpp"
#include "models/control_plane.hpp"
#include "models/stream.hpp"

namespace kds::sim {

// Checks are moved to the next slice boundary (at most one per slice): the write path takes
// control-plane requests between slices. The last checks are those whose request the write path
// can still take before the run ends at end_s.
void run_autoscaler(models::Autoscaler& policy, models::ControlPlane& control_plane,
                    const models::Stream& stream, const models::RunResult& result,
                    double delay_s, double end_s);

}  // namespace kds::sim

#endif  // KDS_SIM_AUTOSCALER_ACTOR_HPP_
