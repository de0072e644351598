// awslabs amazon-kinesis-scaling-utils' resize arithmetic, StreamScalingUtils.getNewShardCount
// (planning.md §1.3), reproduced as its code computes it (issue 15 groundwork): the shard count the
// `scaling_utils` autoscaler asks UpdateShardCount for. Where the project's README and code
// disagree (75 shards scaled up by 150 %: the README says 188, the code 113), the code wins, as its
// unit tests do.
#ifndef KDS_MODELS_SCALING_UTILS_RESIZE_HPP_
#define KDS_MODELS_SCALING_UTILS_RESIZE_HPP_

#include <optional>

namespace kds::models {

enum class ScalingDirection { kUp, kDown };

// A scaling step: a fixed number of shards (scaleCount) or a percentage (scalePct).
struct ScalingStep {
  std::optional<int> count;
  std::optional<double> pct;
};

// The new shard count from `current` open shards:
//   up:   count: current + count;  pct < 100: ceil(current x (1 + pct/100));
//         pct >= 100: ceil(current x pct/100); then at most max_shards.
//   down: count: current - count;  pct > 100: floor(current / (pct/100));
//         pct <= 100: current - floor(current x pct/100); then at least min_shards, and at least 1.
// REQUIRES: step has a count or a pct.
int scaling_utils_new_shard_count(int current, ScalingDirection direction, const ScalingStep& step,
                                  int min_shards, int max_shards);

}  // namespace kds::models

#endif  // KDS_MODELS_SCALING_UTILS_RESIZE_HPP_
