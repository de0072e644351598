// plan.json (SPEC §4 "plan"): the ranked options with cost, SLO verdicts, headroom, the largest
// traffic multiple each serves, the binding constraint and the evidence; the published formulas'
// answers; the mode crossover; what was searched. Every number finite; costs as in summary.json.
#ifndef KDS_PLAN_PLAN_JSON_HPP_
#define KDS_PLAN_PLAN_JSON_HPP_

#include <string>

#include "plan/planner.hpp"

namespace kds::plan {

std::string plan_json(const models::Scenario& workload, const PlanResult& result,
                      const std::string& version);

}  // namespace kds::plan

#endif  // KDS_PLAN_PLAN_JSON_HPP_
