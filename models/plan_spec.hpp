// What the planner may change (SPEC §4 "plan"): the scenario's `plan` block, validated by
// tools/plan_loader.cpp. `run` ignores it; `plan` (plan/) searches within it.
#ifndef KDS_MODELS_PLAN_SPEC_HPP_
#define KDS_MODELS_PLAN_SPEC_HPP_

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kds::models {

// The capacity modes a plan chooses among; ON_DEMAND_ADVANTAGE is on demand in an account with
// the Advantage commitment (models/scenario.hpp).
enum class PlanMode { kProvisioned, kOnDemand, kOnDemandAdvantage };

inline const char* plan_mode_name(PlanMode mode) {
  switch (mode) {
    case PlanMode::kOnDemand:
      return "ON_DEMAND";
    case PlanMode::kOnDemandAdvantage:
      return "ON_DEMAND_ADVANTAGE";
    case PlanMode::kProvisioned:
      break;
  }
  return "PROVISIONED";
}

// An inclusive integer range [min, max].
struct IntRange {
  int min = 1;
  int max = 1;
};

// What the plan may change on one consumer; a consumer the plan does not name is kept as given.
struct ConsumerPlan {
  std::string name;
  // Read types to choose among: "polling" (shared GetRecords) or "efo"; for a Lambda consumer
  // they select its event source mapping's read (use_efo). Empty: keep the given one.
  std::vector<std::string> types;
  std::optional<IntRange> parallelization_factor;  // Lambda only
  std::optional<IntRange> batch_size;              // Lambda only
};

struct PlanSpec {
  std::vector<PlanMode> modes;  // in the block's order, no repeats
  IntRange shards{1, 10000};    // PROVISIONED candidates
  std::vector<ConsumerPlan> consumers;  // in the scenario's consumer order
  double headroom = 1.0;  // the recommendation must also meet the SLOs with rates x headroom
};

}  // namespace kds::models

#endif  // KDS_MODELS_PLAN_SPEC_HPP_
