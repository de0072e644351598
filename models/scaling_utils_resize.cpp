#include "models/scaling_utils_resize.hpp"

#include <algorithm>
#include <cmath>

namespace kds::models {

int scaling_utils_new_shard_count(int current, ScalingDirection direction, const ScalingStep& step,
                                  int min_shards, int max_shards) {
  const double cur = current;
  if (direction == ScalingDirection::kUp) {
    double target = 0;
    if (step.count) {
      target = cur + *step.count;
    } else if (*step.pct < 100) {
      target = std::ceil(cur * (1 + *step.pct / 100));
    } else {
      target = std::ceil(cur * *step.pct / 100);
    }
    return static_cast<int>(std::min<double>(target, max_shards));
  }
  double target = 0;
  if (step.count) {
    target = cur - *step.count;
  } else if (*step.pct > 100) {
    target = std::floor(cur / (*step.pct / 100));
  } else {
    target = cur - std::floor(cur * *step.pct / 100);
  }
  return static_cast<int>(std::max<double>({target, static_cast<double>(min_shards), 1.0}));
}

}  // namespace kds::models
