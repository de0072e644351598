// report.html (SPEC §3): the run as charts, one self-contained file that opens offline. It shows
// the scenario at a glance, the SLO verdict, IteratorAge per consumer against the SLO, incoming
// bytes and records against the write capacity, write and read throttling, a shard x time heatmap
// of write throttling, the open shard count, Lambda concurrency when there is any, and the cost of
// both capacity modes with its breakdown and monthly projection; given the fluid model's estimate
// of the same scenario, it shows it beside the simulated headline figures.
#ifndef KDS_REPORTS_HTML_REPORT_HPP_
#define KDS_REPORTS_HTML_REPORT_HPP_

#include <string>

#include "models/run_assessment.hpp"
#include "models/scenario.hpp"
#include "reports/estimate_section.hpp"
#include "reports/expectations.hpp"

namespace kds::reports {

// The page as text. Deterministic: the same run gives the same bytes (no timestamps).
std::string html_report(const models::Scenario& scenario, const models::RunAssessment& assessment,
                        const std::string& version, const EstimateBeside* beside = nullptr,
                        const ExpectationResults* expectations = nullptr);

}  // namespace kds::reports

#endif  // KDS_REPORTS_HTML_REPORT_HPP_
