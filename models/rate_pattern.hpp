// A producer group's offered rate over time (SPEC §2 `rate`): constant, steps, ramp, diurnal, or a
// replayed CloudWatch trace. The simulator asks for the expected number of records in a time slice,
// the integral of the rate, so a slice of any length gets the right mean.
#ifndef KDS_MODELS_RATE_PATTERN_HPP_
#define KDS_MODELS_RATE_PATTERN_HPP_

#include "models/scenario.hpp"

namespace kds::models {

class RatePattern {
 public:
  explicit RatePattern(RateSpec spec);

  // Records/s at time t_s.
  double rate_at(double t_s) const;
  // Expected records in [from_s, to_s): the integral of the rate. REQUIRES: 0 <= from_s <= to_s.
  double records_between(double from_s, double to_s) const;

 private:
  // Integral from 0 to t_s.
  double cumulative(double t_s) const;
  RateSpec spec_;
  std::vector<double> trace_prefix_;  // records before each trace period starts
};

// The highest rate the spec ever asks for (records/s).
double peak_rate_per_s(const RateSpec& rate);
// Multiplies every rate of the spec by `factor` (a producer's rate_scale; the planner's headroom).
void scale_rate(RateSpec& rate, double factor);

}  // namespace kds::models

#endif  // KDS_MODELS_RATE_PATTERN_HPP_
