// A finished run with what it means: the bill in both capacity modes and the SLO verdict.
// The report writers read this; nothing in it refers to the engine.
#ifndef KDS_MODELS_RUN_ASSESSMENT_HPP_
#define KDS_MODELS_RUN_ASSESSMENT_HPP_

#include "models/mode_costs.hpp"
#include "models/pipeline_cost.hpp"
#include "models/pricing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/slo.hpp"

namespace kds::models {

struct RunAssessment {
  RunResult run;
  BillableUsage usage;
  // The whole run's traffic priced in each mode (what-if: SPEC §3 `cost` shows both).
  ProvisionedCost provisioned;
  OnDemandCost on_demand;
  OnDemandAdvantageCost on_demand_advantage;
  BilledCost billed;
  PipelineCost pipeline;  // the stream as billed plus its consumers' services
  SloVerdict slo;
};

RunAssessment assess(const Scenario& scenario, RunResult run);

}  // namespace kds::models

#endif  // KDS_MODELS_RUN_ASSESSMENT_HPP_
