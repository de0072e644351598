// `kds-sim plan` (SPEC §4 "plan"), above the simulator: search with the fluid model
// (plan/plan_search.hpp), then simulate the finalists (plan/finalist_runs.hpp) and let the runs
// correct the ranking. At most `max_simulations` full runs: the recommended option, its
// one-shard-fewer neighbour (provisioned), the recommendation at rates x headroom, and each other
// mode's best; when a run overturns the recommendation (a provisioned count fails), the next
// count up is estimated and simulated in the next round, while runs remain.
#ifndef KDS_PLAN_PLANNER_HPP_
#define KDS_PLAN_PLANNER_HPP_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/sizing_formulas.hpp"
#include "plan/candidate_estimate.hpp"
#include "plan/finalist_runs.hpp"
#include "plan/plan_search.hpp"

namespace kds::plan {

constexpr size_t kMaxSimulations = 8;

struct PlanResult {
  PlanSearch search;
  models::SizingInputs formula_inputs;
  models::FormulaShards dev_guide, faq;
  size_t estimated = 0, simulated = 0;
  size_t failed_runs = 0;  // simulations that did not finish (their options stay estimated)
  double wall_s = 0;
  int interrupted_by = 0;  // a signal stopped the runs
};

PlanResult make_plan(CandidateEstimator& estimator, const RunnerOptions& runner,
                     size_t max_simulations = kMaxSimulations);

// The scenario document of `candidate` as a finalist run or recommended.json needs it: the
// workload's seed written out, trace CSV paths made absolute (relative_to empty) or relative to
// the folder `relative_to`.
nlohmann::json runnable_document(const CandidateEstimator& estimator, const Candidate& candidate,
                                 const std::string& relative_to);

}  // namespace kds::plan

#endif  // KDS_PLAN_PLANNER_HPP_
