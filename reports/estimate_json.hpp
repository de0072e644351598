// estimate.json (SPEC §4 "estimate"): the fluid model's figures under summary.json's names where
// they mean the same, plus caught_up, backlog_growth_records_per_s, bottlenecks[], notes[] and
// wall_ms; with --against, comparison[] against a simulated run's summary.json. And the short
// table `kds-sim estimate` prints.
#ifndef KDS_REPORTS_ESTIMATE_JSON_HPP_
#define KDS_REPORTS_ESTIMATE_JSON_HPP_

#include <string>

#include "models/fluid_model.hpp"
#include "models/scenario.hpp"
#include "reports/estimate_comparison.hpp"

namespace kds::reports {

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
