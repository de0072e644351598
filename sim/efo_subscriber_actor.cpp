// One actor for all of an app's shard subscriptions: pushes are flows stepped per slice, so a
// subscription needs no actor of its own (DEVELOPERS.md: no actor per short-lived thing).
#include "sim/efo_subscriber_actor.hpp"

#include <cmath>

#include "sim/s4u_adapter.hpp"

namespace kds::sim {

void run_efo_subscriber(models::EnhancedFanOutApp& app, double slice_s, double end_s) {
  const double start_s = app.spec().start_at_s;
  sleep_until(start_s);
  app.step(start_s);
  for (auto k = static_cast<int64_t>(std::floor(start_s / slice_s)) + 1;; ++k) {
    const double t = std::min(static_cast<double>(k) * slice_s, end_s);
    sleep_until(t);
    app.step(t);
    if (t >= end_s) return;
  }
}

}  // namespace kds::sim
