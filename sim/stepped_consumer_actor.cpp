#include "sim/stepped_consumer_actor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/s4u_adapter.hpp"

namespace kds::sim {

void run_stepped_consumer(const std::function<void(double)>& step, double start_s, double slice_s,
                          double end_s) {
  sleep_until(start_s);
  step(start_s);
  for (auto k = static_cast<int64_t>(std::floor(start_s / slice_s)) + 1;; ++k) {
    const double t = std::min(static_cast<double>(k) * slice_s, end_s);
    sleep_until(t);
    step(t);
    if (t >= end_s) return;
  }
}

}  // namespace kds::sim
