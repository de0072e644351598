// The scenario's SLOs (SPEC §2 `slo`) judged on a fluid estimate, as models/slo.hpp judges a run:
// what the planner prunes candidates with before it simulates the finalists (issue 13).
// The estimate follows rates, not records: it judges max_iterator_age, max_lost_records and
// max_write_throttle_ratio; it has no propagation delays, so those two SLOs are listed as not
// judged, and only a simulation can confirm them.
#ifndef KDS_MODELS_FLUID_SLO_HPP_
#define KDS_MODELS_FLUID_SLO_HPP_

#include <string>
#include <vector>

#include "models/fluid_model.hpp"
#include "models/slo.hpp"

namespace kds::models {

struct FluidSloVerdict {
  SloVerdict verdict;                    // the violations the estimate shows
  std::vector<std::string> not_judged;  // SLO keys the estimate cannot judge
};

FluidSloVerdict evaluate_slo(const SloSpec& slo, const FluidEstimate& estimate);

}  // namespace kds::models

#endif  // KDS_MODELS_FLUID_SLO_HPP_
