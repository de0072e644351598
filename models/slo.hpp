// Service level objectives (SPEC §2 `slo`) checked against a run.
#ifndef KDS_MODELS_SLO_HPP_
#define KDS_MODELS_SLO_HPP_

#include <string>
#include <vector>

#include "models/run_result.hpp"
#include "models/scenario.hpp"

namespace kds::models {

struct SloViolation {
  std::string what;      // the SLO key, e.g. "max_iterator_age"
  std::string consumer;  // for per-consumer objectives; empty for stream-wide ones
  double limit;
  double value;
};

struct SloVerdict {
  bool met = true;
  std::vector<SloViolation> violations;
};

// max_iterator_age, max_propagation_delay and p99_propagation_delay (seconds; the delay's maximum
// and its p99 over the run) and max_lost_records apply to each consumer; max_write_throttle_ratio
// to the stream (throttled put attempts / all put attempts).
SloVerdict evaluate_slo(const SloSpec& slo, const RunResult& run);

double write_throttle_ratio(const StreamResult& stream);

}  // namespace kds::models

#endif  // KDS_MODELS_SLO_HPP_
