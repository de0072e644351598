#include "sim/stepped_consumer_actor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "sim/s4u_adapter.hpp"

namespace kds::sim {

StepSchedule::StepSchedule(double start_s, double slice_s, double end_s)
    : start_s_(start_s), slice_s_(slice_s), end_s_(end_s) {}

double StepSchedule::next_s() const {
  return started_ ? std::min(static_cast<double>(k_) * slice_s_, end_s_) : start_s_;
}

void StepSchedule::advance() {
  if (!started_) {
    started_ = true;
    k_ = static_cast<int64_t>(std::floor(start_s_ / slice_s_)) + 1;
    return;
  }
  if (next_s() >= end_s_) done_ = true;
  ++k_;
}

void run_stepped_consumer(const std::function<void(double)>& step, double start_s, double slice_s,
                          double end_s) {
  for (StepSchedule schedule(start_s, slice_s, end_s); !schedule.done(); schedule.advance()) {
    sleep_until(schedule.next_s());
    step(schedule.next_s());
  }
}

}  // namespace kds::sim
