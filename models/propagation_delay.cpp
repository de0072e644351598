#include "models/propagation_delay.hpp"

namespace kds::models {

void PropagationDelays::open(size_t period) {
  close();
  open_period_ = period;
  open_ = true;
}

void PropagationDelays::close() {
  if (!open_) return;
  if (period_.total_weight() > 0 && open_period_ < period_max_ms_.size()) {
    period_max_ms_[open_period_] = period_.max();
    period_p99_ms_[open_period_] = period_.quantile(0.99);
  }
  period_.clear();
  open_ = false;
}

}  // namespace kds::models
