// A consumer application stepped once per time slice, as one actor: enhanced fan-out apps and
// Lambda event source mappings move flows per step, so their shards need no actors of their own.
#ifndef KDS_SIM_STEPPED_CONSUMER_ACTOR_HPP_
#define KDS_SIM_STEPPED_CONSUMER_ACTOR_HPP_

#include <functional>

namespace kds::sim {

// Calls step(t) at start_s and at every slice boundary after it, and at end_s.
void run_stepped_consumer(const std::function<void(double)>& step, double start_s, double slice_s,
                          double end_s);

}  // namespace kds::sim

#endif  // KDS_SIM_STEPPED_CONSUMER_ACTOR_HPP_
