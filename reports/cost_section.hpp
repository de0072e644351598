// The cost part of report.html: provisioned against on-demand for the simulated traffic, as a
// stacked bar chart of the monthly projection and a table of every billed component.
#ifndef KDS_REPORTS_COST_SECTION_HPP_
#define KDS_REPORTS_COST_SECTION_HPP_

#include <string>

#include "models/run_assessment.hpp"
#include "models/scenario.hpp"

namespace kds::reports {

// A <section id="cost"> (HTML text).
std::string cost_section(const models::Scenario& scenario, const models::RunAssessment& assessment);

}  // namespace kds::reports

#endif  // KDS_REPORTS_COST_SECTION_HPP_
