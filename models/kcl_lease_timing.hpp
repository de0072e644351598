// When a KCL worker is down, and when its leases expire and are taken (fact sheet §9, T24).
//
// A worker renews its leases every failover_time/3 - 25 ms and, every (failover_time + 25 ms) * 2,
// runs a lease taker that takes expired leases (KCL-SRC CommonCalculations,
// DynamoDBLeaseCoordinator; 3,308 ms and 20,050 ms with the 10 s default). A lease whose owner
// stopped expires failover_time after the owner's last renewal, and another worker takes it at its
// next taker run: 10-30 s after the stop with the defaults. Each worker's renewal and taker clocks
// start at a random phase. Down windows come from stop_consumer events (the whole app, or one
// worker), known before the run.
#ifndef KDS_MODELS_KCL_LEASE_TIMING_HPP_
#define KDS_MODELS_KCL_LEASE_TIMING_HPP_

#include <random>
#include <utility>
#include <vector>

#include "models/scenario.hpp"

namespace kds::models {

class KclLeaseTiming {
 public:
  KclLeaseTiming(const ConsumerSpec& spec, const std::vector<EventSpec>& events,
                 std::mt19937_64& rng);

  bool is_down(int worker, double t_s) const;
  // The end of the down window holding t_s. REQUIRES: is_down(worker, t_s).
  double up_at(int worker, double t_s) const;
  // The start of the first down window at or after t_s (a huge number if none).
  double next_down_at(int worker, double t_s) const;
  // When the down window of `worker` holding t_s began. REQUIRES: is_down(worker, t_s).
  double down_since(int worker, double t_s) const;
  // When the leases of `worker`, down at t_s, expire: failover_time after its last renewal.
  // REQUIRES: is_down(worker, t_s).
  double leases_expire_at(int worker, double t_s) const;
  // The first taker run of `worker` strictly after t_s.
  double next_taker_run_after(int worker, double t_s) const;

  double renewal_interval_s() const { return renewal_interval_s_; }
  double taker_interval_s() const { return taker_interval_s_; }

 private:
  double failover_s_;
  double start_at_s_;
  double renewal_interval_s_;
  double taker_interval_s_;
  std::vector<double> renewal_phase_s_, taker_phase_s_;  // per worker
  std::vector<std::vector<std::pair<double, double>>>
      down_;  // per worker: [from, until) windows, sorted
};

}  // namespace kds::models

#endif  // KDS_MODELS_KCL_LEASE_TIMING_HPP_
