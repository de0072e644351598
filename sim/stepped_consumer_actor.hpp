// A consumer application stepped once per time slice, as one actor: enhanced fan-out apps and
// Lambda event source mappings move flows per step, so their shards need no actors of their own.
#ifndef KDS_SIM_STEPPED_CONSUMER_ACTOR_HPP_
#define KDS_SIM_STEPPED_CONSUMER_ACTOR_HPP_

#include <cstdint>
#include <functional>

namespace kds::sim {

// When a stepped consumer steps: at start_s, at every slice boundary after it, and at end_s.
class StepSchedule {
 public:
  StepSchedule(double start_s, double slice_s, double end_s);
  bool done() const { return done_; }
  // The time of the next step. REQUIRES: !done().
  double next_s() const;
  void advance();

 private:
  double start_s_, slice_s_, end_s_;
  bool started_ = false;
  bool done_ = false;
  int64_t k_ = 0;  // after the start: the next step is at min(k * slice, end)
};

// Calls step(t) at the times of a StepSchedule.
void run_stepped_consumer(const std::function<void(double)>& step, double start_s, double slice_s,
                          double end_s);

}  // namespace kds::sim

#endif  // KDS_SIM_STEPPED_CONSUMER_ACTOR_HPP_
