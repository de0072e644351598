// A finished run with what it means: the bill in both capacity modes and the SLO verdict.
// The report writers read this; nothing in it refers to the engine.
#ifndef KDS_MODELS_RUN_ASSESSMENT_HPP_
#define KDS_MODELS_RUN_ASSESSMENT_HPP_

#include "models/pricing.hpp"
#include "models/run_result.hpp"
#include "models/scenario.hpp"
#include "models/slo.hpp"

namespace kds::models {

struct RunAssessment {
  RunResult run;
  BillableUsage usage;
  ProvisionedCost provisioned;
  OnDemandCost on_demand;
  SloVerdict slo;
};

RunAssessment assess(const Scenario& scenario, RunResult run);

}  // namespace kds::models

#endif  // KDS_MODELS_RUN_ASSESSMENT_HPP_
