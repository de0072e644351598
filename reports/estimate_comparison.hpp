// The fluid estimate beside a simulated run (SPEC §4 "estimate": `--against RUN_DIR` and
// report.html): the headline figures of both, their errors, and whether they agree within the
// tolerances issue 11 states for the cross-check.
#ifndef KDS_REPORTS_ESTIMATE_COMPARISON_HPP_
#define KDS_REPORTS_ESTIMATE_COMPARISON_HPP_

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "models/fluid_model.hpp"

namespace kds::reports {

// The tolerances within which a figure counts as agreeing (issue 11's acceptance; the fluid model
// follows expected values, the simulation draws them, so neither is exact).
inline constexpr double kThrottleRatioTolerance = 0.02;  // absolute
inline constexpr double kIncomingRecordsTolerance = 0.02;
inline constexpr double kIteratorAgeTolerance = 0.15;  // judged only where a consumer falls behind
inline constexpr double kLostRecordsTolerance = 0.15;
// Lost records within this share of the stream's incoming records agree whatever their ratio:
// a few expected records against none drawn is noise, not a disagreement.
inline constexpr double kLostRecordsFloor = 0.001;
inline constexpr double kCostTolerance = 0.01;

enum class Agreement { kAgrees, kDiffers, kNotJudged };
const char* agreement_name(Agreement a);  // "agrees", "differs", "not judged"

// One headline figure, estimated and simulated. `path` is the JSON pointer of the figure, the same
// in estimate.json and summary.json (consumers by the estimate's index, matched by name).
struct EstimateComparison {
  std::string path;
  std::string label;  // for people: "write throttle ratio", "app: max IteratorAge (ms)", ...
  double estimated = 0;
  double simulated = 0;
  // |estimated - simulated| / |simulated|; when the simulation gives 0: 0 if the estimate does
  // too, else 1. For a yes/no figure (caught_up): 0 when they agree, else 1.
  double relative_error = 0;
  double absolute_error = 0;
  bool yes_no = false;  // estimated and simulated are 1 (true) or 0 (false)
  Agreement agreement = Agreement::kNotJudged;
};

struct RunComparison {
  std::string run_dir;
  std::string scenario;  // the run's scenario name
  std::vector<EstimateComparison> rows;
  size_t differing() const;  // rows that differ beyond their tolerance
};

// Compares the headline figures of a run's summary.json (parsed): the write throttle ratio and
// incoming records, each consumer's max and final IteratorAge, lost records and whether it keeps
// up (a run's consumer keeps up when its final IteratorAge is below the estimate's
// caught_up_threshold_ms), and the provisioned, on-demand and billed monthly costs. A figure
// missing from `summary` gives nothing, and `error` names it.
std::optional<RunComparison> compare_with_summary(const nlohmann::json& summary,
                                                  const models::FluidEstimate& estimate,
                                                  std::string& error);

// The same from RUN_DIR/summary.json; an unreadable or malformed file gives nothing, and `error`
// names the file (and the key).
std::optional<RunComparison> compare_with_run(const std::string& run_dir,
                                              const models::FluidEstimate& estimate,
                                              std::string& error);

}  // namespace kds::reports

#endif  // KDS_REPORTS_ESTIMATE_COMPARISON_HPP_
