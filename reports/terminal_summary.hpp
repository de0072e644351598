// The short table printed on stdout after a run: the stream's write throttling, each consumer's
// IteratorAge (max and p99), read throttling and losses, the two costs, the SLO verdict and the
// path of report.html.
#ifndef KDS_REPORTS_TERMINAL_SUMMARY_HPP_
#define KDS_REPORTS_TERMINAL_SUMMARY_HPP_

#include <string>

#include "models/run_assessment.hpp"
#include "models/scenario.hpp"
#include "reports/expectations.hpp"

namespace kds::reports {

// `output_dir` is the run folder as the user named it; the report's path is printed under it.
std::string terminal_summary(const models::Scenario& scenario,
                             const models::RunAssessment& assessment,
                             const std::string& output_dir,
                             const ExpectationResults* expectations = nullptr);

}  // namespace kds::reports

#endif  // KDS_REPORTS_TERMINAL_SUMMARY_HPP_
