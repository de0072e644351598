// estimate.json (SPEC §4 "estimate"): the fluid model's figures under summary.json's names where
// they mean the same, plus caught_up, backlog_growth_records_per_s, bottlenecks[], notes[] and
// wall_ms; with --against, comparison[] against a simulated run's summary.json. And the short
// table `kds-sim estimate` prints.
#ifndef KDS_REPORTS_ESTIMATE_JSON_HPP_
#define KDS_REPORTS_ESTIMATE_JSON_HPP_

#include <optional>
#include <string>
#include <vector>

#include "models/fluid_model.hpp"
#include "models/scenario.hpp"

namespace kds::reports {

// One headline figure, estimated and simulated. `path` is the JSON pointer of the figure, the same
// in estimate.json and summary.json (consumers by the estimate's index, matched by name).
struct EstimateComparison {
  std::string path;
  double estimated = 0;
  double simulated = 0;
  // |estimated - simulated| / |simulated|; when the simulation gives 0: 0 if the estimate does
  // too, else 1. For a yes/no figure (caught_up): 0 when they agree, else 1.
  double relative_error = 0;
  double absolute_error = 0;
  bool yes_no = false;  // estimated and simulated are 1 (true) or 0 (false)
};

struct RunComparison {
  std::string run_dir;
  std::string scenario;  // the run's scenario name
  std::vector<EstimateComparison> rows;
};

// Reads RUN_DIR/summary.json and compares the headline figures: the write throttle ratio and
// incoming records, each consumer's max and final IteratorAge, lost records and whether it keeps
// up (a run's consumer keeps up when its final IteratorAge is below the estimate's
// caught_up_threshold_ms), and the provisioned, on-demand and billed monthly costs. On an
// unreadable or malformed file, returns nothing and sets `error` (naming the file and the key).
std::optional<RunComparison> compare_with_run(const std::string& run_dir,
                                              const models::FluidEstimate& estimate,
                                              std::string& error);

// estimate.json as pretty-printed JSON (keys in a fixed order, numbers finite).
std::string estimate_json(const models::Scenario& scenario, const models::FluidEstimate& estimate,
                          const std::string& version, double wall_ms,
                          const RunComparison* comparison);

// The terminal table: writes and throttling, per consumer whether it keeps up, its max
// IteratorAge and lost records, both monthly costs, the top bottlenecks and, with a comparison,
// the relative errors; the last line names the file written.
std::string estimate_table(const models::Scenario& scenario, const models::FluidEstimate& estimate,
                           const RunComparison* comparison, const std::string& output_path,
                           double wall_ms);

}  // namespace kds::reports

#endif  // KDS_REPORTS_ESTIMATE_JSON_HPP_
