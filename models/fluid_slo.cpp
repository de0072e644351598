// Lost records are expectations: a fraction of a record is not a lost record, so they are rounded
// as estimate.json writes them.
#include "models/fluid_slo.hpp"

#include <cmath>

namespace kds::models {

FluidSloVerdict evaluate_slo(const SloSpec& slo, const FluidEstimate& e) {
  FluidSloVerdict out;
  SloVerdict& verdict = out.verdict;
  const auto check = [&](const std::string& what, const std::string& consumer, double limit,
                         double value) {
    if (value > limit) verdict.violations.push_back({what, consumer, limit, value});
  };
  for (const FluidConsumerEstimate& c : e.consumers) {
    if (slo.max_iterator_age_s)
      check("max_iterator_age", c.name, *slo.max_iterator_age_s, c.max_iterator_age_ms / 1000.0);
    if (slo.max_lost_records) {
      check("max_lost_records", c.name, static_cast<double>(*slo.max_lost_records),
            std::round(c.lost_records));
    }
  }
  if (slo.max_write_throttle_ratio) {
    check("max_write_throttle_ratio", "", *slo.max_write_throttle_ratio,
          e.stream.write_throttle_ratio());
  }
  if (slo.max_propagation_delay_s) out.not_judged.push_back("max_propagation_delay");
  if (slo.p99_propagation_delay_s) out.not_judged.push_back("p99_propagation_delay");
  verdict.met = verdict.violations.empty();
  return out;
}

}  // namespace kds::models
