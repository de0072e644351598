// A KCL worker process of a polling app, as an actor.
#ifndef KDS_SIM_POLLING_WORKER_ACTOR_HPP_
#define KDS_SIM_POLLING_WORKER_ACTOR_HPP_

#include "models/polling_app.hpp"

namespace kds::sim {

// Runs worker `worker` until end_s: its leases' GetRecords loops, its lease taker, and its stops
// and restarts. Each wake-up serves, in time order and each at its own time, every lease poll due
// within `lookahead_s` and before the next boundary of the stream's slices (of slice_s): a worker
// holding 100 leases then wakes a few times per poll interval instead of 100 times.
// REQUIRES: lookahead_s <= slice_s.
void run_polling_worker(models::PollingApp& app, int worker, double lookahead_s, double slice_s,
                        double end_s);

}  // namespace kds::sim

#endif  // KDS_SIM_POLLING_WORKER_ACTOR_HPP_
