// A finished run with what it means: the bill in both capacity modes and the SLO verdict.
// The report writers read this; nothing in it refers to the engine.
#ifndef KDS_MODELS_RUN_ASSESSMENT_HPP_
#define KDS_MODELS_RUN_ASSESSMENT_HPP_

#include "models/pricing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/slo.hpp"

namespace kds::models {

// What the run's mode timeline bills: each period's usage at the rates of the mode it ran in
// (switch_mode events), split by the time spent in each mode within the period.
struct BilledCost {
  double provisioned_hours = 0;
  double on_demand_hours = 0;
  double total_usd = 0;
  double monthly_usd = 0;
};

struct RunAssessment {
  RunResult run;
  BillableUsage usage;
  // The whole run's traffic priced in each mode (what-if: SPEC §3 `cost` shows both).
  ProvisionedCost provisioned;
  OnDemandCost on_demand;
  BilledCost billed;
  SloVerdict slo;
};

RunAssessment assess(const Scenario& scenario, RunResult run);

}  // namespace kds::models

#endif  // KDS_MODELS_RUN_ASSESSMENT_HPP_
