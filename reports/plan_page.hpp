// plan.html (SPEC §4 "plan"): plan.json for people, one self-contained page like report.html. In
// order: the recommendation and what binds it (or, when nothing meets the SLOs, the closest
// options), the planner's notes, the ranked options, their monthly cost breakdown, the published
// shard formulas beside the plan's answer, the IteratorAge of the recommendation and of its
// one-shard-fewer neighbour, the mode crossover and the prices' provenance.
#ifndef KDS_REPORTS_PLAN_PAGE_HPP_
#define KDS_REPORTS_PLAN_PAGE_HPP_

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/run_folder.hpp"

namespace kds::reports {

struct PlanPageInput {
  nlohmann::json plan;                       // plan.json as written by the planner
  std::optional<RunFolder> recommended_run;  // runs/<recommended id>/ read back, when simulated
  std::optional<RunFolder> neighbour_run;  // runs/<its one-shard-fewer neighbour>/, when simulated
  std::string neighbour_id;                // that neighbour's option id, "" when none
};

// The page. Any key missing from `plan` leaves its part out or shows "–"; it never throws.
std::string plan_page(const PlanPageInput& input);

}  // namespace kds::reports

#endif  // KDS_REPORTS_PLAN_PAGE_HPP_
