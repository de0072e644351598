// Why call rates: the simulator's read limit admits calls, and a call takes what it returns even
// past the 2 MiB bucket (README "read limit"), so over many calls each reader gets bytes in
// proportion to the calls it gets admitted. Readers that keep up ask for little and are served in
// full. Only oversubscribed shards are visited one by one; the others cost two array sums.
#include "models/fluid_shared_read_limit.hpp"

#include <algorithm>

#include "models/limits.hpp"

namespace kds::models {

namespace {
// A reader with no calls still gets a (tiny) weight, so that it is never starved by a division.
constexpr double kMinWeight = 1e-9;
}  // namespace

void share_read_limit(const std::vector<FluidSharedReader>& readers, double dt_s) {
  if (readers.empty()) return;
  const Eigen::Index n = readers.front().want->size();
  const double budget_bytes = kShardReadBytesPerS * dt_s;
  const double budget_calls = kGetRecordsCallsPerSecondPerShard * dt_s;
  Eigen::ArrayXd calls = Eigen::ArrayXd::Zero(n), bytes = Eigen::ArrayXd::Zero(n);
  for (const FluidSharedReader& r : readers) calls += *r.call_rate * *r.run_s;
  if ((calls > budget_calls).any()) {
    const Eigen::ArrayXd factor =
        (calls > budget_calls).select(budget_calls / calls.max(1e-12), 1.0);
    for (const FluidSharedReader& r : readers) *r.want = r.want->min(*r.step_cap * factor);
  }
  for (const FluidSharedReader& r : readers) bytes += *r.want * *r.bytes_per_record;
  if (!(bytes > budget_bytes).any()) return;
  std::vector<const FluidSharedReader*> open;
  for (Eigen::Index s = 0; s < n; ++s) {
    if (bytes[s] <= budget_bytes) continue;
    double left = budget_bytes;
    open.clear();
    for (const FluidSharedReader& r : readers) {
      if ((*r.want)[s] > 0) open.push_back(&r);
    }
    while (!open.empty()) {
      double weights = 0;
      for (const FluidSharedReader* r : open) weights += std::max((*r->call_rate)[s], kMinWeight);
      bool satisfied = false;  // some reader needed less than its share: share again
      for (size_t i = 0; i < open.size();) {
        const FluidSharedReader* r = open[i];
        const double share = left * std::max((*r->call_rate)[s], kMinWeight) / weights;
        const double bpr = (*r->bytes_per_record)[s];
        if ((*r->want)[s] * bpr <= share) {
          left -= (*r->want)[s] * bpr;
          open.erase(open.begin() + static_cast<long>(i));
          satisfied = true;
        } else {
          ++i;
        }
      }
      if (satisfied) continue;
      for (const FluidSharedReader* r : open) {
        (*r->want)[s] =
            left * std::max((*r->call_rate)[s], kMinWeight) / weights / (*r->bytes_per_record)[s];
      }
      break;
    }
  }
}

}  // namespace kds::models
