// How much memory a run of a scenario can take at its peak, estimated before it starts, so that a
// run that cannot fit is refused with the field that drives it instead of growing until the machine
// swaps or the kernel kills it (issue 10: a 365-day, 10,000-shard scenario with a 1 s report
// interval passed 10 GiB within 30 s).
//
// The estimate is an upper bound of the parts that grow with the scenario: per-period series
// (every shard keeps a throttling series for the report's heatmap), metrics.csv's text, the shard
// logs (a slow consumer keeps up to the retention period of records as per-slice entries), the
// producers' retry queues under throttling, shards, consumers' per-shard state and actors. The
// per-item costs were measured on the release build (see the .cpp).
#ifndef KDS_MODELS_MEMORY_ESTIMATE_HPP_
#define KDS_MODELS_MEMORY_ESTIMATE_HPP_

#include <string>
#include <vector>

#include "models/scenario.hpp"

namespace kds::models {

struct MemoryItem {
  std::string what;     // e.g. "per-shard period series (10000 shards x 525600 periods)"
  std::string pointer;  // the scenario field that drives it, e.g. "/report/interval"
  double bytes = 0;
};

struct MemoryEstimate {
  double total_bytes = 0;
  std::vector<MemoryItem> items;  // largest first
};

MemoryEstimate estimate_peak_memory(const Scenario& scenario);

// The most shards a run can ever have (open and closed: closed shards keep their results),
// bounded by the stream limit for provisioned resharding and by the on-demand write maximum.
int max_shards_ever(const Scenario& scenario);

// "1.5 GiB", "812 MiB": binary units, three significant digits.
std::string format_bytes(double bytes);

}  // namespace kds::models

#endif  // KDS_MODELS_MEMORY_ESTIMATE_HPP_
