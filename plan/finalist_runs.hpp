// The planner's evidence (SPEC §4 "plan"): full simulations of a few candidates, each a
// `kds-sim run` process (SimGrid allows one engine per process) through the sweep's process pool,
// in DIR/runs/<id>/ with the exact scenario it ran (scenario.json), its summary.json, metrics.csv,
// report.html and run.log. The outcome is read back from summary.json, as a user would.
#ifndef KDS_PLAN_FINALIST_RUNS_HPP_
#define KDS_PLAN_FINALIST_RUNS_HPP_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/plan_spec.hpp"
#include "sweep/process_pool.hpp"

namespace kds::plan {

struct FinalistRun {
  std::string id;             // the folder under runs/
  nlohmann::json document;    // the scenario to run, paths absolute
  models::PlanMode mode = models::PlanMode::kProvisioned;
};

struct FinalistOutcome {
  bool ran = false;       // the run ended well and its summary.json was read
  std::string status;     // "ok", "exit 1", ... and why summary.json could not be used
  bool slo_met = false;
  std::vector<std::string> violations;
  std::vector<std::string> failed_slos;  // the violated SLO keys
  double monthly_usd = 0;  // cost.billed.monthly_usd
  nlohmann::json cost;     // cost.<mode>
  double max_iterator_age_ms = 0;
};

using RunnerOptions = sweep::ScenarioRuns;

// Runs the finalists, `parallel` at a time; one outcome per finalist, in order.
std::vector<FinalistOutcome> run_finalists(const std::vector<FinalistRun>& runs,
                                           const RunnerOptions& options, int& interrupted_by);

// Reads the outcome of a finished run from its summary.json text.
FinalistOutcome read_outcome(const std::string& summary_text, models::PlanMode mode);

}  // namespace kds::plan

#endif  // KDS_PLAN_FINALIST_RUNS_HPP_
