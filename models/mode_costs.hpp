// The bill of a run (simulated or estimated) in every capacity mode, and as its own mode timeline
// bills it. run_assessment.cpp and fluid_model.cpp price their usage through this one function.
#ifndef KDS_MODELS_MODE_COSTS_HPP_
#define KDS_MODELS_MODE_COSTS_HPP_

#include "models/pricing.hpp"
#include "models/scenario.hpp"

namespace kds::models {

// What the run's mode timeline bills: each period's usage at the rates of the mode it ran in
// (switch_mode events), split by the time spent in each mode within the period. On-demand time is
// billed at Advantage rates when the scenario's account has the Advantage commitment.
struct BilledCost {
  double provisioned_hours = 0;
  double on_demand_hours = 0;
  double total_usd = 0;
  double monthly_usd = 0;
};

struct ModeCosts {
  // The whole run's traffic priced in each mode (what-if: SPEC §3 `cost` shows them all).
  ProvisionedCost provisioned;
  OnDemandCost on_demand;
  OnDemandAdvantageCost on_demand_advantage;
  BilledCost billed;
};

// `whole` is the run's usage; `in_provisioned` and `in_on_demand` split it by the mode timeline.
ModeCosts price_modes(const Scenario& scenario, const BillableUsage& whole,
                      const BillableUsage& in_provisioned, const BillableUsage& in_on_demand);

}  // namespace kds::models

#endif  // KDS_MODELS_MODE_COSTS_HPP_
