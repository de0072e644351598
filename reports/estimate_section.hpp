// The "Estimate beside the simulation" part of report.html (SPEC §4 "estimate"): the fluid model's
// headline figures next to the simulated ones, each with its difference and whether the two agree
// within issue 11's tolerances, then the estimate's bottlenecks and the notes on what it cannot
// follow. A reader sees at once when the two models disagree.
#ifndef KDS_REPORTS_ESTIMATE_SECTION_HPP_
#define KDS_REPORTS_ESTIMATE_SECTION_HPP_

#include <string>

#include "models/fluid_model.hpp"
#include "reports/estimate_comparison.hpp"

namespace kds::reports {

// The estimate of a run's scenario and its comparison with that run's summary.json.
struct EstimateBeside {
  models::FluidEstimate estimate;
  RunComparison comparison;
};

// A <section id="estimate"> (HTML text).
std::string estimate_section(const EstimateBeside& beside);

}  // namespace kds::reports

#endif  // KDS_REPORTS_ESTIMATE_SECTION_HPP_
