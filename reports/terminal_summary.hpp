// The short table printed on stdout after a run: the stream's throttling, each consumer's
// IteratorAge and losses, the SLO verdict and the two costs.
#ifndef KDS_REPORTS_TERMINAL_SUMMARY_HPP_
#define KDS_REPORTS_TERMINAL_SUMMARY_HPP_

#include <string>

#include "models/run_assessment.hpp"
#include "models/scenario.hpp"

namespace kds::reports {

std::string terminal_summary(const models::Scenario& scenario, const models::RunAssessment& assessment,
                             const std::string& output_dir);

}  // namespace kds::reports

#endif  // KDS_REPORTS_TERMINAL_SUMMARY_HPP_
