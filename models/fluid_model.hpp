// The analytic (fluid, rate-based) model of a scenario: what `kds-sim estimate` evaluates in
// milliseconds instead of simulating (SPEC §4 "estimate", issue 11).
//
// It follows the scenario with rates instead of records, over time steps of `step_s` (at most a
// minute, see fluid_step_s) and Eigen arrays over shards: the offered load per shard from the rate
// patterns and the MD5 routing of the keys, what the write limits admit (retries as a flow), the
// shard map as resharding, on-demand scaling and mode switches change it, and per consumer the
// rate each shard can serve and the backlog that builds up. From these: the write throttle ratio,
// each consumer's IteratorAge, lost records and whether it keeps up, both costs, and the peak
// utilization of every resource. Where it cannot follow the simulator it says so in `notes`.
// Counts are expected values (doubles); names follow summary.json where they mean the same.
#ifndef KDS_MODELS_FLUID_MODEL_HPP_
#define KDS_MODELS_FLUID_MODEL_HPP_

#include <string>
#include <vector>

#include "models/fluid_bottleneck.hpp"
#include "models/fluid_consumers.hpp"
#include "models/pricing.hpp"
#include "models/run_assessment.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::models {

struct FluidStreamEstimate {
  StreamMode mode_final = StreamMode::kProvisioned;
  int shards_initial = 0;
  int shards_final = 0;
  double shard_hours = 0;
  double incoming_records = 0;
  double incoming_bytes = 0;
  double put_attempts = 0;
  double write_throttled_records = 0;
  double producer_dropped_records = 0;
  double oversize_rejected_records = 0;
  std::vector<RefusedEvent> refused_events;  // as the control plane refuses them (T12, T13)
  // Throttled put attempts over all put attempts (summary.json stream.write_throttle_ratio).
  double write_throttle_ratio() const {
    return put_attempts > 0 ? write_throttled_records / put_attempts : 0.0;
  }
};

struct FluidEstimate {
  double step_s = 0;  // the base step; event times add boundaries
  size_t steps = 0;
  FluidStreamEstimate stream;
  std::vector<FluidConsumerEstimate> consumers;  // in scenario order
  BillableUsage usage;
  ProvisionedCost provisioned;  // the whole run in each mode (SPEC §3 `cost`)
  OnDemandCost on_demand;
  OnDemandAdvantageCost on_demand_advantage;
  BilledCost billed;  // each step at the rates of the mode it ran in (switch_mode)
  // Every resource used, highest peak utilization first; `where` resolved to a shard id,
  // "consumer:<name>" or "stream".
  std::vector<FluidBottleneck> bottlenecks;
  std::vector<std::string> notes;  // where the fluid model cannot follow the simulator
};

// The base time step: the report interval, at most a minute and at most a 60th of the run, at
// least the write slice, and long enough that a run has at most kMaxFluidSteps steps; for a stream
// that is or becomes on demand, then a divisor of the on-demand peak window (so that no step
// covers more than one; event times can still make a step straddle two, which is shared).
constexpr double kMaxFluidStepS = 60.0;
constexpr double kMinFluidSteps = 60.0;
constexpr double kMaxFluidSteps = 200000.0;
double fluid_step_s(const Scenario& scenario);

// Evaluates the fluid model of `scenario` (a validated scenario, as the loader returns it).
FluidEstimate estimate_fluid(const Scenario& scenario);

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_MODEL_HPP_
