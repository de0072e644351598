// An enhanced fan-out application's subscriptions, as one actor.
#ifndef KDS_SIM_EFO_SUBSCRIBER_ACTOR_HPP_
#define KDS_SIM_EFO_SUBSCRIBER_ACTOR_HPP_

#include "models/enhanced_fan_out_app.hpp"

namespace kds::sim {

// Steps the app at every slice boundary from its start until end_s.
void run_efo_subscriber(models::EnhancedFanOutApp& app, double slice_s, double end_s);

}  // namespace kds::sim

#endif  // KDS_SIM_EFO_SUBSCRIBER_ACTOR_HPP_
