// The shared-throughput read limit in the fluid model (models/fluid_consumers.hpp): 5 GetRecords
// calls/s (T5) and 2 MiB/s (fact sheet §2) per shard, shared by every polling app and every Lambda
// mapping that reads without enhanced fan-out.
#ifndef KDS_MODELS_FLUID_SHARED_READ_LIMIT_HPP_
#define KDS_MODELS_FLUID_SHARED_READ_LIMIT_HPP_

#include <vector>

#include <Eigen/Core>

namespace kds::models {

// One reader's view of a step, per shard. The limit only lowers `want`.
struct FluidSharedReader {
  Eigen::ArrayXd* want;             // records it would read in the step (in: wanted; out: granted)
  const Eigen::ArrayXd* step_cap;   // what its own calls could read in the step
  const Eigen::ArrayXd* call_rate;  // GetRecords calls/s it makes
  const Eigen::ArrayXd* run_s;      // seconds it reads in the step
  const Eigen::ArrayXd* bytes_per_record;  // data bytes of the records it reads next
};

// Shares each shard's calls and bytes over a step of dt_s: readers asking more than 5 calls/s
// together each get their share of the calls (and so of their per-call reads); readers asking more
// than 2 MiB/s share the bytes in proportion to their call rates, a reader needing less than its
// share leaving the rest to the others (water-filling).
// REQUIRES: every array has one entry per shard.
void share_read_limit(const std::vector<FluidSharedReader>& readers, double dt_s);

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_SHARED_READ_LIMIT_HPP_
